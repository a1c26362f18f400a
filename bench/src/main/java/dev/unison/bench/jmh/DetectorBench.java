package dev.unison.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.detector.AutomationLoopDetector;
import dev.unison.consistency.detector.CompanyAnswersDetector;
import dev.unison.consistency.detector.ConflictingAnswersDetector;
import dev.unison.consistency.detector.Detector;
import dev.unison.consistency.detector.DetectorSupport;
import dev.unison.consistency.detector.DuplicateOutreachDetector;
import dev.unison.consistency.detector.RenewalOnlyContactDetector;
import dev.unison.consistency.detector.RepeatedInfoRequestDetector;
import dev.unison.consistency.detector.TicketMazeDetector;
import dev.unison.consistency.detector.UnacknowledgedBugDetector;
import dev.unison.consistency.messaging.JsonSerde;
import dev.unison.consistency.store.StateSerde;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.FactBook;
import dev.unison.consistency.catalogue.RuleCatalogue;
import dev.unison.consistency.rule.RuleBook;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventTypes;
import dev.unison.simulator.Stories;
import dev.unison.simulator.Story;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Per-event cost of each consistency-service detector on its own: the detector's processor with its real persistent
 * (RocksDB) store and state serde, in a MockProcessorContext, fed the parsed events of its rule's stories (a
 * fresh customer per story). Changelogging and commits are left out: they are the same for every detector and are
 * what the end-to-end figures measure. (A TopologyTestDriver commits and flushes RocksDB after every record, which
 * would measure that flush instead of the detector.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DetectorBench {
    private static final int POOL = 200_000;

    @Param({"conflicting-answers", "conflicting-answers-company", "repeated-info-request", "renewal-only-contact",
            "duplicate-outreach", "ticket-maze", "automation-loop", "unacknowledged-bug"})
    public String detector;

    private final List<Record<String, Object>> pool = new ArrayList<>();
    private MockProcessorContext<String, Alert> context;
    private Detector<Object> processor;
    private final List<StateStore> stores = new ArrayList<>();
    private Path stateDir;
    private int next;

    @Setup(Level.Trial)
    public void events() {
        String rule = detector.equals("conflicting-answers-company") ? "conflicting-answers" : detector;
        Stories stories = new Stories(42, Clock.systemUTC());
        int customer = 0;
        while (pool.size() < POOL) {
            Story s = stories.story(rule, "jmh-" + (++customer));
            for (ObjectNode e : s.allEvents()) {
                boolean touch = e.path("type").asText().startsWith("cx.touch.");
                long time = java.time.OffsetDateTime.parse(e.path("time").asText()).toInstant().toEpochMilli();
                if (detector.equals("unacknowledged-bug")) {
                    if (!touch) {
                        pool.add(new Record<>(UnacknowledgedBugDetector.LEDGER_KEY, EventJson.toFeedback(e), time));
                    }
                } else if (touch) {
                    var t = EventJson.toTouch(e);
                    if (detector.equals("conflicting-answers-company")) {
                        if (EventTypes.ANSWER_GIVEN.equals(t.type())) {
                            pool.add(new Record<>(t.data().question(), ConflictingAnswersDetector.Given.of(t, AnswerReader.standard()), time));
                        }
                    } else {
                        pool.add(new Record<>(t.customerId(), t, time));
                    }
                }
            }
        }
    }

    @Setup(Level.Iteration)
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void detector() throws IOException {
        DetectorSupport support = new DetectorSupport(new DetectorMetrics(new SimpleMeterRegistry()),
                RuleCatalogue.builtInDefaults(),
                Duration.ofMinutes(1));
        stateDir = Files.createTempDirectory("jmh-detector");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "jmh-detector");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        context = new MockProcessorContext<>(props, new org.apache.kafka.streams.processor.TaskId(0, 0),
                stateDir.toFile());
        stores.clear();
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RuleBook.STORE), Serdes.String(),
                JsonSerde.of(RuleSettings.class)).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FactBook.STORE), Serdes.String(),
                JsonSerde.of(Fact.class)).withLoggingDisabled().build());
        Supplier<Detector<?>> make;
        switch (detector) {
            case "conflicting-answers" -> {
                store(ConflictingAnswersDetector.STORE, ConflictingAnswersDetector.Answers.class);
                make = () -> new ConflictingAnswersDetector(support);
            }
            case "conflicting-answers-company" -> {
                store(CompanyAnswersDetector.STORE, CompanyAnswersDetector.Recent.class);
                addStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CompanyAnswersDetector.TOLD_STORE),
                        Serdes.String(), Serdes.Long()).withLoggingDisabled().withCachingDisabled().build());
                make = () -> new CompanyAnswersDetector(support);
            }
            case "repeated-info-request" -> {
                store(RepeatedInfoRequestDetector.STORE, RepeatedInfoRequestDetector.Ledger.class);
                make = () -> new RepeatedInfoRequestDetector(support);
            }
            case "renewal-only-contact" -> {
                store(RenewalOnlyContactDetector.STORE, RenewalOnlyContactDetector.Renewal.class);
                strings(RenewalOnlyContactDetector.DATES_STORE);
                make = () -> new RenewalOnlyContactDetector(support);
            }
            case "duplicate-outreach" -> {
                store(DuplicateOutreachDetector.STORE, DuplicateOutreachDetector.Outbox.class);
                make = () -> new DuplicateOutreachDetector(support);
            }
            case "ticket-maze" -> {
                store(TicketMazeDetector.STORE, TicketMazeDetector.Maze.class);
                strings(TicketMazeDetector.PENDING_STORE);
                make = () -> new TicketMazeDetector(support);
            }
            case "automation-loop" -> {
                store(AutomationLoopDetector.STORE, AutomationLoopDetector.Loop.class);
                strings(AutomationLoopDetector.DUE_STORE);
                make = () -> new AutomationLoopDetector(support);
            }
            case "unacknowledged-bug" -> {
                store(UnacknowledgedBugDetector.STORE, UnacknowledgedBugDetector.Report.class);
                store(UnacknowledgedBugDetector.RELEASES_STORE, UnacknowledgedBugDetector.Shipped.class);
                strings(UnacknowledgedBugDetector.DUE_STORE);
                addStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(UnacknowledgedBugDetector.ACKNOWLEDGED_STORE), Serdes.String(),
                        Serdes.Long()).withLoggingDisabled().withCachingDisabled().build());
                make = () -> new UnacknowledgedBugDetector(support);
            }
            default -> throw new IllegalArgumentException(detector);
        }
        processor = (Detector<Object>) (Detector) make.get();
        processor.init(context);
        next = 0;
    }

    private <S extends java.lang.Record> void store(String name, Class<S> state) {
        addStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                StateSerde.of(state)).withLoggingDisabled().withCachingDisabled().build());
    }

    private void strings(String name) {
        addStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String())
                .withLoggingDisabled().withCachingDisabled().build());
    }

    private void addStore(KeyValueStore<String, ?> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.add(store);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        processor.close();
        stores.forEach(StateStore::close);
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int oneEvent() {
        Record<String, Object> in = pool.get(next);
        next = next + 1 == pool.size() ? 0 : next + 1;
        processor.process(in);
        int forwarded = context.forwarded().size();
        if (forwarded > 1000) {
            context.resetForwards();
        }
        return forwarded;
    }
}
