package dev.unison.consistency;

import dev.unison.contracts.Topics;
import dev.unison.testsupport.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Waits until the detectors have taken in every event sent so far. */
final class Quiet {
    private Quiet() {
    }

    /**
     * Until the service's consumer group has committed (with its transaction, so with the state and alerts the events
     * caused) up to the end of every topic it reads: the sources first, then what they repartitioned (answers by
     * question, the bug ledger), which is in the repartition topics once the sources are committed.
     */
    static void awaitQuiet() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedKafka.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!caughtUp(admin, new TreeSet<>(List.of(Topics.TOUCHES, Topics.FEEDBACK)))) {
                    return false;
                }
                Set<String> repartitions = admin.listTopics().names().get().stream()
                        .filter(t -> t.startsWith("consistency-service-") && t.endsWith("-repartition"))
                        .collect(Collectors.toSet());
                return caughtUp(admin, repartitions);
            });
        }
    }

    private static boolean caughtUp(Admin admin, Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                        OffsetSpec.latest())));
        var ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("consistency-service")
                .partitionsToOffsetAndMetadata().get();
        for (var end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            if (end.getValue().offset() > (at == null ? 0 : at.offset())) {
                return false;
            }
        }
        return true;
    }
}
