package dev.unison.contracts.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Consumes a topic in batches on its own thread: hands each polled batch to a handler, and commits the batch's
 * offsets only after the handler returned. When the handler fails (a database outage, say) the consumer seeks back
 * to the start of the batch and tries it again after a growing pause, so no record is ever skipped.
 */
public final class BatchConsumerLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchConsumerLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Handles one batch; throwing makes the whole batch be retried. */
    @FunctionalInterface
    public interface Handler {
        void handle(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception;
    }

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean healthy = true;
    private volatile String lastError;

    public BatchConsumerLoop(String bootstrapServers, String groupId, String topic, int maxBatch, Handler handler) {
        this.topic = topic;
        this.handler = handler;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + topic);
        // fail-over: a killed instance's partitions move to the others after 10 s instead of 45 s (README "Running
        // at scale"); heartbeats run on their own thread, so a long batch does not count against it
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, groupId + "-" + topic + "-consumer");
    }

    public BatchConsumerLoop start() {
        thread.start();
        return this;
    }

    /** False while batches keep failing; the last error says why. */
    public boolean healthy() {
        return healthy && thread.isAlive();
    }

    public String lastError() {
        return lastError;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
                records.forEach(batch::add);
                try {
                    handler.handle(batch);
                    consumer.commitSync(nextOffsets(batch));
                    healthy = true;
                    backoff = Duration.ofMillis(200);
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    healthy = false;
                    lastError = e.toString();
                    LOG.warnf("Batch of %d records from %s failed, retrying in %d ms: %s", batch.size(), topic,
                            backoff.toMillis(), e);
                    rewind(batch);
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            healthy = false;
            lastError = e.toString();
            LOG.errorf(e, "Consumer of %s stopped", topic);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void rewind(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
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
    }
}
