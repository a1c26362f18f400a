package dev.unison.notification.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Violation;
import dev.unison.notification.entity.AlertGroup;
import dev.unison.notification.entity.Silence;
import dev.unison.notification.entity.StoredAlert;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.entity.Subscription;
import dev.unison.notification.messaging.AlertTopics;
import dev.unison.notification.messaging.KafkaPublisher;
import dev.unison.notification.repository.AlertRepository;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.GroupRepository;
import dev.unison.notification.repository.NoticeRepository;
import dev.unison.notification.repository.SilenceRepository;
import dev.unison.notification.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stores a batch of records from cx.alerts.v1 in one transaction. Every new alert id is stored as an alert of its
 * own, in the unresolved group of its grouping labels (opened when missing), with one notice per enabled webhook or
 * kafka subscription of each department it names that no silence holds; the notifier tells them group by group. An
 * alert id seen before changes nothing. Invalid records go to cx.alerts.dlq.
 */
@ApplicationScoped
public class AlertIngestService {
    private static final List<String> NOTIFIED_TYPES = List.of(Subscription.WEBHOOK, Subscription.KAFKA);

    private final AlertValidator validator;
    private final AlertGrouping grouping;
    private final AlertRepository alerts;
    private final GroupRepository groups;
    private final SilenceRepository silences;
    private final SubscriptionRepository subscriptions;
    private final NoticeRepository notices;
    private final KafkaPublisher kafka;
    private final AlertFeed feed;
    private final NotificationMetrics metrics;
    private final DeliveryWorker worker;

    public AlertIngestService(AlertValidator validator, AlertGrouping grouping, AlertRepository alerts,
                              GroupRepository groups, SilenceRepository silences, SubscriptionRepository subscriptions,
                              NoticeRepository notices, KafkaPublisher kafka, AlertFeed feed,
                              NotificationMetrics metrics, DeliveryWorker worker) {
        this.validator = validator;
        this.grouping = grouping;
        this.alerts = alerts;
        this.groups = groups;
        this.silences = silences;
        this.subscriptions = subscriptions;
        this.notices = notices;
        this.kafka = kafka;
        this.feed = feed;
        this.metrics = metrics;
        this.worker = worker;
    }

    /** Handles one polled batch; throws (and the batch is retried) when the database or the DLQ fails. */
    public void handle(List<ConsumerRecord<byte[], byte[]>> batch) {
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
        Stored result = valid.isEmpty() ? Stored.NOTHING : store(valid);
        List<AlertView> stored = result.alerts();
        // counted once committed, so unison_alerts_stored_total equals the alerts stored
        metrics.stored(stored.size());
        metrics.groupsOpened(result.groupsOpened());
        metrics.duplicates(result.duplicates());
        metrics.silenced(result.silenced());
        if (!stored.isEmpty()) {
            worker.wakeUp();
        }
        kafka.sendAll(rejected);
        metrics.rejected(rejected.size());
        if (!rejected.isEmpty()) {
            Log.infof("Sent %d invalid alerts to %s", rejected.size(), AlertTopics.ALERTS_DLQ);
        }
        for (AlertView alert : stored) {
            feed.publish(FeedEvent.CREATED, alert);
        }
    }

    /** An alert may also arrive wrapped in a structured CloudEvent; its data is the alert then. */
    private static JsonNode unwrap(JsonNode node) {
        if (node != null && node.has("specversion") && node.path("data").isObject()) {
            return node.get("data");
        }
        return node;
    }

    /** What storing a batch did: the alerts stored, and how many groups it opened, were repeats or silenced. */
    record Stored(List<AlertView> alerts, int groupsOpened, int duplicates, int silenced) {
        static final Stored NOTHING = new Stored(List.of(), 0, 0, 0);
    }

