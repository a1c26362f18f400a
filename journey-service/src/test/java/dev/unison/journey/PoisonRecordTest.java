package dev.unison.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    @org.junit.jupiter.api.BeforeAll
    static void neverPrettyPrintAHostileBody() {
        io.restassured.RestAssured.config = io.restassured.RestAssured.config()
                .logConfig(io.restassured.config.LogConfig.logConfig().enablePrettyPrinting(false));
    }

    @Test
    void aLoneSurrogateInAnAnswerIsRefusedAtTheDoorAndDeadLetteredOverKafka() throws Exception {
        refusedAtTheDoorAndDeadLettered("\"\\ud800x\"", "unpaired surrogate");
    }

    @Test
    void aNulInAnAnswerIsRefusedAtTheDoorAndDeadLetteredOverKafka() throws Exception {
        refusedAtTheDoorAndDeadLettered("\"a\\u0000b\"", "U+0000");
    }

    @Test
    void aTouchNested10000DeepIsRefusedAtTheDoorAndDeadLetteredOverKafkaNotAnNpe() throws Exception {
        refusedAtTheDoorAndDeadLettered("[".repeat(10_000) + "]".repeat(10_000), "over a limit");
    }

    @Test
    void aNumberOf5000DigitsIsRefusedAtTheDoorAndDeadLetteredOverKafka() throws Exception {
        refusedAtTheDoorAndDeadLettered("1".repeat(5_000), "over a limit");
    }

    @Test
    void aRecordPostgresRefusesIsDeadLetteredAndTheRestOfItsBatchIsStored() throws Exception {
        String customer = TouchEvents.customer();
        String refused = "refused by the poison test";
        try (Connection c = UnisonTestResources.database().connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE touches ADD CONSTRAINT poison_test_refuses CHECK (data->>'answer' IS DISTINCT FROM '"
                    + refused + "')");
            try {
                List<String> values = new ArrayList<>();
                Set<Integer> poisoned = Set.of(7, 31);
                for (int i = 0; i < 40; i++) {
                    values.add(HostileInputTest.forCustomer(customer).toString()
                            .replace("\"30 days\"", poisoned.contains(i) ? "\"" + refused + "\"" : "\"" + i + " days\""));
                }
                Set<Long> offsets = sendTogether(customer, values, poisoned);
                List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.TOUCHES_DLQ,
                        r -> customer.equals(KafkaTestClient.text(r.key())), 2, Duration.ofSeconds(60));
                assertThat(dead).extracting(r -> Long.parseLong(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)))
                        .containsExactlyInAnyOrderElementsOf(offsets);
                assertThat(dead).allSatisfy(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON))
                        .contains("sqlstate-23514").contains("poison_test_refuses"));
                await().atMost(Duration.ofSeconds(30)).until(() -> HostileInputTest.customerRows(customer) == 38);
            } finally {
                s.execute("ALTER TABLE touches DROP CONSTRAINT poison_test_refuses");
            }
        }
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("unison_consumer_dead_lettered_total{reason=\"sqlstate-23514\""));
    }

    /** POST answers 400 naming /data/answer; over Kafka, between good touches, the record goes to the DLQ. */
    private void refusedAtTheDoorAndDeadLettered(String rawAnswer, String reason) throws Exception {
        String customer = TouchEvents.customer();
        String poison = HostileInputTest.forCustomer(customer).toString().replace("\"30 days\"", rawAnswer);
        // as bytes: REST-assured pretty-prints a text body as it sends it, and one 10,000 levels deep fills the heap
        var response = given().contentType(CloudEventCodec.STRUCTURED_CONTENT_TYPE)
                .body(poison.getBytes(StandardCharsets.UTF_8)).when().post("/touches")
                .then().statusCode(400).contentType("application/problem+json");
        if (!reason.equals("over a limit")) {
            response.body("errors.pointer", hasItem("/data/answer"));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            values.add(i == 4 ? poison : HostileInputTest.forCustomer(customer).toString());
        }
        Set<Long> offsets = sendTogether(customer, values, Set.of(4));
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.TOUCHES_DLQ,
                r -> customer.equals(KafkaTestClient.text(r.key())), 1, Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        assertThat(Long.parseLong(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET)))
                .isIn(offsets);
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON) + " "
                + DeadLetters.header(dead.get(0).headers(), DeadLetters.VIOLATIONS)).contains(reason);
        await().atMost(Duration.ofSeconds(30)).until(() -> HostileInputTest.customerRows(customer) == 8);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    /** Sends the values as structured records keyed by the customer, flushed together; the offsets of the picked. */
    private static Set<Long> sendTogether(String customer, List<String> values, Set<Integer> picked) throws Exception {
        Set<Long> offsets = new HashSet<>();
        try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
            for (String value : values) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TOUCHES, customer,
                        value.getBytes(StandardCharsets.UTF_8));
                record.headers().add("content-type", CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
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
