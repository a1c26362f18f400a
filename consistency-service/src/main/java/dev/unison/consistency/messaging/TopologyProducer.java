package dev.unison.consistency.messaging;

import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.catalogue.DetectorWiring;
import dev.unison.consistency.catalogue.RuleCatalogue;
import dev.unison.consistency.catalogue.RuleEntry;
import dev.unison.consistency.catalogue.StateReader;
import dev.unison.consistency.catalogue.TopologyInputs;
import dev.unison.consistency.config.ConsistencyConfig;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.consistency.detector.DetectorSupport;
import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.FactBook;
import dev.unison.consistency.rule.RuleBook;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.consistency.store.StateStores;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.Feedback;
import dev.unison.contracts.Touch;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.List;

/**
 * The one Kafka Streams topology of the service. Events are read, validated and de-duplicated once per topic, then
 * go to every detector of the rule catalogue ({@link RuleCatalogue}); each detector keeps its own persistent store (changelogged) keyed by customer id; rules that compare customers
 * read a stream repartitioned by the key they compare on. Rule settings and canonical facts are global stores of
 * compacted topics, so every instance sees every change.
 */
@ApplicationScoped
public class TopologyProducer {
    public static final String SEEN_TOUCHES = "seen-touches";
    public static final String SEEN_FEEDBACK = "seen-feedback";

    static final Serde<Feedback> FEEDBACK = JsonSerde.of(Feedback.class);
    static final Serde<Alert> ALERT = JsonSerde.of(Alert.class);
    static final Serde<RuleSettings> RULE_SETTINGS = JsonSerde.of(RuleSettings.class);
    static final Serde<Fact> FACT = JsonSerde.of(Fact.class);

    @Produces
    public Topology topology(ConsistencyConfig config, DetectorSupport support) {
        return build(StreamTopics.DEFAULT, support, config.maxFutureSkew(), config.dedupRetention());
    }

    /** What every detector is built with, in the stream and in {@code POST /check}. */
    @Produces
    @Singleton
    public DetectorSupport support(ConsistencyConfig config, MeterRegistry registry, AnswerReader answers) {
        return new DetectorSupport(new DetectorMetrics(registry), RuleCatalogue.defaults(config),
                config.punctuateEvery(), answers);
    }

    /** The reader of answers, with the configured locales (an unknown locale stops the start with its name). */
    @Produces
    @Singleton
    public AnswerReader answers(ConsistencyConfig config) {
        return new AnswerReader(config.answers().locale(), config.answers().sources());
    }

    /** The topology over the given topics; tests build it with their own topics and settings. */
    public static Topology build(StreamTopics topics, DetectorSupport support, Duration maxFutureSkew,
                                 Duration dedupRetention) {
        StreamsBuilder builder = new StreamsBuilder();

        // rule settings and canonical facts: global stores every processor and every instance reads
        builder.globalTable(topics.rules(), Consumed.with(Serdes.String(), RULE_SETTINGS).withName("rules"),
                Materialized.<String, RuleSettings, KeyValueStore<Bytes, byte[]>>as(RuleBook.STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(RULE_SETTINGS));
        builder.globalTable(topics.facts(), Consumed.with(Serdes.String(), FACT).withName("facts"),
                Materialized.<String, Fact, KeyValueStore<Bytes, byte[]>>as(FactBook.STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(FACT));

        // touches: parse (structured or binary mode), validate, drop repeats, key by customer id
        builder.addStateStore(StateStores.seenIds(SEEN_TOUCHES, dedupRetention));
        KStream<String, Touch> touches = builder
                .stream(topics.touches(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("touches"))
                .process(() -> new EventReader<>(topics.touches(), SEEN_TOUCHES,
                        EventValidator.forTouches(maxFutureSkew), EventJson::toTouch, Touch::customerId,
                        support.metrics(), dedupRetention), Named.as("read-touches"), SEEN_TOUCHES);

        // feedback: the same, keyed by customer id (releases have none)
        builder.addStateStore(StateStores.seenIds(SEEN_FEEDBACK, dedupRetention));
        KStream<String, Feedback> feedback = builder
                .stream(topics.feedback(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("feedback"))
                .process(() -> new EventReader<>(topics.feedback(), SEEN_FEEDBACK,
                        EventValidator.forFeedback(maxFutureSkew), EventJson::toFeedback,
                        (Feedback f) -> f.data().customerId(), support.metrics(), dedupRetention),
                        Named.as("read-feedback"), SEEN_FEEDBACK);

        // every rule's detectors, as the catalogue wires them
        TopologyInputs inputs = new TopologyInputs(builder, touches, feedback, FEEDBACK, support);
        KStream<String, Alert> alerts = null;
        for (RuleEntry rule : RuleCatalogue.ENTRIES) {
            for (DetectorWiring detector : rule.detectors()) {
                KStream<String, Alert> found = detector.wire(inputs);
                alerts = alerts == null ? found : alerts.merge(found);
            }
        }

        // erasure requests: every per-customer store deletes the customer (tombstones on the changelogs); the topic is
        // keyed by customer id with as many partitions as cx.touches.v1, so each request reaches the customer's task
        List<StateReader> customerStores = RuleCatalogue.ENTRIES.stream().map(RuleEntry::state)
                .filter(r -> r != null && r.part() == StateReader.StatePart.CUSTOMER).toList();
        builder.stream(topics.erasures(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("erasures"))
                .process(() -> new CustomerEraser(customerStores), Named.as("erase-customers"),
                        customerStores.stream().map(StateReader::store).toArray(String[]::new));

        // every alert to cx.alerts.v1, keyed by customer id, as a binary-mode CloudEvent (cx.alert.<rule>)
        alerts.processValues(AlertHeaders::new, Named.as("alert-cloudevent-headers"))
                .to(topics.alerts(), Produced.with(Serdes.String(), ALERT).withName("alerts"));
        return builder.build();
    }
}
