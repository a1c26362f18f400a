package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.ChangeHeaders;
import dev.unison.contracts.Erasure;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static dev.unison.notification.TestAlerts.alert;
import static dev.unison.notification.TestAlerts.send;
import static dev.unison.notification.TestAlerts.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/**
 * An erasure request on cx.erasures.v1 deletes the customer's alerts (nobody else's) and is audited; the changes of
 * rules and facts consistency-service announces on its compacted topics reach GET /audit with their author.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class ErasureAndChangeAuditTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static JsonNode audit(String query) throws Exception {
        return EventJson.MAPPER.readTree(given().auth().oauth2(TestTokens.withRoles("admin")).get("/audit" + query)
                .then().statusCode(200).extract().asString());
    }

    @Test
    void anErasedCustomersAlertsGoAndTheErasureIsAudited() throws Exception {
        String u = unique();
        String erased = "erased-" + u;
        String kept = "kept-" + u;
        Alert first = alert("conflicting-answers", Alert.WARNING, erased, List.of("sales-" + u), "fp1-" + u);
        Alert second = alert("duplicate-outreach", Alert.WARNING, erased, List.of("support-" + u), "fp2-" + u);
        Alert other = alert("conflicting-answers", Alert.WARNING, kept, List.of("sales-" + u), "fp3-" + u);
        for (Alert a : List.of(first, second, other)) {
            send(a);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            given().queryParam("customer", erased).get("/alerts").then().statusCode(200).body("items", hasSize(2));
            given().queryParam("customer", kept).get("/alerts").then().statusCode(200).body("items", hasSize(1));
        });

        KafkaTestClient.send(Erasure.request(erased, "dpo-" + u).toRecord());

        await().atMost(WAIT).untilAsserted(() ->
                given().queryParam("customer", erased).get("/alerts").then().statusCode(200).body("items", hasSize(0)));
        given().get("/alerts/" + first.alertId()).then().statusCode(404);
        given().queryParam("customer", kept).get("/alerts").then().statusCode(200).body("items", hasSize(1));
        JsonNode entries = audit("?entityType=customer&entityId=" + erased);
        assertThat(entries.path("total").asInt()).isEqualTo(1);
        JsonNode entry = entries.path("items").get(0);
        assertThat(entry.path("action").asText()).isEqualTo("erased");
        assertThat(entry.path("actor").asText()).isEqualTo("dpo-" + u);
        assertThat(entry.path("before").path("alerts").asInt()).isEqualTo(2);
    }

    @Test
    void ruleAndFactChangesAnnouncedOnTheirTopicsAreAuditedWithAuthorBeforeAndAfter() throws Exception {
        String u = unique();
        String rule = "rule-" + u;
        String question = "question-" + u;
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        announce(Topics.RULES, rule, "{\"enabled\": true, \"severity\": \"warning\"}", "ada-" + u, t);
        announce(Topics.RULES, rule, "{\"enabled\": false, \"severity\": \"warning\"}", "bob-" + u, t.plusMinutes(1));
        announce(Topics.FACTS, question, "{\"question\": \"" + question + "\", \"answer\": \"30 days\"}", "ada-" + u, t);
        announce(Topics.FACTS, question, null, "bob-" + u, t.plusMinutes(2)); // deleted: a tombstone names its author

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(audit("?entityType=rule&entityId=" + rule).path("total").asInt()).isEqualTo(2);
            assertThat(audit("?entityType=fact&entityId=" + question).path("total").asInt()).isEqualTo(2);
        });
        JsonNode rules = audit("?entityType=rule&entityId=" + rule).path("items");
        assertThat(rules.get(0).path("actor").asText()).isEqualTo("bob-" + u);
        assertThat(rules.get(0).path("action").asText()).isEqualTo("changed");
        assertThat(rules.get(0).path("before").path("enabled").asBoolean()).isTrue();
        assertThat(rules.get(0).path("after").path("enabled").asBoolean()).isFalse();
        assertThat(rules.get(1).path("actor").asText()).isEqualTo("ada-" + u);
        assertThat(rules.get(1).path("action").asText()).isEqualTo("created");
        JsonNode facts = audit("?entityType=fact&entityId=" + question).path("items");
        assertThat(facts.get(0).path("action").asText()).isEqualTo("deleted");
        assertThat(facts.get(0).path("actor").asText()).isEqualTo("bob-" + u);
        assertThat(facts.get(0).path("before").path("answer").asText()).isEqualTo("30 days");
    }

    private static void announce(String topic, String key, String value, String actor, OffsetDateTime at) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        ChangeHeaders.write(record.headers(), actor, at);
        KafkaTestClient.send(record);
    }
}
