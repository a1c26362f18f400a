package dev.unison.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.EventMutations;
import dev.unison.testsupport.EventMutations.Mutant;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import net.jqwik.api.sessions.JqwikSession;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.unison.consistency.Events.provided;
import static dev.unison.consistency.Events.requested;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mutations of valid touches and feedback of every kind the detectors read (jqwik's generators: drop, duplicate,
 * retype, lengthen, nest, re-encode a field), a few hundred of them, sent over Kafka: the streams never stop, the
 * service stays ready, and a good story sent after them still raises its alert.
 */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class MutatedEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    KafkaStreams streams;

    private static List<String> validEvents(String customer) {
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusDays(3).truncatedTo(ChronoUnit.SECONDS);
        List<JsonNode> events = List.of(
                Events.answer(customer, "support", t, "refund-window", "30 days"),
                Events.requested(customer, "billing", t, "iban", "address"),
                Events.provided(customer, "support", t, "iban"),
                Events.message(customer, "marketing", t, "spring-offer", "campaign"),
                Events.contract(customer, t, "2027-09-30"),
                Events.request(customer, t),
                Events.reply(customer, t, true),
                Events.touch("case-opened", customer, "support", t, Map.of("caseId", "case-1", "issue", "login")),
                Events.bugReport(customer, t, "BUG-1"),
                Events.release(t, "7.1", "BUG-1"),
                Events.feedback("cx.feedback.survey", customer, "support", t, Map.of("metric", "csat", "score", 2)));
        return events.stream().map(JsonNode::toString).toList();
    }

    private static List<Mutant> sample(String customer, int tries) {
        List<Mutant> mutants = new ArrayList<>();
        JqwikSession.start();
        try {
            EventMutations.of(validEvents(customer)).sampleStream().limit(tries).forEach(mutants::add);
        } finally {
            JqwikSession.finish();
        }
        return mutants;
    }

    @Test
    void mutationsOfValidEventsNeverStopTheStreams() {
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String mutated = "mutated-" + run;
        List<Mutant> mutants = sample(mutated, 400);
        try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
            for (Mutant mutant : mutants) {
                String topic = mutant.description().startsWith("cx.touch.") ? Topics.TOUCHES : Topics.FEEDBACK;
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, mutated, mutant.body());
                record.headers().add("content-type",
                        CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }

        // a good story after them, on the same partition as the mutants and on another customer's
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
        String good = "good-" + run;
        KafkaEvents.send(Topics.TOUCHES, provided(mutated, "support", t, "vat-number"),
                requested(mutated, "billing", t.plusHours(1), "vat-number"),
                provided(good, "support", t, "iban"), requested(good, "billing", t.plusHours(1), "iban"));
        assertThat(KafkaEvents.alerts(Topics.ALERTS, Set.of(good), 1, WAIT))
                .anySatisfy(a -> assertThat(a.rule()).isEqualTo("repeated-info-request"));
        // the mutants may raise alerts of their own for this customer (a field asked for twice): wait for the story's
        assertThat(KafkaTestClient.await(Topics.ALERTS, r -> r.key() != null
                && mutated.equals(KafkaTestClient.text(r.key()))
                && EventJson.toAlert(r.value()).summary().contains("vat-number"), 1, WAIT)).isNotEmpty();
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
