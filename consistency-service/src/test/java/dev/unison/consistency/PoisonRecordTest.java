package dev.unison.consistency;

import dev.unison.consistency.messaging.DeadLetterPublisher;
import dev.unison.consistency.messaging.StreamTopics;
import dev.unison.contracts.Alert;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.unison.consistency.Events.provided;
import static dev.unison.consistency.Events.requested;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** The poison cases of issue 12 over the real broker: no single record stops detection for everyone. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class PoisonRecordTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KafkaStreams streams;

    @Test
    void twentyThousandFieldNamesInOneInfoProvidedDoNotStopDetection() {
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        String run = UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusDays(2).truncatedTo(ChronoUnit.SECONDS);
        String noisy = "noisy-" + run;
        String[] fields = IntStream.range(0, 20_000).mapToObj(i -> "customer-field-" + i).toArray(String[]::new);
        var poison = provided(noisy, "support", t, fields);
        assertThat(EventJson.bytes(poison).length).isGreaterThan(300_000);
        KafkaEvents.send(Topics.TOUCHES, poison);

        // a good story sent after it: asked again for what the customer gave
        String good = "good-" + run;
        KafkaEvents.send(Topics.TOUCHES, provided(good, "support", t.plusHours(1), "iban"),
                requested(good, "billing", t.plusHours(2), "iban"));
        List<Alert> alerts = KafkaEvents.alerts(Topics.ALERTS, Set.of(good), 1, WAIT);
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.rule()).isEqualTo("repeated-info-request"));
        // the contracts allow at most 100 fields a touch: the poison itself was set aside, never kept; and the noisy
        // customer is still served: a field it gives in a valid touch, asked for again, fires
        KafkaEvents.send(Topics.TOUCHES, provided(noisy, "support", t.plusHours(3), "customer-field-3"),
                requested(noisy, "billing", t.plusHours(4), "customer-field-3"));
        assertThat(KafkaEvents.alerts(Topics.ALERTS, Set.of(noisy), 1, WAIT)).singleElement()
                .satisfies(a -> assertThat(a.summary()).contains("customer-field-3"));
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anUnreadableSettingsRecordIsDeadLetteredWithItsReasonAndTheStreamsGoOn() {
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        String key = "garbage-" + UUID.randomUUID();
        var sent = KafkaTestClient.send(Topics.RULES, key, "{\"threshold\": \"many\"");

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(StreamTopics.DEAD_LETTERS,
                r -> key.equals(KafkaTestClient.text(r.key())), 1, WAIT);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(KafkaTestClient.text(r.value())).isEqualTo("{\"threshold\": \"many\"");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON)).startsWith("unreadable: ");
            assertThat(DeadLetters.header(r.headers(), DeadLetterPublisher.RULE)).isNotBlank();
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.RULES);
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_PARTITION))
                    .isEqualTo(Integer.toString(sent.partition()));
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET))
                    .isEqualTo(Long.toString(sent.offset()));
        });
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("unison_consistency_dead_lettered_total{reason=\"unreadable\"}"));
    }
}
