package dev.unison.consistency.service;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of the detectors: {@code unison_consistency_events_total{topic,outcome}} (processed, duplicate, invalid)
 * and {@code unison_alerts_total{rule}}.
 */
public final class DetectorMetrics {
    private final MeterRegistry registry;

    public DetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void event(String topic, String outcome) {
        registry.counter("unison.consistency.events", "topic", topic, "outcome", outcome).increment();
    }

    public void alert(Rule rule) {
        registry.counter("unison.alerts", "rule", rule.id()).increment();
    }
}
