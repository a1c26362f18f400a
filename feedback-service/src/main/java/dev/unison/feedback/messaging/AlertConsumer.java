package dev.unison.feedback.messaging;

import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.contracts.kafka.TopicCatalogue;
import dev.unison.feedback.config.FeedbackConfig;
import dev.unison.feedback.repository.AlertRow;
import dev.unison.feedback.service.FeedbackStore;
import dev.unison.feedback.service.AlertMetrics;
import dev.unison.contracts.JsonLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Consumes cx.alerts.v1 in batches, in its own consumer group, and keeps rule, customer and detection time of each
 * alert for GET /analytics/impact. Alerts are published by consistency-service; a record that is not a readable
 * alert (no alertId, rule, customerId or detectedAt) is logged, counted and skipped: this service is one reader
 * among several. A readable alert PostgreSQL refuses (for its content) is set aside in cx.alerts.dlq by the loop.
 */
@ApplicationScoped
public class AlertConsumer {
    private final String bootstrapServers;
    private final FeedbackConfig config;
    private final FeedbackStore store;
    private final AlertMetrics metrics;
    private final MeterRegistry registry;
    private final Optional<String> instanceId;
    private BatchConsumerLoop loop;

    public AlertConsumer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         FeedbackConfig config, FeedbackStore store, AlertMetrics metrics, MeterRegistry registry,
                            @ConfigProperty(name = "unison.instance-id") Optional<String> instanceId) {
        this.instanceId = instanceId;
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.store = store;
        this.metrics = metrics;
    }

    /** Before the service's other start-up work (other consumers, workers): after a restart, its main work resumes first. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        TopicAdmin.ensure(bootstrapServers, TopicCatalogue.specs(config.alerts().partitions(), Topics.ALERTS));
        loop = new BatchConsumerLoop(BatchConsumerLoop.Settings.of(bootstrapServers, config.alerts().groupId(),
                        Topics.ALERTS, config.alerts().maxBatch()).withDeadLetterTopic(Topics.ALERTS_DLQ)
                .withStuckAfter(config.consumer().stuckAfter()).withRegistry(registry)
                .withStaticMember(instanceId, 0), this::handle).start();
        Log.infof("Consuming %s as group %s", Topics.ALERTS, config.alerts().groupId());
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }

    public boolean healthy() {
        return loop != null && loop.healthy();
    }

    public String lastError() {
        return loop == null ? "not started" : loop.lastError();
    }

    void handle(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        List<AlertRow> rows = new ArrayList<>(batch.size());
        int rejected = 0;
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            String problem;
            try {
                Alert a = EventJson.toAlert(record.value());
                problem = missing(a);
                if (problem == null) {
                    rows.add(new AlertRow(a.alertId(), a.rule(), a.severity(), a.customerId(), a.departments(),
                            a.detectedAt()));
                }
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                rejected++;
                Log.warnf("Skipped alert record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                        JsonLimits.forLog(problem));
            }
        }
        store.storeAlerts(rows);
        metrics.alertsRejected(rejected);
    }

    private static String missing(Alert a) {
        if (a == null) {
            return "empty record";
        }
        List<String> absent = new ArrayList<>();
        if (a.alertId() == null || a.alertId().isBlank()) {
            absent.add("alertId");
        }
        if (a.rule() == null || a.rule().isBlank()) {
            absent.add("rule");
        }
        if (a.customerId() == null || a.customerId().isBlank()) {
            absent.add("customerId");
        }
        if (a.detectedAt() == null) {
            absent.add("detectedAt");
        }
        return absent.isEmpty() ? null : "alert without " + String.join(", ", absent);
    }
}
