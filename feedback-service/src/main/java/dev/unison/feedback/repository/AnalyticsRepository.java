package dev.unison.feedback.repository;

import dev.unison.runtime.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The reads behind the analytics: survey tallies, complaint counts, bug status and the impact of alerts. Plain JDBC:
 * each is one aggregate SQL statement (window functions, FILTER, unnest) that JPQL has no form for; every
 * SQLException leaves as a {@link StorageException}.
 */
@ApplicationScoped
public class AnalyticsRepository {
    /** How answers are grouped: a SQL expression per groupBy value. */
    public static final Set<String> GROUPINGS = Set.of("department", "channel", "period", "none");
    public static final Set<String> PERIODS = Set.of("day", "week", "month");

    private final DataSource dataSource;

    public AnalyticsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Which survey answers count as possibly solicited: the burst rule's two settings. */
    public record BurstRule(int minCustomers, Duration window) {
        String interval() {
            return "interval '" + window.toSeconds() + " seconds'";
        }
    }

    /**
     * A CTE {@code flagged} of the survey answers in [from, to) with a boolean column {@code solicited}.
     * An answer attributed to an agent (data.agent.id) is possibly solicited when it lies in a burst of that agent:
     * a window of the rule's length, starting at one of the agent's answers, in which at least minCustomers
     * different customers answered a survey attributed to that agent. Every lookup is a range scan of the index
     * (agent_id, occurred_at) of surveys, so the cost grows with the answers per agent and window, not with the
     * square of the period's answers. Takes two parameters: from, to.
     */
    private static String flagged(BurstRule rule) {
        return """
                WITH flagged AS (
                    SELECT s.source, s.id, s.customer_id, s.department, s.channel, s.agent_id, s.metric, s.score,
                           s.occurred_at,
                           s.agent_id IS NOT NULL AND EXISTS (
                               SELECT 1 FROM feedback a
                               WHERE a.kind = 'survey' AND a.agent_id = s.agent_id
                                 AND a.occurred_at >= s.occurred_at - %1$s AND a.occurred_at <= s.occurred_at
                                 AND (SELECT count(DISTINCT b.customer_id) FROM feedback b
                                      WHERE b.kind = 'survey' AND b.agent_id = a.agent_id
                                        AND b.occurred_at >= a.occurred_at
                                        AND b.occurred_at <= a.occurred_at + %1$s) >= %2$d) AS solicited
                    FROM feedback s
                    WHERE s.kind = 'survey' AND s.occurred_at >= ? AND s.occurred_at < ?
                )
                """.formatted(rule.interval(), rule.minCustomers());
    }

    private static String groupExpression(String groupBy, String period) {
        return switch (groupBy) {
            case "department" -> "coalesce(department, '(none)')";
            case "channel" -> "coalesce(channel, '(none)')";
            case "period" -> "to_char(date_trunc('" + period + "', occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')";
            default -> "'all'";
        };
    }

    /** Survey tallies in [from, to) per group and solicited flag. */
    public List<GroupTally> surveyTallies(OffsetDateTime from, OffsetDateTime to, String groupBy, String period,
                                          BurstRule rule) {
        String grp = groupExpression(groupBy, period);
        String sql = flagged(rule) + "SELECT " + grp + " AS grp, solicited, " + Tally.SQL
                + " FROM flagged GROUP BY 1, 2 ORDER BY 1, 2";
        List<GroupTally> out = new ArrayList<>();
        query(sql, List.of(ts(from), ts(to)),
                rs -> out.add(new GroupTally(rs.getString(1), rs.getBoolean(2), Tally.read(rs, 3))));
        return out;
    }

