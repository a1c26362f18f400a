package dev.unison.consistency.detector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.consistency.messaging.JsonSerde;
import dev.unison.consistency.messaging.StreamTopics;
import dev.unison.consistency.messaging.TopologyProducer;
import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.answer.Reading;
import dev.unison.consistency.catalogue.RuleCatalogue;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Properties;

/** The service's real topology in a TopologyTestDriver, with helpers to send events and read alerts. */
final class DetectorDriver implements AutoCloseable {
    static final Duration PUNCTUATE_EVERY = Duration.ofMinutes(1);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> touches;
    private final TestInputTopic<String, byte[]> feedback;
    private final TestInputTopic<String, RuleSettings> rules;
    private final TestInputTopic<String, Fact> facts;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestInputTopic<String, byte[]> erasures;

    DetectorDriver() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A driver whose wall clock starts at the given instant. */
    DetectorDriver(Instant wallClock) {
        DetectorSupport support = new DetectorSupport(new DetectorMetrics(registry), RuleCatalogue.builtInDefaults(), PUNCTUATE_EVERY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("detector-test").toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        StreamTopics t = StreamTopics.DEFAULT;
        driver = new TopologyTestDriver(TopologyProducer.build(t, support, Duration.ofMinutes(5), Duration.ofDays(7)),
                props, wallClock);
        touches = driver.createInputTopic(t.touches(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        feedback = driver.createInputTopic(t.feedback(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        rules = driver.createInputTopic(t.rules(), Serdes.String().serializer(),
                JsonSerde.of(RuleSettings.class).serializer());
        facts = driver.createInputTopic(t.facts(), Serdes.String().serializer(), JsonSerde.of(Fact.class).serializer());
        alerts = driver.createOutputTopic(t.alerts(), Serdes.String().deserializer(),
                JsonSerde.of(Alert.class).deserializer());
        erasures = driver.createInputTopic(t.erasures(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    /** An erasure request for the customer, as journey-service's DELETE /customers/{id} publishes it. */
    DetectorDriver erase(String customerId) {
        erasures.pipeInput(customerId, dev.unison.contracts.Erasure.request(customerId, "a-test").toRecord().value());
        return this;
    }

    /** Any bytes on the erasure topic. */
    DetectorDriver eraseRaw(String key, byte[] value) {
        erasures.pipeInput(key, value);
        return this;
    }

    /** The keys of a store that start with the prefix. */
    java.util.List<String> keysWithPrefix(String store, String prefix) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        try (var it = driver.<String, Object>getKeyValueStore(store).prefixScan(prefix,
                Serdes.String().serializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** Sends touch events keyed by their customer id. */
    DetectorDriver touch(JsonNode... events) {
        for (JsonNode e : events) {
            touches.pipeInput(e.path("data").path("customerId").asText(), EventJson.bytes(e),
                    OffsetDateTime.parse(e.path("time").asText()).toInstant());
        }
        return this;
    }

    /** Sends touch events as if sent at the given time (record timestamp), whatever their event time. */
    DetectorDriver touchSentAt(Instant sent, JsonNode... events) {
        for (JsonNode e : events) {
            touches.pipeInput(e.path("data").path("customerId").asText(), EventJson.bytes(e), sent);
        }
        return this;
    }

    DetectorDriver feedback(JsonNode... events) {
        for (JsonNode e : events) {
            feedback.pipeInput(e.path("data").path("customerId").asText(null), EventJson.bytes(e),
                    OffsetDateTime.parse(e.path("time").asText()).toInstant());
        }
        return this;
    }

    DetectorDriver rule(Rule rule, RuleSettings settings) {
        rules.pipeInput(rule.id(), settings);
        return this;
    }

    DetectorDriver fact(String question, String answer) {
        Reading reading = AnswerReader.standard().read(answer);
        facts.pipeInput(question, new Fact(question, answer, null, reading.key(), "test", OffsetDateTime.now(),
                reading));
        return this;
    }

    DetectorDriver advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
        return this;
    }

    /** Every alert produced since the last call. */
    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    /** Every alert record (headers and all) produced since the last call. */
    List<TestRecord<String, Alert>> alertRecords() {
        return alerts.readRecordsToList();
    }

    /** Alerts of one rule produced since the last call (the others are dropped). */
    List<Alert> alerts(Rule rule) {
        return alerts().stream().filter(a -> a.rule().equals(rule.id())).toList();
    }

    /** The value a detector keeps under the key in its store, or null. */
    <V> V state(String store, String key) {
        return driver.<String, V>getKeyValueStore(store).get(key);
    }

    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
