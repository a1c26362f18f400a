package dev.unison.journey.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of journey-service; each can be set by environment variable, e.g. JOURNEY_MAX_BODY_BYTES. */
@ConfigMapping(prefix = "journey")
public interface JourneyConfig {

    /** Largest request body POST /touches takes; a larger one is answered 413. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** How far an event's time may lie ahead of this service's clock before it is rejected. */
    @WithDefault("PT5M")
    Duration maxFutureSkew();

    Consumer consumer();

    Query query();

    Storage storage();

    interface Consumer {
        /** Consumer group of the touch store; every instance of the service joins it. */
        @WithDefault("journey-service")
        String groupId();

        /**
         * Most records stored in one database transaction (one COPY, one offset commit). Each batch costs a commit in
         * PostgreSQL and one in Kafka of 10–20 ms on two shared cores: at 1,000 records that was a quarter of the
         * time a batch took, at 5,000 it is a tenth (bench/results).
         */
        @WithDefault("5000")
        int maxBatch();

        /**
         * Consumers of the group in this instance, each on its own thread and partitions (at most the number of
         * partitions do work). One by default: on two shared cores a second one stored no more touches per second
         * (bench/results); on more cores it lets parsing one batch overlap with storing another.
         */
        @WithDefault("1")
        int threads();

        /**
         * How long a batch may keep failing (the database away, say) before the consumer logs it as stuck, once, with
         * its offsets; readiness is DOWN from the first failure.
         */
        @WithDefault("PT2M")
        Duration stuckAfter();

        /** Partitions of cx.touches.v1 when this service creates it. */
        @WithDefault("6")
        int partitions();
    }

    interface Query {
        @WithDefault("50")
        int defaultLimit();

        @WithDefault("500")
        int maxLimit();

        /** Period of the analytics when the request names none. */
        @WithDefault("P30D")
        Duration defaultPeriod();
    }

    /** Monthly partitions of the touches table (see the README's "Storage"). */
    interface Storage {
        /** Partitions created ahead of this month. */
        @WithDefault("2")
        int monthsAhead();

        /** Months kept before this one; older months are dropped whole. 0 keeps every month. */
        @WithDefault("0")
        int retentionMonths();
    }
}
