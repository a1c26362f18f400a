package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of the detectors: {@code unison_consistency_events_total{topic,outcome}} (processed, duplicate, invalid),
 * {@code unison_alerts_total{rule}} and {@code unison_answers_read_total{outcome}}. Each counter is looked up in the
 * registry once, not on every event.
 */
public final class DetectorMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Map<Rule, Counter> alerts = new ConcurrentHashMap<>();
    private final Map<String, Counter> answers = new ConcurrentHashMap<>();

    public DetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void event(String topic, String outcome) {
        events.computeIfAbsent(topic + ' ' + outcome, k -> Counter.builder("unison.consistency.events")
                .description("Events read by the detectors, by topic and outcome (processed, duplicate, invalid)")
                .tag("topic", topic).tag("outcome", outcome).register(registry)).increment();
    }

    /** One answer read: {@code unison_answers_read_total{outcome}}, outcome read, structured or unread. */
    public void answer(String outcome) {
        answers.computeIfAbsent(outcome, o -> Counter.builder("unison.answers.read")
                .description("Answers read into typed values (read), taken as given (structured) or left as text (unread)")
                .tag("outcome", o).register(registry)).increment();
    }

    public void alert(Rule rule) {
        alerts.computeIfAbsent(rule, r -> Counter.builder("unison.alerts")
                .description("Alerts published, by rule").tag("rule", r.id()).register(registry)).increment();
    }
}
