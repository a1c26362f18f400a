package dev.unison.consistency;

import dev.unison.consistency.catalogue.RuleCatalogue;
import dev.unison.consistency.detector.DetectorSupport;
import dev.unison.consistency.messaging.StreamTopics;
import dev.unison.consistency.messaging.TopologyProducer;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.contracts.Alert;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.testsupport.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static dev.unison.consistency.Events.answer;
import static dev.unison.consistency.Events.bugReport;
import static dev.unison.consistency.Events.message;
import static dev.unison.consistency.Events.provided;
import static dev.unison.consistency.Events.release;
import static dev.unison.consistency.Events.reply;
import static dev.unison.consistency.Events.request;
import static dev.unison.consistency.Events.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's topology on the real broker, stopped in the middle of a customer's journey and started again on
 * an empty state directory (so its stores are restored from their changelogs): every alert arrives, once.
 */
class RestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final StreamTopics topics = StreamTopics.DEFAULT.prefixed("restart-" + run + ".");

    @Test
    void restartingMidStreamLosesNoAlertAndDuplicatesNone() throws Exception {
        String bootstrap = EmbeddedKafka.bootstrapServers();
        TopicAdmin.ensure(bootstrap, List.of(TopicAdmin.Spec.of(topics.touches(), 3),
                TopicAdmin.Spec.of(topics.feedback(), 3), TopicAdmin.Spec.of(topics.alerts(), 3),
                TopicAdmin.Spec.compacted(topics.rules(), 1), TopicAdmin.Spec.compacted(topics.facts(), 1),
                TopicAdmin.Spec.compacted(topics.erasures(), 3)));
        String x = "xena-" + run;
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusDays(10).truncatedTo(ChronoUnit.SECONDS);

        KafkaStreams first = start(Files.createTempDirectory("restart-1"));
        KafkaEvents.send(topics.touches(),
                message(x, "marketing", t, "spring-offer", "marketing"),
                message(x, "sales", t.plusHours(1), "spring-offer", "sales"),
                answer(x, "support", t.plusHours(2), "refund-window", "30 days"),
                provided(x, "support", t.plusHours(3), "iban"),
                request(x, t.plusDays(1)), reply(x, t.plusDays(1).plusMinutes(1), true),
                request(x, t.plusDays(2)), reply(x, t.plusDays(2).plusMinutes(1), true));
        KafkaEvents.send(topics.feedback(), bugReport(x, t, "BUG-" + run), release(t.plusDays(1), "r1-" + run));
        // the first alert shows the instance is at work; it is stopped while the rest may still be in flight
        assertThat(KafkaEvents.alerts(topics.alerts(), Set.of(x), 1, WAIT)).isNotEmpty();
        first.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));

        // while no instance runs, events keep coming
        KafkaEvents.send(topics.touches(),
                answer(x, "web", t.plusDays(3), "refund-window", "14 days"),
                requested(x, "billing", t.plusDays(3).plusHours(1), "iban"));

        // a new instance with no local state: the detectors' stores come back from their changelogs
        KafkaStreams second = start(Files.createTempDirectory("restart-2"));
        try {
            KafkaEvents.send(topics.touches(),
                    request(x, t.plusDays(4)), reply(x, t.plusDays(4).plusMinutes(1), true));
            KafkaEvents.send(topics.feedback(), release(t.plusDays(5), "r2-" + run));

            List<Alert> alerts = KafkaEvents.alerts(topics.alerts(), Set.of(x), 5, WAIT);
            assertThat(alerts).extracting(Alert::rule).containsExactlyInAnyOrder("duplicate-outreach",
                    "conflicting-answers", "repeated-info-request", "automation-loop", "unacknowledged-bug");
            assertThat(KafkaEvents.alerts(topics.alerts(), Set.of(x), 6, Duration.ofSeconds(3))).hasSize(5)
                    .extracting(Alert::alertId).doesNotHaveDuplicates();
        } finally {
            second.close(Duration.ofSeconds(30));
        }
    }

    private KafkaStreams start(Path stateDir) {
        DetectorSupport support = new DetectorSupport(new DetectorMetrics(new SimpleMeterRegistry()),
                RuleCatalogue.builtInDefaults(),
                // the automation loop is alerted when its grace period has passed, by the wall-clock check
                Duration.ofSeconds(2));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "restart-test-" + run);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        KafkaStreams streams = new KafkaStreams(TopologyProducer.build(topics, support, Duration.ofMinutes(5),
                Duration.ofDays(7)), props);
        streams.start();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }
}
