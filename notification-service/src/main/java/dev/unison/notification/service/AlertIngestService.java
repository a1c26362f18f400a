package dev.unison.notification.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Violation;
import dev.unison.notification.messaging.AlertTopics;
import dev.unison.notification.messaging.KafkaPublisher;
import dev.unison.notification.repository.AlertRepository;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.Delivery;
import dev.unison.notification.repository.DeliveryRepository;
import dev.unison.notification.repository.Silence;
import dev.unison.notification.repository.SilenceRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Stores a batch of records from cx.alerts.v1 in one transaction: a new fingerprint becomes an open alert with one
 * pending delivery per subscription of its (unsilenced) departments; a fingerprint that is already unresolved only
 * counts one more occurrence; an alert id seen before changes nothing. Invalid records go to cx.alerts.dlq.
 */
@ApplicationScoped
public class AlertIngestService {
    private final AlertValidator validator;
    private final DataSource dataSource;
    private final AlertRepository alerts;
    private final SilenceRepository silences;
    private final DeliveryRepository deliveries;
    private final KafkaPublisher kafka;
    private final AlertFeed feed;
    private final NotificationMetrics metrics;
    private final DeliveryWorker worker;

    public AlertIngestService(AlertValidator validator, DataSource dataSource, AlertRepository alerts,
                              SilenceRepository silences, DeliveryRepository deliveries, KafkaPublisher kafka,
                              AlertFeed feed, NotificationMetrics metrics, DeliveryWorker worker) {
        this.validator = validator;
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.silences = silences;
        this.deliveries = deliveries;
        this.kafka = kafka;
        this.feed = feed;
        this.metrics = metrics;
        this.worker = worker;
    }

    /** What storing one alert did. */
    record Change(String alertId, String change) {
    }

    /** Handles one polled batch; throws (and the batch is retried) when the database or the DLQ fails. */
    public void handle(List<ConsumerRecord<byte[], byte[]>> batch) throws SQLException {
        List<Alert> valid = new ArrayList<>(batch.size());
        List<ProducerRecord<byte[], byte[]>> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            List<Violation> problems;
            JsonNode node = null;
            try {
                node = unwrap(EventJson.MAPPER.readTree(record.value()));
                problems = validator.validate(node);
            } catch (IOException | RuntimeException e) {
                problems = List.of(new Violation("", "not JSON: " + e.getMessage()));
            }
            if (problems.isEmpty()) {
                valid.add(EventJson.convert(node, Alert.class));
            } else {
                rejected.add(DeadLetters.of(record, AlertTopics.ALERTS_DLQ, problems));
            }
        }
        List<Change> changes = valid.isEmpty() ? List.of() : store(valid);
        if (!changes.isEmpty()) {
            worker.wakeUp();
        }
        kafka.sendAll(rejected);
        metrics.rejected(rejected.size());
        if (!rejected.isEmpty()) {
            Log.infof("Sent %d invalid alerts to %s", rejected.size(), AlertTopics.ALERTS_DLQ);
        }
        for (Change change : changes) {
            alerts.find(change.alertId()).ifPresent(a -> feed.publish(change.change(), a));
        }
    }

    /** An alert may also arrive wrapped in a structured CloudEvent; its data is the alert then. */
    private static JsonNode unwrap(JsonNode node) {
        if (node != null && node.has("specversion") && node.path("data").isObject()) {
            return node.get("data");
        }
        return node;
    }

    @Transactional(rollbackOn = Exception.class)
    List<Change> store(List<Alert> batch) throws SQLException {
        List<Change> changes = new ArrayList<>();
        int created = 0;
        int repeated = 0;
        int duplicates = 0;
        int silencedCount = 0;
        int queued = 0;
        try (Connection c = dataSource.getConnection()) {
            List<Silence> active = silences.list(c, false);
            OffsetDateTime now = OffsetDateTime.now();
            for (Alert alert : batch) {
                if (alerts.occurrenceOf(c, alert.alertId()).isPresent()) {
                    duplicates++;
                    continue;
                }
                Optional<String> open = alerts.lockUnresolved(c, alert.fingerprint());
                if (open.isPresent()) {
                    alerts.recordRepeat(c, open.get(), alert.severity());
                    alerts.insertOccurrence(c, alert.alertId(), open.get(), alert.detectedAt());
                    changes.add(new Change(open.get(), FeedEvent.REPEATED));
                    repeated++;
                    continue;
                }
                List<String> departments = new ArrayList<>(new LinkedHashSet<>(alert.departments()));
                List<String> audience = departments.stream()
                        .filter(d -> active.stream().noneMatch(s -> s.matches(d, alert.rule(), alert.customerId(), now)))
                        .toList();
                boolean silenced = audience.isEmpty();
                alerts.insert(c, alert, departments, silenced);
                alerts.insertOccurrence(c, alert.alertId(), alert.alertId(), alert.detectedAt());
                if (audience.size() < departments.size()) {
                    List<String> quiet = departments.stream().filter(d -> !audience.contains(d)).toList();
                    alerts.history(c, alert.alertId(), "silenced", null, "not sent to " + String.join(", ", quiet)
                            + " (silenced)");
                    silencedCount += silenced ? 1 : 0;
                }
                queued += deliveries.enqueue(c, alert.alertId(), audience, Delivery.REASON_ALERT);
                changes.add(new Change(alert.alertId(), FeedEvent.CREATED));
                created++;
            }
        }
        metrics.stored(created);
        metrics.repeated(repeated);
        metrics.duplicates(duplicates);
        metrics.silenced(silencedCount);
        Log.infof("Stored %d new alerts (%d deliveries queued, %d silenced), %d repeats, %d already seen",
                created, queued, silencedCount, repeated, duplicates);
        return changes;
    }

    /** For tests and tools: the stored view of an alert. */
    public Optional<AlertView> find(String id) throws SQLException {
        return alerts.find(id);
    }
}
