package dev.unison.consistency.messaging;

import dev.unison.consistency.store.StateSerde;
import dev.unison.contracts.JsonLimits;
import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.kafka.KafkaSecurity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Writes the records the streams set aside to {@value StreamTopics#DEAD_LETTERS}: the source record's key, value and
 * headers, plus the contract's dead-letter headers ({@code unison.dlq.reason}, source topic, partition and offset,
 * failed-at) and {@code unison.dlq.rule} (the rule whose detector failed, or the processor). Counts them in
 * {@code unison_consistency_dead_lettered_total{reason}}. The write is synchronous and outside the streams'
 * transaction: a record whose transaction is later aborted is dead-lettered again when it is processed again.
 */
@ApplicationScoped
@Unremovable
public class DeadLetterPublisher {
    public static final String RULE = "unison.dlq.rule";
    /** Reasons (the metric's tag and the start of the reason header). */
    public static final String STATE_TOO_LARGE = "state-too-large";
    public static final String PROCESSING_FAILED = "processing-failed";
    /** On a dead letter whose value was too large for the topic: the value's size in bytes (the value is left out). */
    public static final String VALUE_DROPPED = "unison.dlq.value-dropped";
    private static final long SEND_TIMEOUT_MS = 10_000;

    private final String bootstrapServers;
    private final MeterRegistry registry;
    private KafkaProducer<byte[], byte[]> producer;

    public DeadLetterPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                               MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
    }

    /** The reason of a processing failure: state too large to keep, or any other failure. */
    static String processingReason(Throwable exception) {
        for (Throwable e = exception; e != null; e = e.getCause()) {
            if (e instanceof StateSerde.TooLargeException) {
                return STATE_TOO_LARGE;
            }
        }
        return PROCESSING_FAILED;
    }

    /** Copies the record to the dead-letter topic; false when it could not be written. */
    boolean deadLetter(ErrorHandlerContext context, byte[] key, byte[] value, String reason, Exception exception) {
        String rule = ruleOf(context.processorNodeId());
        String detail = reason + ": " + JsonLimits.forLog(String.valueOf(rootMessage(exception)));
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(StreamTopics.DEAD_LETTERS, null, key, value,
                copy(context.headers()));
        Headers h = out.headers();
        put(h, DeadLetters.REASON, detail);
        put(h, RULE, rule);
        put(h, DeadLetters.SOURCE_TOPIC, String.valueOf(context.topic()));
        put(h, DeadLetters.SOURCE_PARTITION, Integer.toString(context.partition()));
        put(h, DeadLetters.SOURCE_OFFSET, Long.toString(context.offset()));
        put(h, DeadLetters.FAILED_AT, Instant.now().toString());
        try {
            send(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Log.errorf("Could not dead-letter %s-%d@%d (%s); the stream stops rather than lose it", context.topic(),
                    context.partition(), context.offset(), reason);
            return false;
        } catch (Exception e) {
            Log.errorf(e, "Could not dead-letter %s-%d@%d (%s); the stream stops rather than lose it",
                    context.topic(), context.partition(), context.offset(), reason);
            return false;
        }
        io.micrometer.core.instrument.Counter.builder("unison.consistency.dead.lettered")
                .description("Records the detectors set aside on cx.consistency.dlq, by reason").tag("reason", reason)
                .register(registry).increment();
        Log.warnf("Set aside %s-%d@%d in %s (%s, at %s): %s", context.topic(), context.partition(), context.offset(),
                StreamTopics.DEAD_LETTERS, reason, rule, JsonLimits.forLog(String.valueOf(rootMessage(exception))));
        return true;
    }

    /** Sends; a record too large for the topic goes without its value, a header saying how large it was. */
    private void send(ProducerRecord<byte[], byte[]> out) throws Exception {
        try {
            producer().send(out).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RecordTooLargeException) || out.value() == null) {
                throw e;
            }
            ProducerRecord<byte[], byte[]> small = new ProducerRecord<>(out.topic(), null, out.key(), null,
                    out.headers());
            put(small.headers(), VALUE_DROPPED, Integer.toString(out.value().length));
            producer().send(small).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The rule whose detector runs in the processor (processors are named after their detector's store). */
    static String ruleOf(String processor) {
        if (processor == null) {
            return "none";
        }
        return Arrays.stream(Rule.values()).map(Rule::id).filter(processor::startsWith).findFirst().orElse(processor);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            message = root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return message;
    }

    private static Headers copy(Headers headers) {
        org.apache.kafka.common.header.internals.RecordHeaders out = new org.apache.kafka.common.header.internals.RecordHeaders();
        if (headers != null) {
            for (Header header : headers) {
                out.add(header.key(), header.value());
            }
        }
        return out;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaSecurity.with(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    // a dead letter carries the record as it came: up to the topic's limit, else without its value
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                    ProducerConfig.CLIENT_ID_CONFIG, "consistency-service-dead-letters")),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
