package dev.unison.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Touch;
import dev.unison.contracts.TouchData;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The raw limits of the machine on the same touches: Kafka's own producer and consumer tools, PostgreSQL COPY. */
final class RawLimits {
    private final Run run;
    double rawConsume = Double.NaN;
    double copyRate = Double.NaN;

    RawLimits(Run run) {
        this.run = run;
    }

    void rawKafka(List<ObjectNode> touches) throws Exception {
        Path payload = run.work.resolve("touches.jsonl");
        StringBuilder lines = new StringBuilder();
        long bytes = 0;
        for (ObjectNode e : touches) {
            String json = EventJson.string(e);
            bytes += json.getBytes(StandardCharsets.UTF_8).length;
            lines.append(json).append('\n');
        }
        Files.writeString(payload, lines);
        int n = touches.size() * 3;
        Run.log("ProducerPerformance: " + n + " touch records (mean " + bytes / touches.size() + " B), acks=all");
        String out = run.runJava("org.apache.kafka.tools.ProducerPerformance", "--topic", "bench.raw.touches",
                "--num-records", Integer.toString(n), "--throughput", "-1", "--payload-file", payload.toString(),
                "--producer-props", "bootstrap.servers=" + run.kafka.bootstrap, "acks=all", "enable.idempotence=true",
                "linger.ms=5", "batch.size=65536");
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)").matcher(out);
        double produce = Double.NaN;
        while (m.find()) {
            produce = Double.parseDouble(m.group(2));
        }
        run.table.add("raw Kafka produce (ProducerPerformance, acks=all, touch payloads " + bytes / touches.size()
                + " B)", produce, "records/s");
        String cout = run.runJava("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", run.kafka.bootstrap,
                "--topic", "bench.raw.touches", "--messages", Integer.toString(n), "--timeout", "60000",
                "--group", "bench-raw-" + System.nanoTime());
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
        // ..., rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        double consume = Double.NaN;
        double fetch = Double.NaN;
        for (String line : cout.split("\n")) {
            String[] f = line.split(",\\s*");
            if (f.length >= 10 && f[0].matches("\\d{4}-.*")) {
                consume = Double.parseDouble(f[5].trim());
                fetch = Double.parseDouble(f[9].trim());
            }
        }
        rawConsume = fetch;
        run.table.add("raw Kafka consume (ConsumerPerformance, fetch rate)", fetch, "records/s", Table.Goal.NONE,
                Double.NaN, "with the group join: " + Table.format(consume) + " records/s");
    }

    void rawCopy(List<ObjectNode> touches) throws Exception {
        String ddl = Files.readString(run.root.resolve("journey-service/src/main/resources/db/migration/V1__touches.sql"));
        StringBuilder csv = new StringBuilder();
        for (ObjectNode e : touches) {
            Touch t = EventJson.toTouch(e);
            TouchData d = t.data();
            csv.append(q(t.source())).append(',').append(q(t.id())).append(',').append(q(d.customerId())).append(',')
                    .append(q(t.type())).append(',').append(q(t.kind())).append(',').append(q(d.department()))
                    .append(',').append(q(d.channel())).append(',').append(q(d.direction())).append(',')
                    .append(q(d.initiator())).append(',').append(q(d.agent() == null ? null : d.agent().id()))
                    .append(',').append(d.automated()).append(',').append(q(d.caseId())).append(',')
                    .append(q(t.time().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))).append(',')
                    .append(q(EventJson.string(d))).append('\n');
        }
        try (Connection c = DriverManager.getConnection(run.db.jdbcUrl("bench"), "postgres", "postgres")) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS touches");
                s.execute(ddl);
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            Run.log("COPY of " + touches.size() + " rows into a table shaped like journey-service's touches");
            long t0 = System.nanoTime();
            long rows = copy.copyIn("COPY touches (source, id, customer_id, type, kind, department, channel, direction,"
                    + " initiated_by, agent_id, automated, case_id, occurred_at, data) FROM STDIN (FORMAT csv)",
                    new StringReader(csv.toString()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            copyRate = rows / seconds;
        }
        run.table.add("raw PostgreSQL COPY (same rows, same indexes)", copyRate, "rows/s");
    }

    private static String q(String s) {
        return s == null ? "" : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
