package dev.unison.notification.service;

import dev.unison.contracts.Violation;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.repository.AlertPage;
import dev.unison.notification.repository.AlertQuery;
import dev.unison.notification.repository.AlertRepository;
import dev.unison.notification.repository.AlertStats;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.Delivery;
import dev.unison.notification.repository.DeliveryRepository;
import dev.unison.notification.repository.HistoryEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Queries over alerts and their lifecycle: acknowledge and resolve (each announced on the live feed). */
@ApplicationScoped
public class AlertService {
    public static final Set<String> STATUSES = Set.of(AlertView.OPEN, AlertView.ACKNOWLEDGED, AlertView.RESOLVED);
    public static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    private final NotificationConfig config;
    private final DataSource dataSource;
    private final AlertRepository alerts;
    private final DeliveryRepository deliveries;
    private final AlertFeed feed;

    public AlertService(NotificationConfig config, DataSource dataSource, AlertRepository alerts,
                        DeliveryRepository deliveries, AlertFeed feed) {
        this.config = config;
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.feed = feed;
    }

    /** Raw filters of GET /alerts, as given in the query string. */
    public record Filters(String department, String rule, String status, String severity, String customer,
                          String from, String to, String limit, String offset) {
    }

    public AlertPage search(Filters f) throws SQLException {
        List<Violation> problems = new ArrayList<>();
        if (f.status() != null && !STATUSES.contains(f.status())) {
            problems.add(new Violation("/query/status", "must be one of open, acknowledged, resolved"));
        }
        if (f.severity() != null && !SEVERITIES.contains(f.severity())) {
            problems.add(new Violation("/query/severity", "must be one of info, warning, critical"));
        }
        OffsetDateTime from = time("from", f.from(), problems);
        OffsetDateTime to = time("to", f.to(), problems);
        int limit = number("limit", f.limit(), config.query().defaultLimit(), problems);
        int offset = number("offset", f.offset(), 0, problems);
        if (limit < 1 || limit > config.query().maxLimit()) {
            problems.add(new Violation("/query/limit", "must be between 1 and " + config.query().maxLimit()));
        }
        if (offset < 0) {
            problems.add(new Violation("/query/offset", "must not be negative"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return alerts.search(new AlertQuery(blankToNull(f.department()), blankToNull(f.rule()), f.status(),
                f.severity(), blankToNull(f.customer()), from, to, limit, offset));
    }

    public AlertStats stats(String department, String from, String to) throws SQLException {
        List<Violation> problems = new ArrayList<>();
        OffsetDateTime start = time("from", from, problems);
        OffsetDateTime end = time("to", to, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return alerts.stats(blankToNull(department), start, end);
    }

    public Optional<AlertView> find(String id) throws SQLException {
        return alerts.find(id);
    }

    public Optional<List<HistoryEntry>> history(String id) throws SQLException {
        return alerts.find(id).isPresent() ? Optional.of(alerts.historyOf(id)) : Optional.empty();
    }

    public Optional<List<Delivery>> deliveries(String id) throws SQLException {
        return alerts.find(id).isPresent() ? Optional.of(deliveries.ofAlert(id)) : Optional.empty();
    }

    /** Who acts on an alert, and why. */
    public record Action(String by, String note) {
    }

    /**
     * Acknowledges an open alert (stops its escalation). Acknowledging an acknowledged alert changes nothing; a
     * resolved one cannot be acknowledged (409). Empty when there is no such alert.
     */
    public Optional<AlertView> acknowledge(String id, Action action) throws SQLException {
        Optional<AlertView> result = change(id, AlertView.ACKNOWLEDGED, action);
        result.ifPresent(a -> feed.publish(FeedEvent.ACKNOWLEDGED, a));
        return result;
    }

    /** Resolves an open or acknowledged alert; a later alert of its fingerprint opens a new one. */
    public Optional<AlertView> resolve(String id, Action action) throws SQLException {
        Optional<AlertView> result = change(id, AlertView.RESOLVED, action);
        result.ifPresent(a -> feed.publish(FeedEvent.RESOLVED, a));
        return result;
    }

    @Transactional(rollbackOn = Exception.class)
    Optional<AlertView> change(String id, String to, Action action) throws SQLException {
        validate(action);
        try (Connection c = dataSource.getConnection()) {
            Optional<AlertView> current = alerts.find(c, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            String from = current.get().status();
            if (AlertView.RESOLVED.equals(from)) {
                throw new ConflictException("alert " + id + " is resolved already");
            }
            if (from.equals(to)) {
                return current;
            }
            alerts.transition(c, id, to, action.by().strip());
            alerts.history(c, id, to, action.by().strip(), blankToNull(action.note()));
            return alerts.find(c, id);
        }
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
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    static OffsetDateTime time(String name, String value, List<Violation> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (RuntimeException e) {
            problems.add(new Violation("/query/" + name, "not an RFC 3339 timestamp with offset: " + value));
            return null;
        }
    }

    private static int number(String name, String value, int fallback, List<Violation> problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            problems.add(new Violation("/query/" + name, "not a whole number: " + value));
            return fallback;
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