    /** Stores the alerts not seen before. */
    @Transactional
    Stored store(List<Alert> batch) {
        Set<String> known = alerts.knownIds(batch.stream().map(Alert::alertId).distinct().toList());
        Set<String> inBatch = new HashSet<>();
        List<Silence> active = silences.list(false);
        Map<String, List<Subscription>> subscribed = new HashMap<>();
        for (Subscription s : subscriptions.enabled(NOTIFIED_TYPES)) {
            subscribed.computeIfAbsent(s.department, k -> new ArrayList<>()).add(s);
        }
        List<Alert> fresh = new ArrayList<>();
        int duplicates = 0;
        for (Alert alert : batch) {
            if (known.contains(alert.alertId()) || !inBatch.add(alert.alertId())) {
                duplicates++;
            } else {
                fresh.add(alert);
            }
        }
        // the groups first, locked in the order of their keys: two instances never wait on each other in a circle
        Map<String, AlertGrouping.Group> groupOf = new HashMap<>();
        Map<String, Alert> firstOfGroup = new TreeMap<>();
        for (Alert alert : fresh) {
            AlertGrouping.Group g = grouping.of(alert);
            groupOf.put(alert.alertId(), g);
            firstOfGroup.putIfAbsent(g.key(), alert);
        }
        Map<String, AlertGroup> touched = new HashMap<>();
        int opened = 0;
        for (Map.Entry<String, Alert> e : firstOfGroup.entrySet()) {
            GroupRepository.Joined joined = groups.openOrLock(e.getKey(), groupOf.get(e.getValue().alertId())
                    .labelsJson(), e.getValue().severity());
            touched.put(e.getKey(), joined.group());
            opened += joined.opened() ? 1 : 0;
        }
        List<AlertView> stored = new ArrayList<>();
        int silenced = 0;
        OffsetDateTime now = StoredTime.now();
        for (Alert alert : fresh) {
            AlertGroup group = touched.get(groupOf.get(alert.alertId()).key());
            List<String> departments = List.copyOf(new LinkedHashSet<>(alert.departments()));
            List<String> quiet = departments.stream()
                    .filter(d -> active.stream().anyMatch(s -> s.matches(d, alert.rule(), alert.customerId(), now)))
                    .toList();
            StoredAlert a = new StoredAlert();
            a.id = alert.alertId();
            a.groupId = group.id;
            a.rule = alert.rule();
            a.severity = alert.severity();
            a.customerId = alert.customerId();
            a.departments = departments.toArray(String[]::new);
            a.fingerprint = alert.fingerprint();
            a.summary = alert.summary();
            a.evidence = EventJson.string(alert.evidence() == null ? List.of() : alert.evidence());
            a.details = alert.details() == null ? null : EventJson.string(alert.details());
            a.detectedAt = alert.detectedAt();
            a.receivedAt = now;
            a.updatedAt = now;
            a.status = StoredAlert.OPEN;
            a.silencedDepartments = quiet.toArray(String[]::new);
            a.silenced = quiet.size() == departments.size();
            GroupRepository.join(group, a, now);
            alerts.persist(a);
            if (!quiet.isEmpty()) {
                alerts.history(a.id, "silenced", null, "not sent to " + String.join(", ", quiet) + " (silenced)");
                silenced += a.silenced ? 1 : 0;
            }
            stored.add(AlertView.of(a));
        }
        List<NoticeRepository.Notice> told = new ArrayList<>();
        for (AlertView a : stored) {
            for (String department : a.departments()) {
                if (a.silencedDepartments() == null || !a.silencedDepartments().contains(department)) {
                    subscribed.getOrDefault(department, List.of())
                            .forEach(s -> told.add(new NoticeRepository.Notice(a.id(), s.id, a.groupId())));
                }
            }
        }
        alerts.flush();
        notices.add(told);
        Log.infof("Stored %d alerts in %d groups (%d opened; %d notices queued, %d silenced), %d already seen",
                stored.size(), touched.size(), opened, told.size(), silenced, duplicates);
        return new Stored(stored, opened, duplicates, silenced);
    }
}
