package dev.unison.contracts;

/**
 * Names of the Kafka topics of the Unison contracts. Every topic is keyed by customer id. How each is created
 * (partitions, clean-up) is in {@link dev.unison.contracts.kafka.TopicCatalogue}.
 */
public final class Topics {
    public static final String TOUCHES = "cx.touches.v1";
    public static final String TOUCHES_DLQ = "cx.touches.dlq";
    public static final String FEEDBACK = "cx.feedback.v1";
    public static final String FEEDBACK_DLQ = "cx.feedback.dlq";
    public static final String ALERTS = "cx.alerts.v1";
    public static final String ALERTS_DLQ = "cx.alerts.dlq";
    public static final String RULES = "cx.rules.v1";
    public static final String FACTS = "cx.facts.v1";
    /** Requests to erase a customer (compacted, keyed by customer id, as many partitions as cx.touches.v1). */
    public static final String ERASURES = "cx.erasures.v1";
    public static final String ERASURES_DLQ = "cx.erasures.dlq";
    /** What consistency-service could not read of its inputs, with the reason in headers. */
    public static final String CONSISTENCY_DLQ = "cx.consistency.dlq";

    private Topics() {
    }

    /** The dead-letter topic of a topic: {@code cx.touches.v1} → {@code cx.touches.dlq}. */
    public static String deadLettersOf(String topic) {
        int dot = topic.lastIndexOf('.');
        return (dot < 0 ? topic : topic.substring(0, dot)) + ".dlq";
    }

    /** The topic an alert is copied to for one department's subscribers. */
    public static String alertsFor(String department) {
        return "cx.alerts." + department;
    }
}
