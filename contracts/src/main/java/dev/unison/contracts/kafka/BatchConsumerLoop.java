package dev.unison.contracts.kafka;

import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.Topics;
import dev.unison.contracts.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes a topic in batches on its own thread: hands each polled batch to a handler, and commits the batch's
 * offsets only after the handler returned. What happens when the handler fails depends on why
 * ({@link Failures#isDataError}):
 * <ul>
 *   <li>a passing failure (the database or Kafka away, a serialization failure, a timeout): the consumer seeks back
 *   to the first record not yet stored and tries again after a growing pause (up to 5 s, so work resumes within
 *   seconds of an outage's end), so no record is ever skipped; a batch failing for longer than {@link Settings#stuckAfter} is logged once, with its offsets;</li>
 *   <li>a failure caused by the records (PostgreSQL refusing a value, say): the batch is halved until the records
 *   that fail alone are found; each is copied to the dead-letter topic with the reason in {@link DeadLetters}
 *   headers, and every other record of the batch is handed over and stored.</li>
 * </ul>
 * Metrics: {@code unison_consumer_lag} (records behind the end of the assigned partitions),
 * {@code unison_consumer_dead_lettered_total{topic,reason}}, {@code unison_consumer_batches_retried_total}.
 */
public final class BatchConsumerLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchConsumerLoop.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    static final String DEAD_LETTERED = "unison.consumer.dead.lettered";

    /** Handles one batch; throwing makes the batch be retried (a passing failure) or bisected (a data error). */
    @FunctionalInterface
    public interface Handler {
        void handle(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception;
    }

    /**
     * How a loop consumes.
     *
     * @param deadLetterTopic where records that fail for what they are go
     *                        ({@code cx.touches.v1} → {@code cx.touches.dlq} by default)
     * @param stuckAfter      how long a batch may keep failing before it is logged as stuck (once)
     * @param registry        where the metrics go
     * @param groupInstanceId the consumer's {@code group.instance.id} (static membership), or null for a dynamic
     *                        member; see {@link #withStaticMember}
     */
    public record Settings(String bootstrapServers, String groupId, String topic, int maxBatch,
                           String deadLetterTopic, Duration stuckAfter, MeterRegistry registry,
                           String groupInstanceId) {
        public static Settings of(String bootstrapServers, String groupId, String topic, int maxBatch) {
            return new Settings(bootstrapServers, groupId, topic, maxBatch, Topics.deadLettersOf(topic),
                    Duration.ofMinutes(2), Metrics.globalRegistry, null);
        }

        public Settings withDeadLetterTopic(String deadLetterTopic) {
            return new Settings(bootstrapServers, groupId, topic, maxBatch, deadLetterTopic, stuckAfter, registry,
                    groupInstanceId);
        }

        public Settings withStuckAfter(Duration stuckAfter) {
            return new Settings(bootstrapServers, groupId, topic, maxBatch, deadLetterTopic, stuckAfter, registry,
                    groupInstanceId);
        }

        public Settings withRegistry(MeterRegistry registry) {
            return new Settings(bootstrapServers, groupId, topic, maxBatch, deadLetterTopic, stuckAfter, registry,
                    groupInstanceId);
        }

        /**
         * Static group membership for the consumer {@code consumer} (0, 1, … within this instance) of the instance
         * named {@code instanceId} (the same name every time that instance starts: {@code UNISON_INSTANCE_ID}, set
         * per instance by the launcher, or a StatefulSet pod's name): its {@code group.instance.id} is
         * {@code <instanceId>-<consumer>}. A restarted instance then takes its partitions straight back, without a
         * rebalance and without waiting for its former session to expire; an instance that does not come back holds
         * them until its session times out (10 s), and a stopped one does not leave the group (static members never
         * do). An empty or absent id keeps the consumer a dynamic member.
         */
        public Settings withStaticMember(java.util.Optional<String> instanceId, int consumer) {
            String id = instanceId.filter(s -> !s.isBlank()).map(s -> s.strip() + "-" + consumer).orElse(null);
            return new Settings(bootstrapServers, groupId, topic, maxBatch, deadLetterTopic, stuckAfter, registry, id);
        }
    }

    private final Settings settings;
    private final String clientId;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Handler handler;
    private final Thread thread;
    private final Counter retried;
    private final Gauge lagGauge;
    private ReliableProducer<byte[]> deadLetters;
    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile Instant failingSince;
    private boolean stuckLogged;
    private volatile String lastError;
    private volatile long lag;

    public BatchConsumerLoop(String bootstrapServers, String groupId, String topic, int maxBatch, Handler handler) {
        this(Settings.of(bootstrapServers, groupId, topic, maxBatch), handler);
    }

    public BatchConsumerLoop(Settings settings, Handler handler) {
        this.settings = settings;
        this.handler = handler;
        this.clientId = settings.groupId() + "-" + settings.topic() + "-" + INSTANCES.incrementAndGet();
        Properties props = new Properties();
        props.putAll(KafkaSecurity.clientSettings());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // fail-over: a killed instance's partitions move to the others after 6 s (the broker's least session
        // timeout) instead of 45 s, and the others hear of the rebalance within a heartbeat (README "Running at
        // scale"); heartbeats run on their own thread, so a long batch does not count against it
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        if (settings.groupInstanceId() != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.groupInstanceId());
        }
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, clientId + "-consumer");
        MeterRegistry registry = settings.registry();
        this.retried = Counter.builder("unison.consumer.batches.retried")
                .description("Batches tried again after a passing failure")
                .tags("topic", settings.topic(), "group", settings.groupId()).register(registry);
        this.lagGauge = Gauge.builder("unison.consumer.lag", this, loop -> loop.lag)
                .description("Records of the assigned partitions not yet consumed")
                .tags("topic", settings.topic(), "group", settings.groupId(), "client", clientId)
                .strongReference(true).register(registry);
    }

    /** Counts records a handler copied to a dead-letter topic itself (invalid events), by reason. */
    public static void countDeadLettered(MeterRegistry registry, String topic, String reason, int records) {
        if (records > 0) {
            Counter.builder(DEAD_LETTERED).description("Records copied to a dead-letter topic, by reason")
                    .tags("topic", topic, "reason", reason).register(registry).increment(records);
        }
    }

    public BatchConsumerLoop start() {
        thread.start();
        return this;
    }

    /**
     * True once the consumer joined its group and while its last batch was stored; false before it has its
     * partitions, while a batch keeps failing, and once the thread stopped.
     */
    public boolean healthy() {
        return assigned && failingSince == null && thread.isAlive();
    }

    /** Why the consumer is not healthy, or the last failure; null when nothing failed. */
    public String lastError() {
        if (!thread.isAlive() && lastError == null) {
            return running ? "not running" : "closed";
        }
        if (!assigned && lastError == null) {
            return "waiting for partitions of " + settings.topic();
        }
        return lastError;
    }

    /** Records of the assigned partitions not yet consumed, as of the last poll. */
    public long lag() {
        return lag;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        try {
            consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned = true;
                }
            });
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                lag = currentLag();
                if (records.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
                records.forEach(batch::add);
                Progress progress = new Progress(batch);
                try {
                    store(progress, 0, batch.size());
                    recovered();
                    backoff = FIRST_BACKOFF;
                } catch (TransientFailure e) {
                    failed(progress, e.getCause(), backoff);
                    rewind(progress);
                    Thread.sleep(backoff.toMillis());
                    Duration doubled = backoff.multipliedBy(2);
                    backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            lastError = JsonLimits.forLog(e.toString());
            LOG.errorf(e, "Consumer of %s stopped", settings.topic());
        } finally {
            consumer.close(Duration.ofSeconds(5));
            if (deadLetters != null) {
                deadLetters.close();
            }
        }
    }

    /** The records of a polled batch and how many of them, from the first, are stored or set aside. */
    private static final class Progress {
        final List<ConsumerRecord<byte[], byte[]>> batch;
        int done;

        Progress(List<ConsumerRecord<byte[], byte[]>> batch) {
            this.batch = batch;
        }

        String offsets() {
            return ranges(batch.subList(done, batch.size()));
        }
    }

    /** A failure that is not the records' fault: the batch is tried again from its first record not yet done. */
    private static final class TransientFailure extends Exception {
        TransientFailure(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Hands records [from, to) of the batch to the handler and commits them; on a data error halves the range until
     * each record that fails alone is found and dead-lettered. Records are in partition and offset order (as polled),
     * so the committed offsets only move forward.
     */
    private void store(Progress progress, int from, int to) throws TransientFailure {
        List<ConsumerRecord<byte[], byte[]>> part = progress.batch.subList(from, to);
        try {
            handler.handle(part);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            if (!Failures.isDataError(e)) {
                throw new TransientFailure(e);
            }
            if (to - from > 1) {
                if (from == 0 && to == progress.batch.size()) {
                    LOG.infof("Batch of %d records from %s (%s) holds a record that cannot be stored (%s); "
                            + "looking for it", part.size(), settings.topic(), ranges(part), Failures.reason(e));
                }
                int middle = (from + to) >>> 1;
                store(progress, from, middle);
                store(progress, middle, to);
                return;
            }
            deadLetter(part.get(0), e);
        }
        try {
            consumer.commitSync(nextOffsets(part));
        } catch (RuntimeException e) {
            if (e instanceof WakeupException) {
                throw e;
            }
            throw new TransientFailure(e);
        }
        progress.done = to;
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable e) throws TransientFailure {
        String reason = Failures.reason(e);
        String detail = "cannot be stored (" + reason + "): " + JsonLimits.forLog(e.getMessage(), 1000);
        try {
            if (deadLetters == null) {
                deadLetters = new ReliableProducer<>(settings.bootstrapServers(), clientId + "-dlq",
                        new ByteArraySerializer());
            }
            deadLetters.sendAll(List.of(DeadLetters.of(record, settings.deadLetterTopic(),
                    List.of(new Violation("", detail)))));
        } catch (ReliableProducer.PublishException publish) {
            throw new TransientFailure(publish);
        }
        countDeadLettered(settings.registry(), settings.topic(), reason, 1);
        LOG.warnf("Record %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                settings.deadLetterTopic(), detail);
    }

    private void failed(Progress progress, Throwable e, Duration backoff) {
        retried.increment();
        lastError = JsonLimits.forLog(e.toString());
        Instant now = Instant.now();
        if (failingSince == null) {
            failingSince = now;
            LOG.warnf("Batch of %d records from %s (%s) failed, retrying with a pause growing from %d ms: %s",
                    progress.batch.size() - progress.done, settings.topic(), progress.offsets(), backoff.toMillis(),
                    lastError);
        } else if (!stuckLogged && Duration.between(failingSince, now).compareTo(settings.stuckAfter()) >= 0) {
            stuckLogged = true;
            LOG.errorf("Consumer of %s is stuck: the batch at %s has failed for %d s and is still retried: %s",
                    settings.topic(), progress.offsets(), Duration.between(failingSince, now).toSeconds(), lastError);
        } else {
            LOG.debugf("Batch from %s (%s) failed again: %s", settings.topic(), progress.offsets(), lastError);
        }
    }

    private void recovered() {
        if (failingSince != null) {
            LOG.infof("Consumer of %s stores again after failing for %d s", settings.topic(),
                    Duration.between(failingSince, Instant.now()).toSeconds());
            failingSince = null;
            stuckLogged = false;
        }
    }

    /** Seeks every partition of the records not yet done back to the first of them. */
    private void rewind(Progress progress) {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : progress.batch.subList(progress.done, progress.batch.size())) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    private long currentLag() {
        long sum = 0;
        for (TopicPartition tp : consumer.assignment()) {
            sum += consumer.currentLag(tp).orElse(0);
        }
        return sum;
    }

    /** The offsets of the records as {@code topic-partition@first..last} ranges, for a log line. */
    static String ranges(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ranges.merge(new TopicPartition(r.topic(), r.partition()), new long[]{r.offset(), r.offset()},
                    (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<String> out = new ArrayList<>();
        ranges.forEach((tp, r) -> out.add(tp + "@" + r[0] + ".." + r[1]));
        return String.join(", ", out);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        settings.registry().remove(lagGauge);
    }
}
