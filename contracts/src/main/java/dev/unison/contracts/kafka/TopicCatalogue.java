package dev.unison.contracts.kafka;

import dev.unison.contracts.Topics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every topic of Unison in one place, with how it is made: compacted or not, and partitioned by customer (as many
 * partitions as {@code cx.touches.v1}, so a customer's records of every topic meet in one task) or one partition
 * (settings every instance reads whole). The launcher creates {@link #all}; each service, at start, creates the ones
 * it uses ({@link #specs(int, String...)}); the compose file and the Kubernetes job list the same names (deploy's
 * tests compare). The per-department copies of alerts ({@link Topics#alertsFor}) are made by notification-service
 * as departments subscribe, and are not listed here.
 */
public final class TopicCatalogue {

    /** One topic: its name, whether it is compacted, and whether it has the customer partitions or one. */
    public record Topic(String name, boolean compacted, boolean byCustomer) {
        /** Its spec with this many customer partitions, under its own name. */
        public TopicAdmin.Spec spec(int partitions) {
            return spec(name, partitions);
        }

        /** Its spec under another name (a test's prefixed copy of the topic). */
        public TopicAdmin.Spec spec(String as, int partitions) {
            int n = byCustomer ? partitions : 1;
            return compacted ? TopicAdmin.Spec.compacted(as, n) : TopicAdmin.Spec.of(as, n);
        }
    }

    public static final List<Topic> ALL = List.of(
            new Topic(Topics.TOUCHES, false, true),
            new Topic(Topics.TOUCHES_DLQ, false, true),
            new Topic(Topics.FEEDBACK, false, true),
            new Topic(Topics.FEEDBACK_DLQ, false, true),
            new Topic(Topics.ALERTS, false, true),
            new Topic(Topics.ALERTS_DLQ, false, true),
            new Topic(Topics.CONSISTENCY_DLQ, false, true),
            new Topic(Topics.RULES, true, false),
            new Topic(Topics.FACTS, true, false),
            new Topic(Topics.ERASURES, true, true),
            new Topic(Topics.ERASURES_DLQ, false, true));

    private static final Map<String, Topic> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));

    private TopicCatalogue() {
    }

    /** The topic of this name; an unknown name is a programming error. */
    public static Topic topic(String name) {
        Topic topic = BY_NAME.get(name);
        if (topic == null) {
            throw new IllegalArgumentException(name + " is not in the topic catalogue");
        }
        return topic;
    }

    /** Every topic, with this many customer partitions. */
    public static List<TopicAdmin.Spec> all(int partitions) {
        return ALL.stream().map(t -> t.spec(partitions)).toList();
    }

    /** The named topics, with this many customer partitions. */
    public static List<TopicAdmin.Spec> specs(int partitions, String... names) {
        return Arrays.stream(names).map(n -> topic(n).spec(partitions)).toList();
    }
}
