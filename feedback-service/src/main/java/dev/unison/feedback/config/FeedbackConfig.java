package dev.unison.feedback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of feedback-service; each can be set by environment variable, e.g. FEEDBACK_MAX_BODY_BYTES. */
@ConfigMapping(prefix = "feedback")
public interface FeedbackConfig {

    /** Largest request body POST /feedback takes; a larger one is answered 413. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** How far an event's time may lie ahead of this service's clock before it is rejected. */
    @WithDefault("PT5M")
    Duration maxFutureSkew();

    Consumer consumer();

    Alerts alerts();

    Solicited solicited();

    Query query();

    interface Consumer {
        /** Consumer group of the feedback store; every instance of the service joins it. */
        @WithDefault("feedback-service")
        String groupId();

        /** Most records stored in one database transaction. */
        @WithDefault("1000")
        int maxBatch();

        /** Partitions of cx.feedback.v1 and cx.feedback.dlq when this service creates them. */
        @WithDefault("6")
        int partitions();

        /**
         * How long a batch may keep failing (the database away, say) before the consumer logs it as stuck, once, with
         * its offsets; readiness is DOWN from the first failure.
         */
        @WithDefault("PT2M")
        Duration stuckAfter();
    }

    interface Alerts {
        /** Consumer group of the alert store (its own group, independent of the feedback store). */
        @WithDefault("feedback-service-alerts")
        String groupId();

        @WithDefault("1000")
        int maxBatch();

        /** Partitions of cx.alerts.v1 when this service creates it first. */
        @WithDefault("6")
        int partitions();
    }

    /**
     * Possibly solicited survey answers: answers attributed to one agent count as a burst when at least
     * {@code minAnswers} different customers answered within {@code window}.
     */
    interface Solicited {
        @WithDefault("3")
        int minAnswers();

        @WithDefault("PT30M")
        Duration window();
    }

    interface Query {
        /** Period of the analytics when the request names none: the last this long up to now. */
        @WithDefault("P30D")
        Duration defaultPeriod();

        /** Look-back of GET /analytics/impact when the request names none. */
        @WithDefault("30")
        int defaultLookbackDays();

        /** Longest look-back accepted. */
        @WithDefault("365")
        int maxLookbackDays();
    }
}
