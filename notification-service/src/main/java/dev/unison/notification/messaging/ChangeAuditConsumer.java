package dev.unison.notification.messaging;

import dev.unison.contracts.ChangeHeaders;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.AuditEntry;
import dev.unison.notification.service.AuditService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit log's view of changes made elsewhere: consistency-service announces every change of a rule's settings
 * and of a fact on its compacted topics (cx.rules.v1, cx.facts.v1), with its author and time in the record's headers
 * ({@link ChangeHeaders}); this service records each as an entry of GET /audit, before and after included.
 */
@ApplicationScoped
public class ChangeAuditConsumer {
    private static final Map<String, String> TYPES = Map.of(Topics.RULES, AuditEntry.RULE, Topics.FACTS, AuditEntry.FACT);

    private final NotificationConfig config;
    private final AuditService audit;
    private final String bootstrapServers;
    private final List<BatchConsumerLoop> loops = new ArrayList<>();

    public ChangeAuditConsumer(NotificationConfig config, AuditService audit,
                               @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.audit = audit;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        for (Map.Entry<String, String> topic : TYPES.entrySet()) {
            String type = topic.getValue();
            loops.add(new BatchConsumerLoop(bootstrapServers, config.consumer().groupId() + "-audit-" + type,
                    topic.getKey(), 100, batch -> record(type, batch)).start());
        }
    }

    private void record(String type, List<ConsumerRecord<byte[], byte[]>> batch) {
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            if (r.key() == null) {
                continue;
            }
            String actor = ChangeHeaders.read(r.headers(), ChangeHeaders.ACTOR);
            String at = ChangeHeaders.read(r.headers(), ChangeHeaders.AT);
            audit.recordAnnounced(type, new String(r.key(), StandardCharsets.UTF_8), actor == null ? "unknown" : actor,
                    at == null ? null : OffsetDateTime.parse(at),
                    r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        loops.forEach(BatchConsumerLoop::close);
    }
}
