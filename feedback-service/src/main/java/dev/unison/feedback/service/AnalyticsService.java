package dev.unison.feedback.service;

import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.rest.QueryParams;
import dev.unison.feedback.config.FeedbackConfig;
import dev.unison.feedback.repository.AnalyticsRepository;
import dev.unison.feedback.repository.AnalyticsRepository.BurstRule;
import dev.unison.feedback.repository.BugStatus;
import dev.unison.feedback.repository.GroupCounts;
import dev.unison.feedback.repository.GroupTally;
import dev.unison.feedback.repository.RuleTally;
import dev.unison.feedback.repository.Tally;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Satisfaction, bug and impact analytics over the stored feedback and alerts. */
@ApplicationScoped
public class AnalyticsService {
    private final AnalyticsRepository repository;
    private final FeedbackConfig config;

    public AnalyticsService(AnalyticsRepository repository, FeedbackConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** The period of a report: [from, to). */
    public record Period(OffsetDateTime from, OffsetDateTime to) {
    }

    /** The burst rule as reported: answers of one agent from minCustomers customers within window. */
    public record SolicitedRule(int minCustomers, String window) {
    }

    /** The solicited answers of a group, reported apart from the headline figures. */
    public record Solicited(Scores scores, long answers) {
    }

    /** One group of the satisfaction report; key is a department, a channel, a period start or "all". */
    public record Group(String key, Scores scores, Solicited solicited, long complaints, long bugReports,
                        long praise) {
    }

    public record SatisfactionReport(OffsetDateTime from, OffsetDateTime to, String groupBy, String period,
                                     boolean includeSolicited, SolicitedRule solicitedRule, Group total,
                                     List<Group> groups) {
    }

    public record ReleaseBugs(String release, long reports, long fixed, long acknowledged, long open,
                              List<String> openBugKeys, long reopened, List<String> reopenedBugKeys) {
    }

    public record BugReport(OffsetDateTime from, OffsetDateTime to, String definition, List<ReleaseBugs> releases) {
    }

    /** Satisfaction of the answers that had (or had not) an alert in their look-back. */
    public record Cohort(Scores scores, long customers) {
    }

    public record RuleImpact(String rule, Cohort withAlert, Scores.Difference difference) {
    }

    public record ImpactReport(OffsetDateTime from, OffsetDateTime to, int lookbackDays, boolean includeSolicited,
                               Cohort withoutAlert, List<RuleImpact> rules) {
    }

    public static final String BUG_DEFINITION = "A bug report is fixed when a release listing its bugKey in fixes "
            + "shipped after the release the report names (after the report itself when that release's shipment is "
            + "unknown); acknowledged when not fixed and a bug-acknowledged of the bugKey, for that customer or for "
            + "everyone, came at or after the report; open when neither. Reopened when not fixed although a release "
            + "listing its bugKey shipped at or before the release the report names (or the report): the fix did not "
            + "hold for this report, while the reports it fixed stay fixed. Status as of 'to'.";

    /** [from, to) with defaults: to = now, from = to − feedback.query.default-period. */
    public Period period(OffsetDateTime from, OffsetDateTime to) {
        OffsetDateTime end = to != null ? to : OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime start = from != null ? from : end.minus(config.query().defaultPeriod());
        if (!start.isBefore(end)) {
            throw new QueryParams.BadParameterException("/query/from", "'from' (" + start + ") must be before 'to' ("
                    + end + ")");
        }
        return new Period(start, end);
    }

    public SatisfactionReport satisfaction(Period p, String groupBy, String period, boolean includeSolicited) {
        String grouping = groupBy == null || groupBy.isBlank() ? "none" : groupBy;
        if (!AnalyticsRepository.GROUPINGS.contains(grouping)) {
            throw new QueryParams.BadParameterException("/query/groupBy", "query parameter 'groupBy' must be one of "
                    + "department, channel, period, not '" + JsonLimits.forLog(groupBy, 64) + "'");
        }
        String unit = period == null || period.isBlank() ? "week" : period;
        if (!AnalyticsRepository.PERIODS.contains(unit)) {
            throw new QueryParams.BadParameterException("/query/period", "query parameter 'period' must be one of "
                    + "day, week, month, not '" + JsonLimits.forLog(period, 64) + "'");
        }
        BurstRule rule = burstRule();
        Map<String, Tally> headline = new TreeMap<>();
        Map<String, Tally> solicited = new TreeMap<>();
        for (GroupTally g : repository.surveyTallies(p.from(), p.to(), grouping, unit, rule)) {
            headline.putIfAbsent(g.key(), Tally.EMPTY);
            solicited.putIfAbsent(g.key(), Tally.EMPTY);
            if (g.solicited()) {
                solicited.merge(g.key(), g.tally(), Tally::plus);
            }
            if (!g.solicited() || includeSolicited) {
                headline.merge(g.key(), g.tally(), Tally::plus);
            }
        }
        Map<String, GroupCounts> counts = new TreeMap<>();
        repository.feedbackCounts(p.from(), p.to(), grouping, unit).forEach(c -> counts.put(c.key(), c));
        TreeSet<String> keys = new TreeSet<>(headline.keySet());
        keys.addAll(counts.keySet());
        List<Group> groups = new ArrayList<>();
        Tally allHeadline = Tally.EMPTY;
        Tally allSolicited = Tally.EMPTY;
        long complaints = 0;
        long bugs = 0;
        long praise = 0;
        for (String key : keys) {
            Tally h = headline.getOrDefault(key, Tally.EMPTY);
            Tally s = solicited.getOrDefault(key, Tally.EMPTY);
            GroupCounts c = counts.getOrDefault(key, new GroupCounts(key, 0, 0, 0));
            groups.add(new Group(key, Scores.of(h), new Solicited(Scores.of(s), s.answers()), c.complaints(),
                    c.bugReports(), c.praise()));
            allHeadline = allHeadline.plus(h);
            allSolicited = allSolicited.plus(s);
            complaints += c.complaints();
            bugs += c.bugReports();
            praise += c.praise();
        }
        Group total = new Group("all", Scores.of(allHeadline),
                new Solicited(Scores.of(allSolicited), allSolicited.answers()), complaints, bugs, praise);
        return new SatisfactionReport(p.from(), p.to(), grouping, "period".equals(grouping) ? unit : null,
                includeSolicited, new SolicitedRule(rule.minCustomers(), rule.window().toString()), total,
                "none".equals(grouping) ? List.of() : groups);
    }

    public BugReport bugs(Period p) {
        Map<String, List<BugStatus>> byRelease = new TreeMap<>();
        for (BugStatus b : repository.bugStatus(p.from(), p.to())) {
            byRelease.computeIfAbsent(b.release(), r -> new ArrayList<>()).add(b);
        }
        List<ReleaseBugs> releases = new ArrayList<>();
        byRelease.forEach((release, list) -> releases.add(new ReleaseBugs(release,
                list.stream().mapToLong(BugStatus::reports).sum(),
                list.stream().mapToLong(BugStatus::fixed).sum(),
                list.stream().mapToLong(BugStatus::acknowledged).sum(),
                list.stream().mapToLong(BugStatus::open).sum(),
                list.stream().filter(b -> b.open() > 0).map(BugStatus::bugKey).sorted().toList(),
                list.stream().mapToLong(BugStatus::reopened).sum(),
                list.stream().filter(b -> b.reopened() > 0).map(BugStatus::bugKey).sorted().toList())));
        return new BugReport(p.from(), p.to(), BUG_DEFINITION, releases);
    }

    public ImpactReport impact(Period p, String lookbackDays, boolean includeSolicited) {
        int days = QueryParams.integer("lookbackDays", lookbackDays, config.query().defaultLookbackDays(), 1,
                config.query().maxLookbackDays());
        Cohort without = new Cohort(Scores.of(Tally.EMPTY), 0);
        List<RuleTally> withRule = new ArrayList<>();
        for (RuleTally t : repository.impact(p.from(), p.to(), Duration.ofDays(days), includeSolicited, burstRule())) {
            if (t.rule() == null) {
                without = new Cohort(Scores.of(t.tally()), t.customers());
            } else {
                withRule.add(t);
            }
        }
        List<RuleImpact> rules = new ArrayList<>();
        for (RuleTally t : withRule) {
            Cohort with = new Cohort(Scores.of(t.tally()), t.customers());
            rules.add(new RuleImpact(t.rule(), with, Scores.difference(with.scores(), without.scores())));
        }
        rules.sort((a, b) -> a.rule().compareTo(b.rule()));
        return new ImpactReport(p.from(), p.to(), days, includeSolicited, without, rules);
    }

    private BurstRule burstRule() {
        return new BurstRule(config.solicited().minAnswers(), config.solicited().window());
    }
}
