package dev.unison.notification.service;

import dev.unison.contracts.Violation;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.AlertGroup;
import dev.unison.notification.entity.AlertHistoryEntry;
import dev.unison.notification.entity.StoredAlert;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.repository.AlertPage;
import dev.unison.notification.repository.AlertQuery;
import dev.unison.notification.repository.AlertRepository;
import dev.unison.notification.repository.AlertStats;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.DeliveryRepository;
import dev.unison.notification.repository.DeliveryView;
import dev.unison.notification.repository.GroupPage;
import dev.unison.notification.repository.GroupQuery;
import dev.unison.notification.repository.GroupRepository;
import dev.unison.notification.repository.GroupView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Queries over alerts and groups, and their lifecycle: acknowledge and resolve one alert or every alert of a group
 * (each change announced on the live feed).
 */
@ApplicationScoped
public class AlertService {
    public static final Set<String> STATUSES = Set.of(StoredAlert.OPEN, StoredAlert.ACKNOWLEDGED,
            StoredAlert.RESOLVED);
    public static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    private final NotificationConfig config;
    private final AlertRepository alerts;
    private final GroupRepository groups;
    private final DeliveryRepository deliveries;
    private final AlertFeed feed;
    private final NotificationMetrics metrics;

    public AlertService(NotificationConfig config, AlertRepository alerts, GroupRepository groups,
                        DeliveryRepository deliveries, AlertFeed feed, NotificationMetrics metrics) {
        this.config = config;
        this.alerts = alerts;
        this.groups = groups;
        this.deliveries = deliveries;
        this.feed = feed;
        this.metrics = metrics;
    }

    /** Raw filters of GET /alerts, as given in the query string. */
    public record Filters(String department, String rule, String status, String severity, String customer,
                          String group, String from, String to, String limit, String offset) {
    }

    @Transactional
    public AlertPage search(Filters f) {
        List<Violation> problems = new ArrayList<>();
        Params.text("department", f.department(), problems);
        Params.text("rule", f.rule(), problems);
        Params.text("customer", f.customer(), problems);
        Params.oneOf("status", f.status(), STATUSES, problems);
        Params.oneOf("severity", f.severity(), SEVERITIES, problems);
        UUID group = Params.uuid("group", f.group(), problems);
        OffsetDateTime from = Params.time("from", f.from(), problems);
        OffsetDateTime to = Params.time("to", f.to(), problems);
        int limit = Params.limit(f.limit(), config.query().defaultLimit(), config.query().maxLimit(), problems);
        int offset = Params.offset(f.offset(), problems);
        Params.check(problems);
        return alerts.search(new AlertQuery(Params.blankToNull(f.department()), Params.blankToNull(f.rule()),
                Params.blankToNull(f.status()), Params.blankToNull(f.severity()), Params.blankToNull(f.customer()),
                group, from, to, limit, offset));
    }

    @Transactional
    public AlertStats stats(String department, String from, String to) {
        List<Violation> problems = new ArrayList<>();
        Params.text("department", department, problems);
        OffsetDateTime start = Params.time("from", from, problems);
        OffsetDateTime end = Params.time("to", to, problems);
        Params.check(problems);
        return alerts.stats(Params.blankToNull(department), start, end);
    }

    @Transactional
    public Optional<AlertView> find(String id) {
        if (noSuchId(id)) {
            return Optional.empty();
        }
        return alerts.byId(id).map(AlertView::of);
    }

    @Transactional
    public Optional<List<AlertHistoryEntry>> history(String id) {
        if (noSuchId(id)) {
            return Optional.empty();
        }
        return alerts.byId(id).map(a -> alerts.historyOf(id));
    }

    @Transactional
    public Optional<List<DeliveryView>> deliveries(String id) {
        if (noSuchId(id)) {
            return Optional.empty();
        }
        return alerts.byId(id).map(a -> deliveries.ofAlert(id));
    }

    /** An id PostgreSQL cannot store (a NUL, half a surrogate pair) is no alert's; looking it up would fail. */
    private static boolean noSuchId(String id) {
        return id == null || AlertValidator.unstorable(id) != null;
    }

    /** Raw filters of GET /alert-groups. */
    public record GroupFilters(String department, String rule, String status, String customer, String limit,
                               String offset) {
    }

    @Transactional
    public GroupPage groups(GroupFilters f) {
        List<Violation> problems = new ArrayList<>();
        Params.text("department", f.department(), problems);
        Params.text("rule", f.rule(), problems);
        Params.text("customer", f.customer(), problems);
        Params.oneOf("status", f.status(), STATUSES, problems);
        int limit = Params.limit(f.limit(), config.query().defaultLimit(), config.query().maxLimit(), problems);
        int offset = Params.offset(f.offset(), problems);
        Params.check(problems);
        return groups.search(new GroupQuery(Params.blankToNull(f.department()), Params.blankToNull(f.rule()),
                Params.blankToNull(f.status()), Params.blankToNull(f.customer()), limit, offset));
    }

