package dev.unison.contracts;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Builds the dead-letter copy of a record that failed validation: the original key, value and headers, plus
 * headers that say why and where it came from.
 */
public final class DeadLetters {
    public static final String REASON = "unison.dlq.reason";
    public static final String VIOLATIONS = "unison.dlq.violations";
    public static final String SOURCE_TOPIC = "unison.dlq.source-topic";
    public static final String SOURCE_PARTITION = "unison.dlq.source-partition";
    public static final String SOURCE_OFFSET = "unison.dlq.source-offset";
    public static final String FAILED_AT = "unison.dlq.failed-at";

    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> failed, String dlqTopic,
                                                    List<Violation> violations) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlqTopic, null, failed.key(), failed.value(),
                failed.headers());
        Headers h = out.headers();
        put(h, REASON, violations.isEmpty() ? "invalid event" : violations.get(0).toString());
        put(h, VIOLATIONS, EventJson.string(violations));
        put(h, SOURCE_TOPIC, failed.topic());
        put(h, SOURCE_PARTITION, Integer.toString(failed.partition()));
        put(h, SOURCE_OFFSET, Long.toString(failed.offset()));
        put(h, FAILED_AT, Instant.now().toString());
        return out;
    }

    /**
     * What kind of problem the violations are, as a short stable name for the metric tag {@code reason}:
     * {@code over-limit} (a limit of {@link JsonLimits}), {@code unreadable} (not JSON, not a CloudEvent),
     * {@code invalid-text} (NUL, an unpaired surrogate) or {@code invalid-event} (the schemas).
     */
    public static String category(List<Violation> violations) {
        for (Violation v : violations) {
            String d = v.detail();
            if (d.startsWith("over a limit")) {
                return "over-limit";
            }
            if (d.startsWith("malformed JSON") || d.startsWith("unreadable") || d.startsWith("empty")
                    || d.contains("not JSON") || d.startsWith("unsupported content-type")) {
                return "unreadable";
            }
            if (d.contains("U+0000") || d.contains("unpaired surrogate")) {
                return "invalid-text";
            }
        }
        return "invalid-event";
    }

    /** A header of a dead-letter record as text, or null. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
