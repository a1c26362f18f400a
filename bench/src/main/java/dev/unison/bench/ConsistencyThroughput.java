package dev.unison.bench;

import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static dev.unison.bench.Table.Goal.AT_LEAST;

/**
 * consistency-service draining the pre-filled topic beside the raw consume rate and Kafka Streams alone, its state per
 * customer and the alerts it wrote.
 */
final class ConsistencyThroughput {
    private final Run run;
    private final Drain drain;
    private final int customers;

    ConsistencyThroughput(Run run, int customers) {
        this.run = run;
        this.drain = new Drain(run);
        this.customers = customers;
    }

    /** Its rate, and the rows beside it. */
    double measure(long total, double rawConsume) throws Exception {
        double rate = drain.drain("consistency-service", "consistency-service", total,
                "consistency-service events/s, exactly_once_v2 (pre-filled topic → alerts written)", "events/s");
        run.table.add("consistency-service / raw consume rate", rate / rawConsume, "ratio", AT_LEAST, 0.3, "");
        streamsBaseline(total, rate);
        stateSize();
        alertsWritten();
        return rate;
    }

    /**
     * Kafka Streams itself on this machine, in this JVM, with what consistency-service is built on: exactly_once_v2,
     * two stream threads, the pre-filled touches read, one RocksDB store write (with its changelog) and one output
     * record per touch, no parsing and no detector. No topology on this machine can do better than this.
     */
    void streamsBaseline(long total, double consistencyRate) throws Exception {
        String group = "bench-streams-baseline";
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, group);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka.bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, run.work.resolve("streams-baseline").toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("seen"), Serdes.String(),
                Serdes.Long()));
        builder.stream(Topics.TOUCHES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new ContextualProcessor<String, byte[], String, byte[]>() {
                    private KeyValueStore<String, Long> seen;

                    @Override
                    public void init(ProcessorContext<String, byte[]> context) {
                        super.init(context);
                        seen = context.getStateStore("seen");
                    }

                    @Override
                    public void process(Record<String, byte[]> record) {
                        RecordMetadata at = context().recordMetadata().orElseThrow();
                        seen.put(at.partition() + "/" + at.offset(), record.timestamp());
                        context().forward(record);
                    }
                }, "seen")
                .to("bench.streams.out", Produced.with(Serdes.String(), Serdes.ByteArray()));
        try (Progress progress = new Progress(run, group, total, null);
             KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            double baseline = progress.rate("Kafka Streams baseline");
            run.table.add("Kafka Streams alone, exactly_once_v2 (read, one store write, one output record per touch)",
                    baseline, "events/s", Table.Goal.NONE, Double.NaN, "consistency-service reaches "
                            + Table.format(consistencyRate / baseline) + " of it");
            drain.cpuRow("Kafka Streams alone", progress);
        }
    }

    void stateSize() throws Exception {
        Path state = run.logs.resolveSibling("streams-state");
        long stateBytes = Run.size(state, "");
        long changelog = 0;
        Map<String, Long> byStore = new TreeMap<>();
        try (var dirs = Files.list(run.work.resolve("kafka/data"))) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.startsWith("consistency-service-") && name.contains("changelog")) {
                    long bytes = Run.size(d, ".log"); // segments only: index files are preallocated sparse
                    changelog += bytes;
                    byStore.merge(name.substring("consistency-service-".length(), name.indexOf("-changelog")), bytes,
                            Long::sum);
                }
            }
        }
        byStore.forEach((store, bytes) -> run.notes.append("- changelog of `").append(store).append("`: ")
                .append(Table.format(bytes / 1048576.0)).append(" MiB after the pre-filled touches\n"));
        run.table.add("consistency-service state per active customer (RocksDB dirs)",
                (double) stateBytes / customers, "bytes", Table.Goal.NONE, Double.NaN,
                customers + " customers, " + Table.format(stateBytes / 1048576.0) + " MiB");
        run.table.add("consistency-service state per active customer (changelog topics on disk)",
                (double) changelog / customers, "bytes", Table.Goal.NONE, Double.NaN,
                Table.format(changelog / 1048576.0) + " MiB of segments");
    }

    /** What consistency-service wrote for the pre-filled touches: alert records against distinct alert ids. */
    void alertsWritten() throws Exception {
        long records = 0;
        Set<String> ids = new java.util.HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = run.alertsReader()) {
            List<TopicPartition> parts = new ArrayList<>(consumer.assignment());
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    ids.add(EventJson.MAPPER.readTree(r.value()).path("alertId").asText());
                }
            }
        }
        long stories = Math.round(customers * 0.2);
        run.table.add("consistency-service alert records written for the pre-filled touches", records, "records",
                Table.Goal.NONE, Double.NaN, ids.size() + " distinct alert ids; about " + stories
                        + " contradiction stories");
    }
}
