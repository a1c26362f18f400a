package dev.unison.notification.service;

import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The group of an alert: the values of the configured grouping labels (notification.grouping.labels). */
@ApplicationScoped
public class AlertGrouping {
    public static final Set<String> LABELS = Set.of("rule", "fingerprint", "severity", "customer");

    private final List<String> labels;

    @Inject
    public AlertGrouping(NotificationConfig config) {
        this(config.grouping().labels());
    }

    /** Groups by the given labels; fails on a label it does not know. */
    public AlertGrouping(List<String> labels) {
        this.labels = labels.stream().map(String::strip).distinct().toList();
        List<String> unknown = this.labels.stream().filter(l -> !LABELS.contains(l)).toList();
        if (this.labels.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("notification.grouping.labels must name some of " + LABELS
                    + "; unknown: " + unknown);
        }
    }

    /** The group of an alert: its key ("fingerprint=…") and its labels as a JSON object. */
    public record Group(String key, String labelsJson) {
    }

    public Group of(Alert alert) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String label : labels) {
            values.put(label, switch (label) {
                case "rule" -> alert.rule();
                case "fingerprint" -> alert.fingerprint();
                case "severity" -> alert.severity();
                default -> alert.customerId();
            });
        }
        String key = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return new Group(key, EventJson.string(values));
    }
}
