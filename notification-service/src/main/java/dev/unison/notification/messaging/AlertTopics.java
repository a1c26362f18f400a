package dev.unison.notification.messaging;

import dev.unison.contracts.Topics;

import java.util.Set;

/** Topic names of this service beyond the contracts' {@link Topics}. */
public final class AlertTopics {
    /** Alerts from cx.alerts.v1 that do not parse or validate, with the reason in DeadLetters headers. */
    public static final String ALERTS_DLQ = "cx.alerts.dlq";

    /** Department names whose cx.alerts.&lt;department&gt; topic would be one of the service's own topics. */
    public static final Set<String> RESERVED_DEPARTMENTS = Set.of("v1", "dlq");

    private AlertTopics() {
    }
}
