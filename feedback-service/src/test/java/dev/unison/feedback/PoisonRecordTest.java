package dev.unison.feedback;

import dev.unison.contracts.Alert;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * The poison records of issue 12 over the real broker and PostgreSQL: refused at the door with 400 naming the
 * field, and over Kafka dead-lettered with the reason while the rest of their batch is stored.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class PoisonRecordTest {

    @BeforeAll
    static void neverPrettyPrintAHostileBody() {
        RestAssured.config = RestAssured.config().logConfig(LogConfig.logConfig().enablePrettyPrinting(false));
    }

    @Test
    void aLoneSurrogateInACommentIsRefusedAtTheDoorAndDeadLetteredOverKafka() throws Exception {
        refusedAtTheDoorAndDeadLettered("\"\\ud800x\"", "unpaired surrogate");
    }

    @Test
    void aNulInACommentIsRefusedAtTheDoorAndDeadLetteredOverKafka() throws Exception {
        refusedAtTheDoorAndDeadLettered("\"a\\u0000b\"", "U+0000");
    }

    @Test
    void aSurveyNested10000DeepIsRefusedAtTheDoorAndDeadLetteredOverKafkaNotAnNpe() throws Exception {
        refusedAtTheDoorAndDeadLettered("[".repeat(10_000) + "]".repeat(10_000), "over a limit");
    }

    @Test
    void aNumberOf5000DigitsIsRefusedAtTheDoorAndDeadLetteredOverKafka() throws Exception {
        refusedAtTheDoorAndDeadLettered("1".repeat(5_000), "over a limit");
    }

    @Test
    void aRecordPostgresRefusesIsDeadLetteredAndTheRestOfItsBatchIsStored() throws Exception {
        String customer = FeedbackEvents.customer();
        String refused = "refused by the poison test";
        try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE feedback ADD CONSTRAINT poison_test_refuses CHECK (data->>'comment' IS DISTINCT FROM '"
                    + refused + "')");
            try {
                List<String> values = new ArrayList<>();
                Set<Integer> poisoned = Set.of(7, 31);
                for (int i = 0; i < 40; i++) {
                    values.add(HostileInputTest.forCustomer(customer).toString()
                            .replace("\"fine\"", poisoned.contains(i) ? "\"" + refused + "\"" : "\"fine " + i + "\""));
                }
                Set<Long> offsets = sendTogether(Topics.FEEDBACK, customer, values, poisoned);
                List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.FEEDBACK_DLQ,
                        r -> customer.equals(KafkaTestClient.text(r.key())), 2, Duration.ofSeconds(60));
                assertThat(dead).extracting(r -> Long.parseLong(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)))
                        .containsExactlyInAnyOrderElementsOf(offsets);
                assertThat(dead).allSatisfy(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON))
                        .contains("sqlstate-23514").contains("poison_test_refuses"));
                await().atMost(Duration.ofSeconds(30)).until(() -> HostileInputTest.customerRows(customer) == 38);
            } finally {
                s.execute("ALTER TABLE feedback DROP CONSTRAINT poison_test_refuses");
            }
        }
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anAlertPostgresRefusesIsDeadLetteredAndTheOtherAlertsAreStored() throws Exception {
        String customer = FeedbackEvents.customer();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).withNano(0);
        List<String> values = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // a NUL in the customer id: readable JSON, a value PostgreSQL's text refuses
            String who = i == 3 ? customer + "\u0000" : customer;
            Alert alert = new Alert(Alert.deterministicId("conflicting-answers", customer, at.plusSeconds(i).toString()),
                    "conflicting-answers", Alert.WARNING, who, List.of("support"), "fp-" + i, "poison test",
                    List.of(), at.plusSeconds(i), null);
            values.add(EventJson.string(alert));
            if (i != 3) {
                ids.add(alert.alertId());
            }
        }
        Set<Long> offsets = sendTogether(Topics.ALERTS, customer, values, Set.of(3));
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.ALERTS_DLQ,
                r -> customer.equals(KafkaTestClient.text(r.key()))
                        && "sqlstate-22021".equals(reasonCode(DeadLetters.header(r.headers(), DeadLetters.REASON))),
                1, Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        assertThat(Long.parseLong(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET))).isIn(offsets);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedAlerts(ids) == 9);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private static String reasonCode(String reason) {
        int open = reason == null ? -1 : reason.indexOf("(sqlstate-");
        return open < 0 ? null : reason.substring(open + 1, reason.indexOf(')', open));
    }

    private static int storedAlerts(List<String> ids) throws Exception {
        try (Connection c = UnisonTestResources.database().connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alerts WHERE alert_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** POST answers 400 naming /data/comment; over Kafka, between good surveys, the record goes to the DLQ. */
    private void refusedAtTheDoorAndDeadLettered(String rawComment, String reason) throws Exception {
        String customer = FeedbackEvents.customer();
        String poison = HostileInputTest.forCustomer(customer).toString().replace("\"fine\"", rawComment);
        // as bytes: REST-assured pretty-prints a text body as it sends it, and one 10,000 levels deep fills the heap
        var response = given().contentType(CloudEventCodec.STRUCTURED_CONTENT_TYPE)
                .body(poison.getBytes(StandardCharsets.UTF_8)).when().post("/feedback").then().statusCode(400).contentType("application/problem+json");
        if (!reason.equals("over a limit")) {
            response.body("errors.pointer", hasItem("/data/comment"));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            values.add(i == 4 ? poison : HostileInputTest.forCustomer(customer).toString());
        }
        Set<Long> offsets = sendTogether(Topics.FEEDBACK, customer, values, Set.of(4));
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.FEEDBACK_DLQ,
                r -> customer.equals(KafkaTestClient.text(r.key())), 1, Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        assertThat(Long.parseLong(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET))).isIn(offsets);
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON) + " "
                + DeadLetters.header(dead.get(0).headers(), DeadLetters.VIOLATIONS)).contains(reason);
        await().atMost(Duration.ofSeconds(30)).until(() -> HostileInputTest.customerRows(customer) == 8);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    /** Sends the values keyed by the customer, flushed together; returns the offsets of the picked ones. */
    private static Set<Long> sendTogether(String topic, String customer, List<String> values, Set<Integer> picked)
            throws Exception {
        Set<Long> offsets = new HashSet<>();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String value : values) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, customer,
                        value.getBytes(StandardCharsets.UTF_8));
                if (topic.equals(Topics.FEEDBACK)) {
                    record.headers().add("content-type",
                            CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                }
                sent.add(producer.send(record));
            }
            for (int i = 0; i < sent.size(); i++) {
                long offset = sent.get(i).get().offset();
                if (picked.contains(i)) {
                    offsets.add(offset);
                }
            }
        }
        return offsets;
    }
}
