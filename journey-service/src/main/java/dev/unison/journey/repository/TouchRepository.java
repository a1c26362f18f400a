package dev.unison.journey.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Touch;
import dev.unison.contracts.TouchData;
import dev.unison.runtime.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Touches in PostgreSQL: batches stored by COPY, repeats ignored, and the reads of the journey and its analytics.
 * Plain JDBC, not Panache: one binary COPY per batch took ingest from 13–14k to 20k touches/s (bench/README.md).
 * Nothing above this class sees SQL: every SQLException leaves it as a {@link StorageException} (its cause kept, so
 * the consumers still tell a data error from an outage), a repeated touch in a COPY as a {@link RepeatedTouchException}.
 */
@ApplicationScoped
public class TouchRepository {
    private static final String STORED = "source, id, customer_id, type, kind, department, channel, direction, "
            + "initiated_by, agent_id, automated, case_id, occurred_at, data";
    private static final int STORED_COUNT = 14;
    private static final String COPY_INTO_TOUCHES = "COPY touches (" + STORED + ") FROM STDIN (FORMAT binary)";
    /** The state PostgreSQL reports when a row repeats the primary key (source, id) of a stored one. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** A row of a journey page; the time as microseconds since 1970 UTC, read without a time zone lookup per row. */
    private static final String COLUMNS = "id, source, type, kind, (extract(epoch FROM occurred_at) * 1000000)::int8, "
            + "department, channel, direction, initiated_by, case_id, data";

    private final DataSource dataSource;

    public TouchRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The touches as rows of the touches table in PostgreSQL's binary COPY format, for {@link #merge}. */
    public static byte[] rows(List<Touch> touches) {
        CopyRows rows = new CopyRows(touches.size() * 512);
        for (Touch t : touches) {
            row(rows, t);
        }
        return rows.end().toByteArray();
    }

    private static void row(CopyRows rows, Touch t) {
        TouchData d = t.data();
        byte[] data;
        try {
            data = EventJson.MAPPER.writeValueAsBytes(d);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        rows.row(STORED_COUNT).text(t.source()).text(t.id()).text(d.customerId()).text(t.type()).text(t.kind())
                .text(d.department()).text(d.channel()).text(d.direction()).text(d.initiator())
                .text(d.agent() == null ? null : d.agent().id()).bool(d.automated()).text(d.caseId())
                .timestamptz(t.time()).jsonb(data);
    }

    /**
     * Starts a COPY into the touches table, the cheapest way PostgreSQL stores rows. It runs in the caller's
     * transaction; touches are sent as they are added, so PostgreSQL stores the first ones of a batch while the
     * caller still reads the rest.
     */
    public Copy copy() {
        try {
            Connection c = dataSource.getConnection();
            try {
                return new Copy(c, c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_INTO_TOUCHES));
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw failed("cannot start a COPY into touches", e);
        }
    }

    /**
     * A touch of a COPY repeats a stored one or another of the same COPY: nothing of it is stored, the transaction must
     * be rolled back and the touches {@link #merge merged} instead.
     */
    public static final class RepeatedTouchException extends StorageException {
        RepeatedTouchException(SQLException cause) {
            super("a touch of the COPY repeats a stored one", cause);
        }
    }

    private static StorageException failed(String what, SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState()) ? new RepeatedTouchException(e) : new StorageException(what, e);
    }

    /** A COPY into the touches table under way. */
    public static final class Copy implements AutoCloseable {
        private static final int SEND_EVERY = 64 * 1024;

        private final Connection connection;
        private final CopyIn in;
        private final CopyRows rows = new CopyRows(2 * SEND_EVERY);

        private Copy(Connection connection, CopyIn in) {
            this.connection = connection;
            this.in = in;
        }

        public void add(Touch touch) {
            row(rows, touch);
            if (rows.size() >= SEND_EVERY) {
                send();
            }
        }

        /**
         * Ends the COPY and returns how many touches it stored.
         *
         * @throws RepeatedTouchException when a touch repeats a stored one or another of the COPY
         */
        public long finish() {
            rows.end();
            send();
            try {
                return in.endCopy();
            } catch (SQLException e) {
                throw failed("cannot end the COPY into touches", e);
            }
        }

        private void send() {
            try {
                in.writeToCopy(rows.array(), 0, rows.size());
            } catch (SQLException e) {
                throw failed("cannot send rows to the COPY into touches", e);
            }
            rows.clear();
        }

        @Override
        public void close() {
            try {
                try {
                    if (in.isActive()) {
                        in.cancelCopy();
                    }
                } finally {
                    connection.close();
                }
            } catch (SQLException e) {
                throw failed("cannot close the COPY into touches", e);
            }
        }
    }

