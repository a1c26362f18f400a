package dev.unison.consistency.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Violation;
import io.quarkus.logging.Log;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Reads CloudEvents (structured or binary mode) from a source topic, drops what fails validation (the ingesting
 * service dead-letters it; here it is counted) and repeats of an already seen (source, id), and forwards the
 * event as a record keyed by its customer id. Seen ids live in a window store by record time: its segments older
 * than the retention are dropped whole, so forgetting costs nothing and never scans the store on the stream thread.
 */
public class EventReader<T> extends ContextualProcessor<String, byte[], String, T> {
    private final String topic;
    private final String seenStore;
    private final EventValidator validator;
    private final Function<JsonNode, T> convert;
    private final Function<T, String> customerId;
    private final DetectorMetrics metrics;
    private final long retention;
    private WindowStore<String, Long> seen;

    public EventReader(String topic, String seenStore, EventValidator validator, Function<JsonNode, T> convert,
                       Function<T, String> customerId, DetectorMetrics metrics, Duration retention) {
        this.topic = topic;
        this.seenStore = seenStore;
        this.validator = validator;
        this.convert = convert;
        this.customerId = customerId;
        this.metrics = metrics;
        this.retention = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, T> context) {
        super.init(context);
        seen = context.getStateStore(seenStore);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        JsonNode event;
        List<Violation> problems;
        try {
            event = CloudEventCodec.fromKafka(record.headers(), record.value());
            problems = validator.validate(event);
        } catch (InvalidEventException e) {
            event = null;
            problems = e.violations();
        }
        if (!problems.isEmpty()) {
            metrics.event(topic, "invalid");
            Log.debugf("Skipped an invalid event on %s: %s", topic, JsonLimits.forLog(problems.toString()));
            return;
        }
        String id = event.path("source").asText() + "\u001f" + event.path("id").asText();
        if (seenWithinRetention(id, record.timestamp())) {
            metrics.event(topic, "duplicate");
            return;
        }
        seen.put(id, record.timestamp(), record.timestamp());
        T value = convert.apply(event);
        context().forward(record.withKey(customerId.apply(value)).withValue(value));
        metrics.event(topic, "processed");
    }

    /** Whether the id was seen in a record up to the retention before or after this one (timestamps may disorder). */
    private boolean seenWithinRetention(String id, long timestamp) {
        try (WindowStoreIterator<Long> times = seen.fetch(id, Instant.ofEpochMilli(Math.max(0, timestamp - retention)),
                Instant.ofEpochMilli(timestamp + retention))) {
            return times.hasNext();
        }
    }
}
