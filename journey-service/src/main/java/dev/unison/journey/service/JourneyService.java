package dev.unison.journey.service;

import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.rest.QueryParams;
import dev.unison.journey.config.JourneyConfig;
import dev.unison.journey.repository.Contract;
import dev.unison.journey.repository.DepartmentContact;
import dev.unison.journey.repository.CustomersTouched;
import dev.unison.journey.repository.Handoff;
import dev.unison.journey.repository.JourneyQuery;
import dev.unison.journey.repository.OpenCase;
import dev.unison.journey.repository.ProvidedField;
import dev.unison.journey.repository.TouchCount;
import dev.unison.journey.repository.TouchRepository;
import dev.unison.journey.repository.TouchRow;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** What analysts ask of the stored journeys. */
@ApplicationScoped
public class JourneyService {
    public static final List<String> GROUPS = List.of("department", "channel", "kind");

    private final TouchRepository repository;
    private final JourneyConfig config;

    public JourneyService(TouchRepository repository, JourneyConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** A page of touches and the cursor of the next page (null on the last page). */
    public record JourneyPage(String customerId, List<TouchRow> items, String nextCursor) {
    }

    /** What Unison knows of a customer at a glance. */
    public record Summary(String customerId, OffsetDateTime lastContact, List<DepartmentContact> departments,
                          List<OpenCase> openCases, List<ProvidedField> providedFields, Contract contract,
                          LocalDate renewsOn) {
    }

    public record TouchCounts(OffsetDateTime from, OffsetDateTime to, List<String> groupBy, long total,
                              List<TouchCount> groups) {
    }

    /** Hand-offs as a matrix: matrix[i][j] counts cases handed from departments[i] to departments[j]. */
    public record HandoffMatrix(OffsetDateTime from, OffsetDateTime to, List<String> departments, long[][] matrix,
                                List<Handoff> pairs, long total) {
    }

    public Optional<JourneyPage> journey(String customerId, String department, String kind, OffsetDateTime from,
                                         OffsetDateTime to, boolean descending, String cursor, Integer limit) {
        int size = limit == null ? config.query().defaultLimit() : limit;
        if (size < 1 || size > config.query().maxLimit()) {
            throw new IllegalArgumentException("limit must be between 1 and " + config.query().maxLimit());
        }
        checkPeriod(from, to);
        JourneyQuery query = new JourneyQuery(customerId, department, kind, from, to, descending, decode(cursor),
                size + 1);
        List<TouchRow> rows = repository.journey(query);
        if (rows.isEmpty() && cursor == null && !repository.customerExists(customerId)) {
            return Optional.empty();
        }
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = encode(rows.get(size - 1));
        }
        return Optional.of(new JourneyPage(customerId, rows, next));
    }

    public Optional<Summary> summary(String customerId) {
        List<DepartmentContact> departments = repository.departments(customerId);
        if (departments.isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime last = departments.stream().map(DepartmentContact::lastContact).max(OffsetDateTime::compareTo)
                .orElse(null);
        Contract contract = repository.contract(customerId).orElse(null);
        return Optional.of(new Summary(customerId, last, departments, repository.openCases(customerId),
                repository.providedFields(customerId), contract, contract == null ? null : contract.renewsOn()));
    }

    public TouchCounts touchCounts(OffsetDateTime from, OffsetDateTime to, List<String> groupBy) {
        OffsetDateTime end = to == null ? OffsetDateTime.now(ZoneOffset.UTC) : to;
        OffsetDateTime start = from == null ? end.minus(config.query().defaultPeriod()) : from;
        checkPeriod(start, end);
        List<String> groups = groupBy == null || groupBy.isEmpty() ? GROUPS : groupBy;
        for (String g : groups) {
            if (!GROUPS.contains(g)) {
                throw new QueryParams.BadParameterException("/query/groupBy", "groupBy '" + JsonLimits.forLog(g, 64)
                        + "' is not one of " + GROUPS);
            }
        }
        List<String> ordered = GROUPS.stream().filter(groups::contains).toList();
        List<TouchCount> counts = repository.countTouches(start, end, ordered);
        return new TouchCounts(start, end, ordered, counts.stream().mapToLong(TouchCount::count).sum(), counts);
    }

    /** Distinct customers touched in one ISO week: by any department, and by each. */
    public record WeekTouched(String week, long customers, Map<String, Long> byDepartment) {
    }

    /** Customers touched per ISO week (UTC) in [from, to), by department and by the company, weeks in order. */
    public record CustomersTouchedReport(OffsetDateTime from, OffsetDateTime to, List<WeekTouched> weeks) {
    }

    public CustomersTouchedReport customersTouched(OffsetDateTime from, OffsetDateTime to) {
        OffsetDateTime end = to == null ? OffsetDateTime.now(ZoneOffset.UTC) : to;
        OffsetDateTime start = from == null ? end.minus(config.query().defaultPeriod()) : from;
        checkPeriod(start, end);
        Map<String, WeekTouched> weeks = new java.util.LinkedHashMap<>();
        for (CustomersTouched row : repository.customersTouched(start, end)) {
            WeekTouched week = weeks.computeIfAbsent(row.week(), w -> new WeekTouched(w, 0, new java.util.TreeMap<>()));
            if (row.department() == null) {
                weeks.put(row.week(), new WeekTouched(row.week(), row.customers(), week.byDepartment()));
            } else {
                week.byDepartment().put(row.department(), row.customers());
            }
        }
        return new CustomersTouchedReport(start, end, List.copyOf(weeks.values()));
    }

    public HandoffMatrix handoffs(OffsetDateTime from, OffsetDateTime to) {
        OffsetDateTime end = to == null ? OffsetDateTime.now(ZoneOffset.UTC) : to;
        OffsetDateTime start = from == null ? end.minus(config.query().defaultPeriod()) : from;
        checkPeriod(start, end);
        List<Handoff> pairs = repository.handoffs(start, end);
        TreeSet<String> names = new TreeSet<>();
        pairs.forEach(p -> {
            names.add(p.from());
            names.add(p.to());
        });
        List<String> departments = new ArrayList<>(names);
        long[][] matrix = new long[departments.size()][departments.size()];
        pairs.forEach(p -> matrix[departments.indexOf(p.from())][departments.indexOf(p.to())] += p.count());
        return new HandoffMatrix(start, end, departments, matrix, pairs,
                pairs.stream().mapToLong(Handoff::count).sum());
    }

    private static void checkPeriod(OffsetDateTime from, OffsetDateTime to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new QueryParams.BadParameterException("/query/from", "from must be before to");
        }
    }

    private static String encode(TouchRow last) {
        String position = last.time().toInstant() + "\n" + last.source() + "\n" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static JourneyQuery.Position decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 3);
            OffsetDateTime at = QueryParams.time("cursor", parts[0]);
            if (at == null || JsonLimits.textProblem(parts[1] + parts[2]) != null) {
                throw new IllegalArgumentException("not a position");
            }
            return new JourneyQuery.Position(at, parts[1], parts[2]);
        } catch (RuntimeException e) {
            throw new QueryParams.BadParameterException("/query/cursor", "cursor is not one this service gave out");
        }
    }
}
