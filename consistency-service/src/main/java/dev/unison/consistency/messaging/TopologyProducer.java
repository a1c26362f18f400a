package dev.unison.consistency.messaging;

import dev.unison.consistency.store.StateSerde;
import dev.unison.consistency.store.StateStores;
import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.config.ConsistencyConfig;
import dev.unison.consistency.detector.AutomationLoopDetector;
import dev.unison.consistency.detector.CompanyAnswersDetector;
import dev.unison.consistency.detector.ConflictingAnswersDetector;
import dev.unison.consistency.detector.DetectorSupport;
import dev.unison.consistency.detector.DuplicateOutreachDetector;
import dev.unison.consistency.detector.RenewalOnlyContactDetector;
import dev.unison.consistency.detector.RepeatedInfoRequestDetector;
import dev.unison.consistency.detector.TicketMazeDetector;
import dev.unison.consistency.detector.UnacknowledgedBugDetector;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.FactBook;
import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleBook;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventTypes;
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
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.Map;

/**
 * The one Kafka Streams topology of the service. Events are read, validated and de-duplicated once per topic, then
 * each detector keeps its own persistent store (changelogged) keyed by customer id; rules that compare customers
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
    public Topology topology(ConsistencyConfig config, MeterRegistry registry, AnswerReader answers) {
        return build(StreamTopics.DEFAULT, new DetectorSupport(new DetectorMetrics(registry), defaults(config),
                config.punctuateEvery(), answers), config.maxFutureSkew(), config.dedupRetention());
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
        builder.addStateStore(seen(SEEN_TOUCHES, dedupRetention));
        KStream<String, Touch> touches = builder
                .stream(topics.touches(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("touches"))
                .process(() -> new EventReader<>(topics.touches(), SEEN_TOUCHES,
                        EventValidator.forTouches(maxFutureSkew), EventJson::toTouch, Touch::customerId,
                        support.metrics(), dedupRetention), Named.as("read-touches"), SEEN_TOUCHES);

        // feedback: the same, keyed by customer id (releases have none)
        builder.addStateStore(seen(SEEN_FEEDBACK, dedupRetention));
        KStream<String, Feedback> feedback = builder
                .stream(topics.feedback(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("feedback"))
                .process(() -> new EventReader<>(topics.feedback(), SEEN_FEEDBACK,
                        EventValidator.forFeedback(maxFutureSkew), EventJson::toFeedback,
                        (Feedback f) -> f.data().customerId(), support.metrics(), dedupRetention),
                        Named.as("read-feedback"), SEEN_FEEDBACK);

        // 1a. conflicting-answers between departments, per customer
        KStream<String, Alert> alerts = detect(builder, touches, ConflictingAnswersDetector.STORE,
                ConflictingAnswersDetector.Answers.class, () -> new ConflictingAnswersDetector(support));

        // 1b. conflicting-answers across customers and against canonical facts: answers repartitioned by question
        KStream<String, ConflictingAnswersDetector.Given> answersByQuestion = touches
                .filter((customer, touch) -> EventTypes.ANSWER_GIVEN.equals(touch.type()))
                .map((customer, touch) -> KeyValue.pair(touch.data().question(),
                        ConflictingAnswersDetector.Given.of(touch, support.answers())))
                .repartition(Repartitioned.with(Serdes.String(), StateSerde.of(ConflictingAnswersDetector.Given.class))
                        .withName("answers-by-question"));
        builder.addStateStore(store(CompanyAnswersDetector.TOLD_STORE, Serdes.Long()));
        alerts = alerts.merge(detect(builder, answersByQuestion, CompanyAnswersDetector.STORE,
                CompanyAnswersDetector.Recent.class, () -> new CompanyAnswersDetector(support),
                CompanyAnswersDetector.TOLD_STORE));

        // 2. repeated-info-request
        alerts = alerts.merge(detect(builder, touches, RepeatedInfoRequestDetector.STORE,
                RepeatedInfoRequestDetector.Ledger.class, () -> new RepeatedInfoRequestDetector(support)));
        // 3. renewal-only-contact (also on wall-clock punctuation)
        builder.addStateStore(store(RenewalOnlyContactDetector.DATES_STORE, Serdes.String()));
        alerts = alerts.merge(detect(builder, touches, RenewalOnlyContactDetector.STORE,
                RenewalOnlyContactDetector.Renewal.class, () -> new RenewalOnlyContactDetector(support),
                RenewalOnlyContactDetector.DATES_STORE));
        // 4. duplicate-outreach
        alerts = alerts.merge(detect(builder, touches, DuplicateOutreachDetector.STORE,
                DuplicateOutreachDetector.Outbox.class, () -> new DuplicateOutreachDetector(support)));
        // 5. ticket-maze (approvals also on wall-clock punctuation)
        builder.addStateStore(store(TicketMazeDetector.PENDING_STORE, Serdes.String()));
        alerts = alerts.merge(detect(builder, touches, TicketMazeDetector.STORE,
                TicketMazeDetector.Maze.class, () -> new TicketMazeDetector(support), TicketMazeDetector.PENDING_STORE));
        // 7. automation-loop (alerted when its grace period ends: by a later touch or on wall-clock punctuation)
        builder.addStateStore(store(AutomationLoopDetector.DUE_STORE, Serdes.String()));
        alerts = alerts.merge(detect(builder, touches, AutomationLoopDetector.STORE,
                AutomationLoopDetector.Loop.class, () -> new AutomationLoopDetector(support),
                AutomationLoopDetector.DUE_STORE));

        // 6. unacknowledged-bug: reports, acknowledgements and releases on one key, since a release concerns every bug
        KStream<String, Feedback> bugLedger = feedback
                .filter((customer, f) -> EventTypes.BUG_REPORT.equals(f.type())
                        || EventTypes.BUG_ACKNOWLEDGED.equals(f.type()) || EventTypes.RELEASE_SHIPPED.equals(f.type()))
                .selectKey((customer, f) -> UnacknowledgedBugDetector.LEDGER_KEY)
                .repartition(Repartitioned.with(Serdes.String(), FEEDBACK).withName("bug-ledger"));
        builder.addStateStore(store(UnacknowledgedBugDetector.DUE_STORE, Serdes.String()));
        builder.addStateStore(store(UnacknowledgedBugDetector.RELEASES_STORE,
                StateSerde.of(UnacknowledgedBugDetector.Shipped.class)));
        builder.addStateStore(store(UnacknowledgedBugDetector.ACKNOWLEDGED_STORE, Serdes.Long()));
        alerts = alerts.merge(detect(builder, bugLedger, UnacknowledgedBugDetector.STORE,
                UnacknowledgedBugDetector.Report.class, () -> new UnacknowledgedBugDetector(support),
                UnacknowledgedBugDetector.DUE_STORE, UnacknowledgedBugDetector.RELEASES_STORE,
                UnacknowledgedBugDetector.ACKNOWLEDGED_STORE));

        // every alert to cx.alerts.v1, keyed by customer id, as a binary-mode CloudEvent (cx.alert.<rule>)
        alerts.processValues(AlertHeaders::new, Named.as("alert-cloudevent-headers"))
                .to(topics.alerts(), Produced.with(Serdes.String(), ALERT).withName("alerts"));
        return builder.build();
    }

    /**
     * Connects a detector and its own store (values of {@code state}, see {@link StateSerde}) to the input stream. The
     * processor is named after the store, so a record the detector fails on is dead-lettered naming its rule.
     */
    private static <V> KStream<String, Alert> detect(StreamsBuilder builder, KStream<String, V> input, String store,
                                                     Class<? extends Record> state,
                                                     ProcessorSupplier<String, V, String, Alert> detector,
                                                     String... moreStores) {
        builder.addStateStore(store(store, StateSerde.of(state)));
        String[] stores = new String[moreStores.length + 1];
        stores[0] = store;
        System.arraycopy(moreStores, 0, stores, 1, moreStores.length);
        return input.process(detector, Named.as(store), stores);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return name.equals(CompanyAnswersDetector.STORE) ? StateStores.cachedKeyValue(name, values)
                : StateStores.keyValue(name, values);
    }

    private static StoreBuilder<WindowStore<String, Long>> seen(String name, Duration retention) {
        return StateStores.seenIds(name, retention);
    }

    /** The built-in settings of each rule with the configured defaults over them. */
    public static Map<Rule, RuleSettings> defaults(ConsistencyConfig config) {
        Map<Rule, RuleSettings> defaults = Rule.builtInDefaults();
        config.rules().forEach((id, d) -> Rule.byId(id).ifPresent(rule -> defaults.put(rule,
                rule.defaults().with(new RuleSettings(d.enabled().orElse(null), d.severity().orElse(null),
                        d.window().orElse(null), d.lookBack().orElse(null), d.noticePeriod().orElse(null),
                        d.maxWait().orElse(null), d.threshold().orElse(null), d.gracePeriod().orElse(null),
                        d.owners().orElse(null))))));
        return defaults;
    }
}
