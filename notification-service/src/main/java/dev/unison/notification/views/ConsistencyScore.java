package dev.unison.notification.views;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The consistency score of a period: per ISO week (UTC, {@code 2026-W48}), company-wide and per department, the
 * alerts of the rules that measure inconsistency (contradictions, repeated requests, duplicate outreach, ticket mazes)
 * per 1,000 customers touched. Alerts are counted here (an alert counts once company-wide and once for each
 * department it names); customers touched come from journey-service ({@code touched}: its part, with the reason when
 * it could not be had, and then no rates).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsistencyScore(OffsetDateTime from, OffsetDateTime to, List<String> rules, Part touched,
                               List<Week> weeks) {
    /** The rules counted, in the order of the alert contract. */
    public static final List<String> RULES = List.of("conflicting-answers", "repeated-info-request",
            "duplicate-outreach", "ticket-maze");

    /** One week: the company and each department that had alerts or touched customers. */
    public record Week(String week, Figures company, Map<String, Figures> departments) {
    }

    /**
     * Alerts by rule and in all, customers touched (null when journey-service did not say), and the alerts per 1,000
     * customers touched, two decimals (null without customers touched).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Figures(Long customersTouched, Map<String, Long> alerts, long total, Map<String, BigDecimal> per1000,
                          BigDecimal totalPer1000) {
    }

    /** A count of alerts of one rule in one week, company-wide (department null) or naming one department. */
    public record Count(String week, String department, String rule, long alerts) {
    }

    /** The score from the alert counts and journey-service's customers touched ({@code GET /analytics/customers-touched}). */
    public static ConsistencyScore of(OffsetDateTime from, OffsetDateTime to, List<Count> counts, Part touched) {
        Map<String, Map<String, Map<String, Long>>> alerts = new TreeMap<>(); // week -> department ("" company) -> rule
        counts.forEach(c -> alerts.computeIfAbsent(c.week(), w -> new TreeMap<>())
                .computeIfAbsent(c.department() == null ? "" : c.department(), d -> new TreeMap<>())
                .merge(c.rule(), c.alerts(), Long::sum));
        Map<String, Map<String, Long>> customers = new TreeMap<>(); // week -> department ("" company) -> customers
        if (touched.data() != null) {
            for (JsonNode week : touched.data().path("weeks")) {
                Map<String, Long> byDepartment = customers.computeIfAbsent(week.path("week").asText(),
                        w -> new TreeMap<>());
                byDepartment.put("", week.path("customers").asLong());
                week.path("byDepartment").fields().forEachRemaining(e -> byDepartment.put(e.getKey(),
                        e.getValue().asLong()));
            }
        }
        TreeMap<String, Boolean> weeks = new TreeMap<>();
        alerts.keySet().forEach(w -> weeks.put(w, true));
        customers.keySet().forEach(w -> weeks.put(w, true));
        List<Week> out = weeks.keySet().stream().map(week -> {
            Map<String, Map<String, Long>> weekAlerts = alerts.getOrDefault(week, Map.of());
            Map<String, Long> weekCustomers = customers.getOrDefault(week, Map.of());
            TreeMap<String, Boolean> departments = new TreeMap<>();
            weekAlerts.keySet().forEach(d -> departments.put(d, true));
            weekCustomers.keySet().forEach(d -> departments.put(d, true));
            departments.remove("");
            Map<String, Figures> byDepartment = new LinkedHashMap<>();
            departments.keySet().forEach(d -> byDepartment.put(d, figures(weekAlerts.getOrDefault(d, Map.of()),
                    touched.data() == null ? null : weekCustomers.getOrDefault(d, 0L))));
            return new Week(week, figures(weekAlerts.getOrDefault("", Map.of()),
                    touched.data() == null ? null : weekCustomers.getOrDefault("", 0L)), byDepartment);
        }).toList();
        return new ConsistencyScore(from, to, RULES, touched.data() == null ? touched
                : new Part(touched.service(), touched.status(), null, null), out);
    }

    private static Figures figures(Map<String, Long> byRule, Long customersTouched) {
        Map<String, Long> alerts = new LinkedHashMap<>();
        Map<String, BigDecimal> per1000 = new LinkedHashMap<>();
        long total = 0;
        for (String rule : RULES) {
            long n = byRule.getOrDefault(rule, 0L);
            alerts.put(rule, n);
            per1000.put(rule, rate(n, customersTouched));
            total += n;
        }
        boolean rated = customersTouched != null && customersTouched > 0;
        return new Figures(customersTouched, alerts, total, rated ? per1000 : null, rate(total, customersTouched));
    }

    private static BigDecimal rate(long alerts, Long customers) {
        if (customers == null || customers == 0) {
            return null;
        }
        return BigDecimal.valueOf(alerts * 1000L).divide(BigDecimal.valueOf(customers), 2, RoundingMode.HALF_UP);
    }
}
