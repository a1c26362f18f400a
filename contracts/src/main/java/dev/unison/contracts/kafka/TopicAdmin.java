package dev.unison.contracts.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the topics a service needs when they do not exist yet. */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    /** A topic to create: its partitions and config (e.g. cleanup.policy=compact). */
    public record Spec(String name, int partitions, Map<String, String> config) {
        public static Spec of(String name, int partitions) {
            return new Spec(name, partitions, Map.of());
        }

        public static Spec compacted(String name, int partitions) {
            return new Spec(name, partitions, Map.of("cleanup.policy", "compact"));
        }
    }

    /** As this process's Kafka user ({@link KafkaSecurity}). */
    public static void ensure(String bootstrapServers, List<Spec> topics) {
        ensure(KafkaSecurity.with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)), topics);
    }

    /** With these admin client settings (the address and the user). */
    public static void ensure(Map<String, Object> adminSettings, List<Spec> topics) {
        Object bootstrapServers = adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(adminSettings)) {
            for (Spec spec : topics) {
                NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                        .configs(spec.config());
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + spec.name() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 30 s", e);
        }
    }
}
