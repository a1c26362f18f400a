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
import dev.unison.notification.entity.AuditEntry;
import dev.unison.notification.security.Scope;
import dev.unison.runtime.rest.InvalidRequestException;
import dev.unison.runtime.rest.ConflictException;
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
 * (each change announced on the live feed and written to the audit log). Every call takes the caller's
 * {@link Scope}: a department member sees and changes only alerts naming one of its departments (any other alert is
 * "not found", so its existence is not revealed), and only its departments' deliveries; ops and admin see all.
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
    private final AuditService audit;

    public AlertService(NotificationConfig config, AlertRepository alerts, GroupRepository groups,
                        DeliveryRepository deliveries, AlertFeed feed, NotificationMetrics metrics,
                        AuditService audit) {
        this.config = config;
        this.audit = audit;
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
    public AlertPage search(Filters f, Scope scope) {
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
                group, from, to, limit, offset, scope.departmentArray()));
    }

    @Transactional
    public AlertStats stats(String department, String from, String to, Scope scope) {
        List<Violation> problems = new ArrayList<>();
        Params.text("department", department, problems);
        OffsetDateTime start = Params.time("from", from, problems);
        OffsetDateTime end = Params.time("to", to, problems);
        Params.check(problems);
        return alerts.stats(Params.blankToNull(department), start, end, scope.departmentArray());
    }

    @Transactional
    public Optional<AlertView> find(String id, Scope scope) {
        return visible(id, scope).map(AlertView::of);
    }

    @Transactional
    public Optional<List<AlertHistoryEntry>> history(String id, Scope scope) {
        return visible(id, scope).map(a -> alerts.historyOf(id));
    }

    /** The deliveries of an alert; a department member's only those to its departments. */
    @Transactional
    public Optional<List<DeliveryView>> deliveries(String id, Scope scope) {
        return visible(id, scope).map(a -> deliveries.ofAlert(id).stream()
                .filter(d -> scope.owns(d.department())).toList());
    }

    /** The alert when it exists and the caller may see it. */
    private Optional<StoredAlert> visible(String id, Scope scope) {
        if (noSuchId(id)) {
            return Optional.empty();
        }
        return alerts.byId(id).filter(a -> scope.sees(List.of(a.departments)));
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
    public GroupPage groups(GroupFilters f, Scope scope) {
        List<Violation> problems = new ArrayList<>();
        Params.text("department", f.department(), problems);
        Params.text("rule", f.rule(), problems);
        Params.text("customer", f.customer(), problems);
        Params.oneOf("status", f.status(), STATUSES, problems);
        int limit = Params.limit(f.limit(), config.query().defaultLimit(), config.query().maxLimit(), problems);
        int offset = Params.offset(f.offset(), problems);
        Params.check(problems);
        return groups.search(new GroupQuery(Params.blankToNull(f.department()), Params.blankToNull(f.rule()),
                Params.blankToNull(f.status()), Params.blankToNull(f.customer()), limit, offset,
                scope.departmentArray()));
    }

    /** A group; for a department member counted over its departments' alerts, and not found when it has none. */
    @Transactional
    public Optional<GroupView> group(UUID id, Scope scope) {
        return visibleGroup(id, scope).map(g -> groups.view(g, scope.departmentArray()));
    }

    @Transactional
    public Optional<List<DeliveryView>> groupDeliveries(UUID id, Scope scope) {
        return visibleGroup(id, scope).map(g -> deliveries.ofGroup(id).stream()
                .filter(d -> scope.owns(d.department())).toList());
    }

    private Optional<AlertGroup> visibleGroup(UUID id, Scope scope) {
        return groups.findByIdOptional(id)
                .filter(g -> scope.seesAll() || alerts.groupHasAny(id, scope.departmentArray()));
    }

    /**
     * Why someone acts on an alert or a group. Who acts comes from the caller's token (its preferred_username),
     * never from the body: a body naming {@code by} is refused (400 naming /by), so no client believes it set it.
     */
    public record Action(String by, String note) {
    }

    /**
     * Acknowledges an open alert (stops its escalation and its repeats). Acknowledging an acknowledged alert changes
     * nothing; a resolved one cannot be acknowledged (409). Empty when there is no such alert.
     */
    public Optional<AlertView> acknowledge(String id, Action action, Scope scope) {
        return change(id, StoredAlert.ACKNOWLEDGED, action, scope);
    }

    /** Resolves an open or acknowledged alert. */
    public Optional<AlertView> resolve(String id, Action action, Scope scope) {
        return change(id, StoredAlert.RESOLVED, action, scope);
    }

    private Optional<AlertView> change(String id, String to, Action action, Scope scope) {
        validate(action);
        Optional<AlertView> result = changeOne(id, to, action, scope);
        result.ifPresent(a -> feed.publish(to, a));
        return result;
    }

    @Transactional
    Optional<AlertView> changeOne(String id, String to, Action action, Scope scope) {
        if (noSuchId(id)) {
            return Optional.empty();
        }
        Optional<StoredAlert> found = alerts.findForUpdate(id).filter(a -> scope.sees(List.of(a.departments)));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredAlert alert = found.get();
        if (StoredAlert.RESOLVED.equals(alert.status)) {
            throw new ConflictException("alert " + id + " is resolved already");
        }
        if (!alert.status.equals(to)) {
            apply(alert, to, action, scope.actor(), null);
            groups.refreshStatus(alert.groupId);
        }
        return Optional.of(AlertView.of(alert));
    }

    /** Acknowledges every open alert of a group; 409 when the group is resolved. */
    public Optional<GroupView> acknowledgeGroup(UUID id, Action action, Scope scope) {
        return changeGroup(id, StoredAlert.ACKNOWLEDGED, action, scope);
    }

    /** Resolves every unresolved alert of a group (a department member's: those naming its departments). */
    public Optional<GroupView> resolveGroup(UUID id, Action action, Scope scope) {
        return changeGroup(id, StoredAlert.RESOLVED, action, scope);
    }

    /** A group after a change, and the alerts it changed. */
    record GroupChange(GroupView group, List<AlertView> changed) {
    }

    private Optional<GroupView> changeGroup(UUID id, String to, Action action, Scope scope) {
        validate(action);
        Optional<GroupChange> result = changeMembers(id, to, action, scope);
        result.ifPresent(c -> c.changed().forEach(a -> feed.publish(to, a)));
        return result.map(GroupChange::group);
    }

    @Transactional
    Optional<GroupChange> changeMembers(UUID id, String to, Action action, Scope scope) {
        AlertGroup group = groups.findById(id);
        if (group == null || !(scope.seesAll() || alerts.groupHasAny(id, scope.departmentArray()))) {
            return Optional.empty();
        }
        if (StoredAlert.RESOLVED.equals(group.status)) {
            throw new ConflictException("group " + id + " is resolved already");
        }
        List<AlertView> changed = new ArrayList<>();
        for (StoredAlert alert : alerts.membersToChange(id, to, scope.departmentArray())) {
            apply(alert, to, action, scope.actor(), "with its group");
            changed.add(AlertView.of(alert));
        }
        alerts.flush();
        groups.refreshStatus(id);
        groups.getEntityManager().refresh(group);
        return Optional.of(new GroupChange(groups.view(group, scope.departmentArray()), changed));
    }

    private void apply(StoredAlert alert, String to, Action action, String by, String context) {
        OffsetDateTime now = StoredTime.now();
        Object before = AuditService.alertState(alert.status, StoredAlert.ACKNOWLEDGED.equals(alert.status)
                ? alert.acknowledgedBy : null, StoredAlert.ACKNOWLEDGED.equals(alert.status) ? alert.acknowledgedAt
                : null, null);
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
        audit.record(AuditEntry.ALERT, alert.id, to, by, before, AuditService.alertState(to, by, now, note));
    }

    private static void validate(Action action) {
        List<Violation> problems = new ArrayList<>();
        if (action == null) {
            throw new InvalidRequestException("", "a JSON body {\"note\": \"why\"} is required ({} will do)");
        }
        if (action.by() != null) {
            problems.add(new Violation("/by", "not accepted: who acts is taken from your token; leave by out"));
        }
        if (action.note() != null && action.note().length() > 4000) {
            problems.add(new Violation("/note", "at most 4000 characters"));
        }
        Params.storable("/note", action.note(), problems);
        Params.check(problems);
    }
}
