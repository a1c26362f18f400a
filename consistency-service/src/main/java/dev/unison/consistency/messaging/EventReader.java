package dev.unison.consistency.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.consistency.detector.TimedKeys;
import dev.unison.consistency.service.DetectorMetrics;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Violation;
import io.quarkus.logging.Log;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Reads CloudEvents (structured or binary mode) from a source topic, drops what fails validation (the ingesting
 * service dead-letters it; here it is counted) and repeats of an already seen (source, id), and forwards the
 * event as a record keyed by its customer id.
 */
public class EventReader<T> extends ContextualProcessor<String, byte[], String, T> {
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final String topic;
    private final String seenStore;
    private final EventValidator validator;
    private final Function<JsonNode, T> convert;
    private final Function<T, String> customerId;
    private final DetectorMetrics metrics;
    private final Duration retention;
    private KeyValueStore<String, Long> seen;

    public EventReader(String topic, String seenStore, EventValidator validator, Function<JsonNode, T> convert,
                       Function<T, String> customerId, DetectorMetrics metrics, Duration retention) {
        this.topic = topic;
        this.seenStore = seenStore;
        this.validator = validator;
        this.convert = convert;
        this.customerId = customerId;
        this.metrics = metrics;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, T> context) {
        super.init(context);
        seen = context.getStateStore(seenStore);
        context.schedule(PRUNE_EVERY, PunctuationType.STREAM_TIME, this::forgetOlderThanRetention);
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
            Log.debugf("Skipped an invalid event on %s: %s", topic, problems);
            return;
        }
        String id = event.path("source").asText() + "\u001f" + event.path("id").asText();
        if (seen.get(id) != null) {
            metrics.event(topic, "duplicate");
            return;
        }
        seen.put(id, record.timestamp());
        T value = convert.apply(event);
        context().forward(record.withKey(customerId.apply(value)).withValue(value));
        metrics.event(topic, "processed");
    }

    private void forgetOlderThanRetention(long streamTime) {
        TimedKeys.deleteOlderThan(seen, streamTime - retention.toMillis());
    }
}
