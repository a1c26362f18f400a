package dev.unison.journey;

import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.testsupport.EmbeddedKafka;
import dev.unison.testsupport.KafkaTestClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumers' static group membership (contracts' BatchConsumerLoop, as journey-service's TouchConsumer sets it up
 * from unison.instance-id) against a real broker: members named {@code <instance>-<n>}; an instance stopped and started
 * again takes its partitions straight back (inside the 6 s session timeout a new dynamic member would wait for)
 * and consumes what was sent meanwhile; without an instance id the consumer is a dynamic member.
 */
class StaticMembershipTest {

    @Test
    void aRestartedInstanceTakesItsPartitionsStraightBack() throws Exception {
        String topic = "static-" + UUID.randomUUID();
        String group = "static-group-" + UUID.randomUUID();
        String bootstrap = EmbeddedKafka.bootstrapServers();
        TopicAdmin.ensure(bootstrap, List.of(TopicAdmin.Spec.of(topic, 4)));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        BatchConsumerLoop.Settings settings = BatchConsumerLoop.Settings.of(bootstrap, group, topic, 100);
        BatchConsumerLoop.Handler handler = batch -> batch.forEach(r -> seen.add(new String(r.value(), StandardCharsets.UTF_8)));

        BatchConsumerLoop a = new BatchConsumerLoop(settings.withStaticMember(Optional.of("journey-service"), 0), handler).start();
        BatchConsumerLoop b = new BatchConsumerLoop(settings.withStaticMember(Optional.of("journey-service-2"), 0), handler).start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.healthy() && b.healthy()
                    && members(admin, group).size() == 2);
            assertThat(members(admin, group).keySet()).containsExactlyInAnyOrder("journey-service-0", "journey-service-2-0");
            Set<Integer> partitionsOfA = members(admin, group).get("journey-service-0");

            a.close(); // a static member does not leave: its partitions wait for it (until its session expires)
            for (int i = 0; i < 40; i++) {
                KafkaTestClient.send(new ProducerRecord<>(topic, "key-" + i, ("m-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            long restarted = System.nanoTime();
            BatchConsumerLoop again = new BatchConsumerLoop(settings.withStaticMember(Optional.of("journey-service"), 0),
                    handler).start();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> seen.size() == 40);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
                assertThat(ms).as("every record consumed after the restart, the restarted member's partitions too")
                        .isLessThan(6_000);
                // its rejoin carries no partitions it owns, so the group settles once more: on the same two members
                // and, assigned by instance id, the same partitions
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(members(admin, group))
                        .as("the same members, the same partitions").containsEntry("journey-service-0", partitionsOfA)
                        .hasSize(2));
            } finally {
                again.close();
            }
        } finally {
            b.close();
        }
    }

    @Test
    void withoutAnInstanceIdTheConsumerIsADynamicMember() throws Exception {
        String topic = "dynamic-" + UUID.randomUUID();
        String group = "dynamic-group-" + UUID.randomUUID();
        String bootstrap = EmbeddedKafka.bootstrapServers();
        TopicAdmin.ensure(bootstrap, List.of(TopicAdmin.Spec.of(topic, 1)));
        BatchConsumerLoop.Settings settings = BatchConsumerLoop.Settings.of(bootstrap, group, topic, 100)
                .withStaticMember(Optional.of(" "), 0);
        assertThat(settings.groupInstanceId()).isNull();
        try (BatchConsumerLoop loop = new BatchConsumerLoop(settings.withStaticMember(Optional.empty(), 0), batch -> { })
                .start(); Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(30)).until(loop::healthy);
            ConsumerGroupDescription group1 = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                    .get(group);
            assertThat(group1.members()).singleElement()
                    .satisfies(m -> assertThat(m.groupInstanceId()).isEmpty());
        }
    }

    /** The group's static members by group.instance.id, with the partitions each holds. */
    private static Map<String, Set<Integer>> members(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(10, TimeUnit.SECONDS).get(group);
        return description.members().stream().filter(m -> m.groupInstanceId().isPresent())
                .collect(Collectors.toMap(m -> m.groupInstanceId().get(), StaticMembershipTest::partitions));
    }

    private static Set<Integer> partitions(MemberDescription m) {
        return m.assignment().topicPartitions().stream().map(tp -> tp.partition()).collect(Collectors.toSet());
    }
}
