package dev.unison.feedback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static dev.unison.feedback.FeedbackEvents.metric;
import static dev.unison.feedback.FeedbackEvents.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What inconsistency costs, on a known set of alerts and survey answers in May 2025 (no other test writes there).
 *
 * <pre>
 * alerts:  i1 conflicting-answers 10 May        i2 conflicting-answers 10 May, repeated-info-request 11 May
 *          i3 repeated-info-request 25 Mar      i5 ticket-maze 20 May (after i5's answer)
 *          (i1's alert is sent twice: stored once)
 * answers: i1 csat 2, nps 3 on 12 May; csat 5 on 25 May (15 days after its alert)
 *          i2 csat 1, nps 10 on 13 May
 *          i3 csat 5, nps 9 on 12 May
 *          i4 csat 4, nps 0, ces 2 on 12 May (never alerted)
 *          i5 csat 5 on 15 May
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class ImpactAnalyticsTest {
    private static final String RUN = Long.toString(System.nanoTime());
    private static final String I1 = "imp-1-" + RUN;
    private static final String I2 = "imp-2-" + RUN;
    private static final String I3 = "imp-3-" + RUN;
    private static final String I4 = "imp-4-" + RUN;
    private static final String I5 = "imp-5-" + RUN;

    private static OffsetDateTime may(int day) {
        return OffsetDateTime.parse("2025-05-%02dT09:00:00Z".formatted(day));
    }

    private static Alert alert(String rule, String customer, OffsetDateTime detectedAt) {
        return new Alert(Alert.deterministicId(rule, customer, detectedAt.toString()), rule, Alert.WARNING, customer,
                List.of("support", "sales"), rule + "|" + customer, "test alert of " + rule, List.of(), detectedAt,
                null);
    }

    private static void publish(Alert alert) {
        KafkaTestClient.send(new ProducerRecord<>(Topics.ALERTS, alert.customerId(), EventJson.bytes(alert)));
    }

    @Test
    void satisfactionAfterAnAlertOfEachRuleAgainstNoAlertWithinTheLookBack() {
        double duplicates = metric("unison_alerts_duplicate_total");
        double rejected = metric("unison_alerts_rejected_total");
        Alert a1 = alert("conflicting-answers", I1, may(10));
        List.of(a1, a1,
                alert("conflicting-answers", I2, may(10)),
                alert("repeated-info-request", I2, may(11)),
                alert("repeated-info-request", I3, OffsetDateTime.parse("2025-03-25T09:00:00Z")),
                alert("ticket-maze", I5, may(20))).forEach(ImpactAnalyticsTest::publish);
        // not an alert anyone can use: logged, counted, skipped
        KafkaTestClient.send(new ProducerRecord<>(Topics.ALERTS, I1,
                "{\"rule\":\"ticket-maze\"}".getBytes(StandardCharsets.UTF_8)));
        List<ObjectNode> answers = List.of(
                survey(I1, "support", "phone", "csat", 2, may(12)),
                survey(I1, "support", "phone", "nps", 3, may(12)),
                survey(I1, "support", "phone", "csat", 5, may(25)),
                survey(I2, "support", "phone", "csat", 1, may(13)),
                survey(I2, "support", "phone", "nps", 10, may(13)),
                survey(I3, "support", "phone", "csat", 5, may(12)),
                survey(I3, "support", "phone", "nps", 9, may(12)),
                survey(I4, "support", "phone", "csat", 4, may(12)),
                survey(I4, "support", "phone", "nps", 0, may(12)),
                survey(I4, "support", "phone", "ces", 2, may(12)),
                survey(I5, "support", "phone", "csat", 5, may(15)));
        FeedbackEvents.post(answers);

        Map<String, Object> week = Map.of("from", "2025-05-01", "to", "2025-06-01", "lookbackDays", 7);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath r = FeedbackEvents.getJson("/analytics/impact", week);
            assertThat(r.getList("rules.rule")).containsExactly("conflicting-answers", "repeated-info-request",
                    "ticket-maze");
            // the 11 answers: 4 after an alert (i1 12 May, i2 13 May), 7 after none
            assertThat(r.getLong("withoutAlert.scores.answers")).isEqualTo(7);
            assertThat(r.getLong("rules[0].withAlert.scores.answers")).isEqualTo(4);
        });
        JsonPath r = FeedbackEvents.getJson("/analytics/impact", week);
        assertThat(r.getInt("lookbackDays")).isEqualTo(7);
        // no alert in the 7 days before: i3 (its alert was in March), i4, i5 (its alert came after), i1's 25 May answer
        // csat 5,4,5,5 → 4 of 4 → 100.0; nps 9,0 → 50 % − 50 % = 0.0; ces 2 → 2.0; 4 customers
        assertThat(r.getDouble("withoutAlert.scores.csat.value")).isEqualTo(100.0);
        assertThat(r.getLong("withoutAlert.scores.csat.n")).isEqualTo(4);
        assertThat(r.getDouble("withoutAlert.scores.nps.value")).isEqualTo(0.0);
        assertThat(r.getLong("withoutAlert.scores.nps.n")).isEqualTo(2);
        assertThat(r.getDouble("withoutAlert.scores.ces.value")).isEqualTo(2.0);
        assertThat(r.getLong("withoutAlert.customers")).isEqualTo(4);
        // conflicting-answers: i1 csat 2, nps 3; i2 csat 1, nps 10 → csat 0 of 2 → 0.0; nps 50 % − 50 % → 0.0
        assertThat(r.getDouble("rules[0].withAlert.scores.csat.value")).isEqualTo(0.0);
        assertThat(r.getLong("rules[0].withAlert.scores.csat.n")).isEqualTo(2);
        assertThat(r.getDouble("rules[0].withAlert.scores.nps.value")).isEqualTo(0.0);
        assertThat(r.getLong("rules[0].withAlert.scores.nps.n")).isEqualTo(2);
        assertThat(r.getString("rules[0].withAlert.scores.ces.value")).isNull();
        assertThat(r.getLong("rules[0].withAlert.customers")).isEqualTo(2);
        // what it costs: 0.0 − 100.0 = −100 CSAT points, 0.0 − 0.0 NPS points, no CES to compare
        assertThat(r.getDouble("rules[0].difference.csat")).isEqualTo(-100.0);
        assertThat(r.getDouble("rules[0].difference.nps")).isEqualTo(0.0);
        assertThat(r.getString("rules[0].difference.ces")).isNull();
        // repeated-info-request: only i2 (i3's alert is 48 days before) → csat 1 → 0.0; nps 10 → 100.0
        assertThat(r.getDouble("rules[1].withAlert.scores.csat.value")).isEqualTo(0.0);
        assertThat(r.getLong("rules[1].withAlert.scores.csat.n")).isEqualTo(1);
        assertThat(r.getDouble("rules[1].withAlert.scores.nps.value")).isEqualTo(100.0);
        assertThat(r.getLong("rules[1].withAlert.customers")).isEqualTo(1);
        assertThat(r.getDouble("rules[1].difference.nps")).isEqualTo(100.0);
        // ticket-maze fired in the period, but after i5's answer: no answer follows it
        assertThat(r.getLong("rules[2].withAlert.scores.answers")).isZero();
        assertThat(r.getString("rules[2].withAlert.scores.csat.value")).isNull();
        assertThat(r.getLong("rules[2].withAlert.customers")).isZero();

        // a 30-day look-back reaches i1's alert of 10 May from its 25 May answer, not i3's alert of 25 March
        JsonPath month = FeedbackEvents.getJson("/analytics/impact",
                Map.of("from", "2025-05-01", "to", "2025-06-01", "lookbackDays", 30));
        // conflicting-answers: csat 2, 1, 5 → 1 of 3 → 33.33
        assertThat(month.getDouble("rules[0].withAlert.scores.csat.value")).isEqualTo(33.33);
        assertThat(month.getLong("rules[0].withAlert.scores.csat.n")).isEqualTo(3);
        // no alert: i3 csat 5, i4 csat 4, i5 csat 5 → 100.0 (n 3), 3 customers
        assertThat(month.getLong("withoutAlert.scores.csat.n")).isEqualTo(3);
        assertThat(month.getLong("withoutAlert.customers")).isEqualTo(3);
        assertThat(month.getDouble("rules[0].difference.csat")).isEqualTo(-66.67);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(metric("unison_alerts_duplicate_total")).isGreaterThanOrEqualTo(duplicates + 1);
            assertThat(metric("unison_alerts_rejected_total")).isGreaterThanOrEqualTo(rejected + 1);
        });
    }
}
