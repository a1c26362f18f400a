package dev.unison.contracts.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way Unison services write to Kafka outside Kafka Streams: an idempotent producer with {@code acks=all}
 * whose {@link #sendAll} returns only once the broker has every record, so a caller reports success only for what is
 * durably in Kafka.
 */
public final class ReliableProducer<K> implements AutoCloseable {
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaProducer<K, byte[]> producer;

    public ReliableProducer(String bootstrapServers, String clientId, Serializer<K> keySerializer) {
        this.producer = new KafkaProducer<>(KafkaSecurity.with(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // must cover linger.ms + request.timeout.ms (30 s)
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 35_000,
                ProducerConfig.CLIENT_ID_CONFIG, clientId)),
                keySerializer, new ByteArraySerializer());
    }

    /**
     * Sends the records and waits until the broker acknowledged all of them.
     *
     * @throws PublishException when any was not acknowledged in time; sending them again is safe where the reader
     *                          ignores repeats of an event id
     */
    public void sendAll(List<ProducerRecord<K, byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (ProducerRecord<K, byte[]> record : records) {
            sent.add(producer.send(record));
        }
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("Kafka did not acknowledge the records: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Records could not be handed to Kafka. */
    public static class PublishException extends RuntimeException {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
