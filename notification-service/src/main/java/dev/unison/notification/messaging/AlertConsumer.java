package dev.unison.notification.messaging;

import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.service.AlertIngestService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/** Creates the alert topics when missing and runs the batch consumer of cx.alerts.v1 into the alert store. */
@ApplicationScoped
public class AlertConsumer {
    private final NotificationConfig config;
    private final AlertIngestService ingest;
    private final String bootstrapServers;
    private final Optional<String> instanceId;
    private BatchConsumerLoop loop;

    public AlertConsumer(NotificationConfig config, AlertIngestService ingest,
                         @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "unison.instance-id") Optional<String> instanceId) {
        this.config = config;
        this.ingest = ingest;
        this.bootstrapServers = bootstrapServers;
        this.instanceId = instanceId;
    }

    /** Before the service's other start-up work (other consumers, workers): after a restart, its main work resumes first. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        int partitions = config.consumer().partitions();
        TopicAdmin.ensure(bootstrapServers, List.of(TopicAdmin.Spec.of(Topics.ALERTS, partitions),
                TopicAdmin.Spec.of(AlertTopics.ALERTS_DLQ, partitions)));
        loop = new BatchConsumerLoop(BatchConsumerLoop.Settings.of(bootstrapServers, config.consumer().groupId(),
                Topics.ALERTS, config.consumer().maxBatch()).withStaticMember(instanceId, 0), ingest::handle).start();
        Log.infof("Consuming %s as group %s", Topics.ALERTS, config.consumer().groupId());
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }

    /** Null before start-up. */
    public BatchConsumerLoop loop() {
        return loop;
    }
}
