package dev.unison.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.Topics;
import dev.unison.simulator.Stories;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every consumer of cx.touches.v1 does first with a record (journey-service's store and consistency-service's
 * event reader alike): read the CloudEvent, validate it against the schema, map it to a Touch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventReadBench {
    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    private final EventValidator validator = EventValidator.forTouches(Duration.ofMinutes(5));
    private int next;

    @Setup
    public void events() {
        Stories stories = new Stories(3, Clock.systemUTC());
        int customer = 0;
        while (records.size() < 5_000) {
            stories.story(customer % 5 == 0 ? "conflicting-answers" : null, "c-" + (++customer)).events().stream()
                    .filter(e -> e.path("type").asText().startsWith("cx.touch."))
                    .forEach(e -> records.add(CloudEventCodec.toKafka(Topics.TOUCHES, e)));
        }
    }

    @Benchmark
    public Object parseValidateMap() {
        ProducerRecord<String, byte[]> r = records.get(next);
        next = (next + 1) % records.size();
        JsonNode event = CloudEventCodec.fromKafka(r.headers(), r.value());
        validator.require(event);
        return EventJson.toTouch(event);
    }

    @Benchmark
    public Object validateOnly() {
        ProducerRecord<String, byte[]> r = records.get(next);
        next = (next + 1) % records.size();
        return validator.validate(CloudEventCodec.parse(r.value()));
    }
}