    /** Complaints, bug reports and praise in [from, to) per group. */
    public List<GroupCounts> feedbackCounts(OffsetDateTime from, OffsetDateTime to, String groupBy, String period) {
        String sql = "SELECT " + groupExpression(groupBy, period) + " AS grp,"
                + " count(*) FILTER (WHERE kind = 'complaint'), count(*) FILTER (WHERE kind = 'bug-report'),"
                + " count(*) FILTER (WHERE kind = 'praise')"
                + " FROM feedback WHERE kind IN ('complaint', 'bug-report', 'praise')"
                + " AND occurred_at >= ? AND occurred_at < ? GROUP BY 1 ORDER BY 1";
        List<GroupCounts> out = new ArrayList<>();
        query(sql, List.of(ts(from), ts(to)),
                rs -> out.add(new GroupCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))));
        return out;
    }

    /**
     * Bug reports of [from, to) per release and bug key, with their status as of {@code to}: fixed when a release
     * listing the bug key in {@code fixes} shipped after the release the report names (after the report itself
     * when that release's shipment is unknown); acknowledged when not fixed and a bug-acknowledged event of the key,
     * for that customer or for everyone, came at or after the report; open otherwise. Reopened when not fixed although
     * a release listing the bug key shipped at or before the baseline (the fix did not hold for this report): the
     * reports that release fixed stay fixed. consistency-service's unacknowledged-bug detector uses this definition.
     */
    public List<BugStatus> bugStatus(OffsetDateTime from, OffsetDateTime to) {
        String sql = """
                WITH shipped AS (
                    SELECT release, fixes, occurred_at FROM feedback WHERE kind = 'shipped' AND occurred_at < ?
                ), reports AS (
                    SELECT r.customer_id, r.bug_key, coalesce(r.release, '(unspecified)') AS release, r.occurred_at,
                           coalesce((SELECT min(v.occurred_at) FROM shipped v WHERE v.release = r.release),
                                    r.occurred_at) AS baseline
                    FROM feedback r WHERE r.kind = 'bug-report' AND r.occurred_at >= ? AND r.occurred_at < ?
                ), status AS (
                    SELECT r.release, r.bug_key,
                           EXISTS (SELECT 1 FROM shipped f WHERE r.bug_key = ANY (f.fixes)
                                   AND f.occurred_at > r.baseline) AS fixed,
                           EXISTS (SELECT 1 FROM shipped f WHERE r.bug_key = ANY (f.fixes)
                                   AND f.occurred_at <= r.baseline) AS claimed,
                           EXISTS (SELECT 1 FROM feedback k WHERE k.kind = 'bug-acknowledged' AND k.bug_key = r.bug_key
                                   AND (k.customer_id IS NULL OR k.customer_id = r.customer_id)
                                   AND k.occurred_at >= r.occurred_at AND k.occurred_at < ?) AS acknowledged
                    FROM reports r
                )
                SELECT release, bug_key, count(*),
                       count(*) FILTER (WHERE fixed),
                       count(*) FILTER (WHERE NOT fixed AND acknowledged),
                       count(*) FILTER (WHERE NOT fixed AND NOT acknowledged),
                       count(*) FILTER (WHERE NOT fixed AND claimed)
                FROM status GROUP BY release, bug_key ORDER BY release, bug_key""";
        List<BugStatus> out = new ArrayList<>();
        query(sql, List.of(ts(to), ts(from), ts(to), ts(to)), rs -> out.add(new BugStatus(rs.getString(1),
                rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))));
        return out;
    }

    /**
     * Per rule, the tally of survey answers in [from, to) whose customer had an alert of that rule detected within
     * the look-back before the answer; plus one row with rule null: the answers whose customer had no alert at all
     * in their look-back. Rules with alerts in the period but no such answer come with an empty tally.
     */
    public List<RuleTally> impact(OffsetDateTime from, OffsetDateTime to, Duration lookback, boolean includeSolicited,
                                  BurstRule rule) {
        String back = "interval '" + lookback.toSeconds() + " seconds'";
        String filter = includeSolicited ? "" : " WHERE NOT solicited";
        String sql = flagged(rule) + """
                , answers AS (SELECT * FROM flagged%1$s),
                exposed AS (
                    SELECT DISTINCT a.rule, s.source, s.id FROM answers s
                    JOIN alerts a ON a.customer_id = s.customer_id
                     AND a.detected_at >= s.occurred_at - %2$s AND a.detected_at < s.occurred_at
                ), rules AS (
                    SELECT DISTINCT rule FROM alerts WHERE detected_at >= ?::timestamptz - %2$s AND detected_at < ?
                )
                SELECT r.rule, %3$s, count(DISTINCT s.customer_id)
                FROM rules r LEFT JOIN exposed e ON e.rule = r.rule
                LEFT JOIN answers s ON s.source = e.source AND s.id = e.id
                GROUP BY r.rule
                UNION ALL
                SELECT NULL, %3$s, count(DISTINCT s.customer_id) FROM answers s
                WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.customer_id = s.customer_id
                                  AND a.detected_at >= s.occurred_at - %2$s AND a.detected_at < s.occurred_at)
                """.formatted(filter, back, Tally.SQL.replace("metric", "s.metric").replace("score", "s.score"));
        List<RuleTally> out = new ArrayList<>();
        query(sql, List.of(ts(from), ts(to), ts(from), ts(to)),
                rs -> out.add(new RuleTally(rs.getString(1), Tally.read(rs, 2), rs.getLong(9))));
        return out;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> args, RowReader reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the analytics", e);
        }
    }

    private static Timestamp ts(OffsetDateTime time) {
        return Timestamp.from(time.toInstant());
    }
}
