package dev.unison.journey.repository;

import dev.unison.contracts.EventJson;
import dev.unison.contracts.Touch;
import dev.unison.contracts.TouchData;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Touches in PostgreSQL: batch insert that ignores repeats, and the reads of the journey and its analytics. */
@ApplicationScoped
public class TouchRepository {
    private static final String INSERT = """
            INSERT INTO touches (source, id, customer_id, type, kind, department, channel, direction, initiated_by,
                                 agent_id, automated, case_id, occurred_at, data)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::timestamptz[], ?::jsonb[])
            ON CONFLICT (source, id) DO NOTHING""";
    private static final String COLUMNS = "id, source, type, kind, occurred_at, department, channel, direction, "
            + "initiated_by, case_id, data";

    private final DataSource dataSource;

    public TouchRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts the touches in one statement and returns how many were new (the rest were repeats). */
    public int insert(List<Touch> touches) throws SQLException {
        int n = touches.size();
        String[][] cols = new String[14][n];
        for (int i = 0; i < n; i++) {
            Touch t = touches.get(i);
            TouchData d = t.data();
            cols[0][i] = t.source();
            cols[1][i] = t.id();
            cols[2][i] = d.customerId();
            cols[3][i] = t.type();
            cols[4][i] = t.kind();
            cols[5][i] = d.department();
            cols[6][i] = d.channel();
            cols[7][i] = d.direction();
            cols[8][i] = d.initiator();
            cols[9][i] = d.agent() == null ? null : d.agent().id();
            cols[10][i] = Boolean.toString(d.automated());
            cols[11][i] = d.caseId();
            cols[12][i] = t.time().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            cols[13][i] = EventJson.string(d);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int col = 0; col < cols.length; col++) {
                ps.setArray(col + 1, c.createArrayOf("text", cols[col]));
            }
            return ps.executeUpdate();
        }
    }

    /** One page of a customer's journey in time order, after the given position when one is given. */
    public List<TouchRow> journey(JourneyQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM touches WHERE customer_id = ?");
        List<Object> args = new ArrayList<>(List.of(q.customerId()));
        if (q.department() != null) {
            sql.append(" AND department = ?");
            args.add(q.department());
        }
        if (q.kind() != null) {
            sql.append(" AND kind = ?");
            args.add(q.kind());
        }
        if (q.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(ts(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(ts(q.to()));
        }
        String cmp = q.descending() ? "<" : ">";
        String dir = q.descending() ? "DESC" : "ASC";
        if (q.after() != null) {
            sql.append(" AND (occurred_at, source, id) ").append(cmp).append(" (?, ?, ?)");
            args.add(ts(q.after().time()));
            args.add(q.after().source());
            args.add(q.after().id());
        }
        sql.append(" ORDER BY occurred_at ").append(dir).append(", source ").append(dir).append(", id ").append(dir)
                .append(" LIMIT ?");
        args.add(q.limit());
        List<TouchRow> rows = new ArrayList<>();
        query(sql.toString(), args, rs -> rows.add(touch(rs)));
        return rows;
    }

    public boolean customerExists(String customerId) throws SQLException {
        boolean[] found = {false};
        query("SELECT 1 FROM touches WHERE customer_id = ? LIMIT 1", List.of(customerId), rs -> found[0] = true);
        return found[0];
    }

    /** Per department: number of touches and the last one's time. */
    public List<DepartmentContact> departments(String customerId) throws SQLException {
        List<DepartmentContact> out = new ArrayList<>();
        query("""
                SELECT department, count(*), max(occurred_at) FROM touches WHERE customer_id = ?
                GROUP BY department ORDER BY max(occurred_at) DESC""", List.of(customerId),
                rs -> out.add(new DepartmentContact(rs.getString(1), rs.getLong(2), time(rs, 3))));
        return out;
    }

    /** Cases with no case-closed touch, with the department that holds each now. */
    public List<OpenCase> openCases(String customerId) throws SQLException {
        List<OpenCase> out = new ArrayList<>();
        query("""
                SELECT case_id, min(occurred_at),
                       (array_agg(coalesce(data->>'toDepartment', department) ORDER BY occurred_at DESC))[1],
                       max(data->>'issueKey'), count(*) FILTER (WHERE kind = 'case-transferred')
                FROM touches WHERE customer_id = ? AND case_id IS NOT NULL
                GROUP BY case_id HAVING bool_and(kind <> 'case-closed')
                ORDER BY min(occurred_at)""", List.of(customerId),
                rs -> out.add(new OpenCase(rs.getString(1), time(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getInt(5))));
        return out;
    }

    /** Every field the customer has provided, with who last received it and when. */
    public List<ProvidedField> providedFields(String customerId) throws SQLException {
        List<ProvidedField> out = new ArrayList<>();
        query("""
                SELECT DISTINCT ON (f.field) f.field, t.department, t.occurred_at
                FROM touches t, jsonb_array_elements_text(t.data->'fields') AS f(field)
                WHERE t.customer_id = ? AND t.kind = 'info-provided'
                ORDER BY f.field, t.occurred_at DESC""", List.of(customerId),
                rs -> out.add(new ProvidedField(rs.getString(1), rs.getString(2), time(rs, 3))));
        return out;
    }

    /** The contract of the newest contract-updated touch. */
    public Optional<Contract> contract(String customerId) throws SQLException {
        List<Contract> out = new ArrayList<>();
        query("""
                SELECT data->>'contractId', (data->>'renewsOn')::date, occurred_at FROM touches
                WHERE customer_id = ? AND kind = 'contract-updated' ORDER BY occurred_at DESC LIMIT 1""",
                List.of(customerId),
                rs -> out.add(new Contract(rs.getString(1), rs.getObject(2, java.time.LocalDate.class), time(rs, 3))));
        return out.stream().findFirst();
    }

    /** Touch counts in [from, to) grouped by the given columns (a subset of department, channel, kind). */
    public List<TouchCount> countTouches(OffsetDateTime from, OffsetDateTime to, List<String> groupBy)
            throws SQLException {
        String cols = String.join(", ", groupBy);
        String sql = "SELECT " + (cols.isEmpty() ? "" : cols + ", ") + "count(*) FROM touches "
                + "WHERE occurred_at >= ? AND occurred_at < ?"
                + (cols.isEmpty() ? "" : " GROUP BY " + cols + " ORDER BY count(*) DESC, " + cols);
        List<TouchCount> out = new ArrayList<>();
        query(sql, List.of(ts(from), ts(to)), rs -> {
            String department = groupBy.contains("department") ? rs.getString("department") : null;
            String channel = groupBy.contains("channel") ? rs.getString("channel") : null;
            String kind = groupBy.contains("kind") ? rs.getString("kind") : null;
            out.add(new TouchCount(department, channel, kind, rs.getLong(groupBy.size() + 1)));
        });
        return out;
    }

    /** Hand-offs (case-transferred touches) in [from, to) per pair of departments. */
    public List<Handoff> handoffs(OffsetDateTime from, OffsetDateTime to) throws SQLException {
        List<Handoff> out = new ArrayList<>();
        query("""
                SELECT data->>'fromDepartment', data->>'toDepartment', count(*) FROM touches
                WHERE kind = 'case-transferred' AND occurred_at >= ? AND occurred_at < ?
                GROUP BY 1, 2 ORDER BY 1, 2""", List.of(ts(from), ts(to)),
                rs -> out.add(new Handoff(rs.getString(1), rs.getString(2), rs.getLong(3))));
        return out;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> args, RowReader reader) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    private static TouchRow touch(ResultSet rs) throws SQLException {
        String data = rs.getString("data"); // jsonb: always valid JSON
        return new TouchRow(rs.getString("id"), rs.getString("source"), rs.getString("type"), rs.getString("kind"),
                time(rs, "occurred_at"), rs.getString("department"), rs.getString("channel"),
                rs.getString("direction"), rs.getString("initiated_by"), rs.getString("case_id"), data);
    }

    private static Timestamp ts(OffsetDateTime time) {
        return Timestamp.from(time.toInstant());
    }

    private static OffsetDateTime time(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant().atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return time(rs, rs.findColumn(column));
    }
}