    @Transactional
    public Optional<GroupView> group(UUID id) {
        return groups.findByIdOptional(id).map(groups::view);
    }

    @Transactional
    public Optional<List<DeliveryView>> groupDeliveries(UUID id) {
        return groups.findByIdOptional(id).map(g -> deliveries.ofGroup(id));
    }

    /** Who acts on an alert or a group, and why. */
    public record Action(String by, String note) {
    }

    /**
     * Acknowledges an open alert (stops its escalation and its repeats). Acknowledging an acknowledged alert changes
     * nothing; a resolved one cannot be acknowledged (409). Empty when there is no such alert.
     */
    public Optional<AlertView> acknowledge(String id, Action action) {
        return change(id, StoredAlert.ACKNOWLEDGED, action);
    }

    /** Resolves an open or acknowledged alert. */
    public Optional<AlertView> resolve(String id, Action action) {
        return change(id, StoredAlert.RESOLVED, action);
    }

    private Optional<AlertView> change(String id, String to, Action action) {
        validate(action);
        Optional<AlertView> result = changeOne(id, to, action);
        result.ifPresent(a -> feed.publish(to, a));
        return result;
    }

    @Transactional
    Optional<AlertView> changeOne(String id, String to, Action action) {
        if (noSuchId(id)) {
            return Optional.empty();
        }
        Optional<StoredAlert> found = alerts.findForUpdate(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredAlert alert = found.get();
        if (StoredAlert.RESOLVED.equals(alert.status)) {
            throw new ConflictException("alert " + id + " is resolved already");
        }
        if (!alert.status.equals(to)) {
            apply(alert, to, action, null);
            groups.refreshStatus(alert.groupId);
        }
        return Optional.of(AlertView.of(alert));
    }

    /** Acknowledges every open alert of a group; 409 when the group is resolved. */
    public Optional<GroupView> acknowledgeGroup(UUID id, Action action) {
        return changeGroup(id, StoredAlert.ACKNOWLEDGED, action);
    }

    /** Resolves every unresolved alert of a group. */
    public Optional<GroupView> resolveGroup(UUID id, Action action) {
        return changeGroup(id, StoredAlert.RESOLVED, action);
    }

    /** A group after a change, and the alerts it changed. */
    record GroupChange(GroupView group, List<AlertView> changed) {
    }

    private Optional<GroupView> changeGroup(UUID id, String to, Action action) {
        validate(action);
        Optional<GroupChange> result = changeMembers(id, to, action);
        result.ifPresent(c -> c.changed().forEach(a -> feed.publish(to, a)));
        return result.map(GroupChange::group);
    }

    @Transactional
    Optional<GroupChange> changeMembers(UUID id, String to, Action action) {
        AlertGroup group = groups.findById(id);
        if (group == null) {
            return Optional.empty();
        }
        if (StoredAlert.RESOLVED.equals(group.status)) {
            throw new ConflictException("group " + id + " is resolved already");
        }
        List<AlertView> changed = new ArrayList<>();
        for (StoredAlert alert : alerts.membersToChange(id, to)) {
            apply(alert, to, action, "with its group");
            changed.add(AlertView.of(alert));
        }
        alerts.flush();
        groups.refreshStatus(id);
        groups.getEntityManager().refresh(group);
        return Optional.of(new GroupChange(groups.view(group), changed));
    }

    private void apply(StoredAlert alert, String to, Action action, String context) {
        OffsetDateTime now = StoredTime.now();
        String by = action.by().strip();
        alert.status = to;
        alert.updatedAt = now;
        if (StoredAlert.ACKNOWLEDGED.equals(to)) {
            alert.acknowledgedBy = by;
            alert.acknowledgedAt = now;
        } else {
            alert.resolvedBy = by;
            alert.resolvedAt = now;
        }
        if (alert.receivedAt != null) {
            metrics.answered(to, alert.rule, List.of(alert.departments), Duration.between(alert.receivedAt, now));
        }
        String note = Params.blankToNull(action.note());
        if (context != null) {
            note = note == null ? context : note + " (" + context + ")";
        }
        alerts.history(alert.id, to, by, note);
    }

    private static void validate(Action action) {
        List<Violation> problems = new ArrayList<>();
        if (action == null) {
            throw new InvalidRequestException("", "a JSON body {\"by\": \"who\", \"note\": \"why\"} is required");
        }
        if (action.by() == null || action.by().isBlank()) {
            problems.add(new Violation("/by", "required: who acts on the alert"));
        } else if (action.by().length() > 200) {
            problems.add(new Violation("/by", "at most 200 characters"));
        }
        if (action.note() != null && action.note().length() > 4000) {
            problems.add(new Violation("/note", "at most 4000 characters"));
        }
        Params.storable("/by", action.by(), problems);
        Params.storable("/note", action.note(), problems);
        Params.check(problems);
    }
}