    /**
     * Stores the rows that are new, ignoring repeats of a (source, id), and returns how many were new. The key of the
     * partitioned table holds the touch's time too, which a repeat of an event carries unchanged.
     */
    public int merge(byte[] rows) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE touches_staging ON COMMIT DROP AS SELECT " + STORED + " FROM touches WITH NO DATA");
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY touches_staging (" + STORED
                        + ") FROM STDIN (FORMAT binary)", new ByteArrayInputStream(rows), rows.length);
            } catch (IOException e) {
                throw new SQLException("COPY into touches_staging failed: " + e.getMessage(), e);
            }
            return s.executeUpdate("INSERT INTO touches (" + STORED + ") SELECT " + STORED
                    + " FROM touches_staging ON CONFLICT (source, id, occurred_at) DO NOTHING");
        } catch (SQLException e) {
            throw new StorageException("cannot merge touches", e);
        }
    }

    /**
     * Keeps the monthly partitions of the touches: creates this month's and the next {@code monthsAhead} ones when
     * missing, and with {@code retentionMonths > 0} drops the months that ended more than that many months before this
     * one began. Returns how many partitions were dropped.
     */
    public int maintainPartitions(int monthsAhead, int retentionMonths) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT touches_maintain(?, ?)")) {
            ps.setInt(1, monthsAhead);
            ps.setInt(2, retentionMonths);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot maintain the touches partitions", e);
        }
    }

    /** One page of a customer's journey in time order, after the given position when one is given. */
    public List<TouchRow> journey(JourneyQuery q) {
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

    public boolean customerExists(String customerId) {
        boolean[] found = {false};
        query("SELECT 1 FROM touches WHERE customer_id = ? LIMIT 1", List.of(customerId), rs -> found[0] = true);
        return found[0];
    }

    /** Deletes every touch of the customer (an erasure); returns how many there were. */
    public int deleteCustomer(String customerId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM touches WHERE customer_id = ?")) {
            s.setString(1, customerId);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("cannot erase the touches of a customer", e);
        }
    }

    /** Per department: number of touches and the last one's time. */
    public List<DepartmentContact> departments(String customerId) {
        List<DepartmentContact> out = new ArrayList<>();
        query("""
                SELECT department, count(*), max(occurred_at) FROM touches WHERE customer_id = ?
                GROUP BY department ORDER BY max(occurred_at) DESC""", List.of(customerId),
                rs -> out.add(new DepartmentContact(rs.getString(1), rs.getLong(2), time(rs, 3))));
        return out;
    }

    /** Cases with no case-closed touch, with the department that holds each now. */
    public List<OpenCase> openCases(String customerId) {
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
    public List<ProvidedField> providedFields(String customerId) {
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
    public Optional<Contract> contract(String customerId) {
        List<Contract> out = new ArrayList<>();
        query("""
                SELECT data->>'contractId', (data->>'renewsOn')::date, occurred_at FROM touches
                WHERE customer_id = ? AND kind = 'contract-updated' ORDER BY occurred_at DESC LIMIT 1""",
                List.of(customerId),
                rs -> out.add(new Contract(rs.getString(1), rs.getObject(2, java.time.LocalDate.class), time(rs, 3))));
        return out.stream().findFirst();
    }

    /** Touch counts in [from, to) grouped by the given columns (a subset of department, channel, kind). */
    public List<TouchCount> countTouches(OffsetDateTime from, OffsetDateTime to, List<String> groupBy) {
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

    /**
     * Distinct customers touched in [from, to) per ISO week (UTC, {@code 2026-W48}) and department, and per week by
     * any department (department null): one row each.
     */
    public List<CustomersTouched> customersTouched(OffsetDateTime from, OffsetDateTime to) {
        List<CustomersTouched> out = new ArrayList<>();
        query("""
                SELECT week, department, count(DISTINCT customer_id), GROUPING(department) FROM (
                    SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week, department, customer_id
                    FROM touches WHERE occurred_at >= ? AND occurred_at < ?) touched
                GROUP BY GROUPING SETS ((week, department), (week)) ORDER BY week, department NULLS FIRST""",
                List.of(ts(from), ts(to)), rs -> out.add(new CustomersTouched(rs.getString(1),
                        rs.getInt(4) == 1 ? null : rs.getString(2), rs.getLong(3))));
        return out;
    }

    /** Hand-offs (case-transferred touches) in [from, to) per pair of departments. */
    public List<Handoff> handoffs(OffsetDateTime from, OffsetDateTime to) {
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
            throw new StorageException("cannot read touches", e);
        }
    }

    /** A row of {@link #COLUMNS}; the JSON of data as PostgreSQL sends it, UTF-8 bytes. */
    private static TouchRow touch(ResultSet rs) throws SQLException {
        long micros = rs.getLong(5);
        OffsetDateTime time = OffsetDateTime.of(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC), ZoneOffset.UTC);
        return new TouchRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), time,
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getBytes(11));
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
