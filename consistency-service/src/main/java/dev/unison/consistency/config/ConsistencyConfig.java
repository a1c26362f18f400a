package dev.unison.consistency.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of consistency-service; each can be set by environment variable, e.g. CONSISTENCY_PARTITIONS. */
@ConfigMapping(prefix = "consistency")
public interface ConsistencyConfig {

    /** Partitions of the topics this service creates when they are missing. */
    @WithDefault("6")
    int partitions();

    /** How far an event's time may lie ahead of this service's clock before the event is skipped. */
    @WithDefault("PT5M")
    Duration maxFutureSkew();

    /** How long an event id is remembered to evaluate a repeat of the event only once. */
    @WithDefault("P7D")
    Duration dedupRetention();

    /** How often the wall-clock checks run (renewal dates near, approvals overdue). */
    @WithDefault("PT1M")
    Duration punctuateEvery();

    /** How long a rebalance of the streams still counts as ready; a longer one makes the service not ready. */
    @WithDefault("PT2M")
    Duration rebalanceGrace();

    /** Deadline of the synchronous writes of REST (rules, facts) to Kafka. */
    @WithDefault("PT10S")
    Duration publishTimeout();

    /**
     * Defaults of each rule's settings over the built-in ones, by rule id, e.g.
     * {@code consistency.rules."duplicate-outreach".threshold=3}; REST changes go over these.
     */
    Map<String, RuleDefaults> rules();

    /** How answers are read: the conventions (decimal separator, day or month first) of their locale. */
    Answers answers();

    interface Answers {
        /** The locale of answers whose source has none configured: a table in answers/ (en, en-GB, de, fr, es). */
        @WithDefault("en")
        String locale();

        /** Locales by source (a prefix of the CloudEvents source), e.g. {@code consistency.answers.sources."/crm/uk"=en-GB}. */
        Map<String, String> sources();
    }

    interface RuleDefaults {
        Optional<Boolean> enabled();

        Optional<String> severity();

        Optional<Duration> window();

        Optional<Duration> lookBack();

        Optional<Duration> noticePeriod();

        Optional<Duration> maxWait();

        Optional<Integer> threshold();

        Optional<Duration> gracePeriod();

        Optional<List<String>> owners();
    }
}
