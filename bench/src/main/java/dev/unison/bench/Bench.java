package dev.unison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.contracts.Touch;
import dev.unison.contracts.TouchData;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.launcher.BenchInfra;
import dev.unison.launcher.BenchTokens;
import dev.unison.simulator.Story;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.unison.bench.Table.Goal.AT_LEAST;
import static dev.unison.bench.Table.Goal.AT_MOST;

/**
 * The whole bench: a broker, PostgreSQL and the four packaged services on ports of their own, the raw limits of Kafka
 * and PostgreSQL on the same touches, then each service's figures. Prints the table and writes it to bench/results.
 */
public final class Bench {
    static final int KAFKA_PORT = 19092;
    static final int PG_PORT = 25432;
    static final Map<String, Integer> PORTS = new LinkedHashMap<>(Map.of(
            "journey-service", 18081, "feedback-service", 18082, "consistency-service", 18083,
            "notification-service", 18084));
    static final List<String> DEPARTMENTS = List.of("support", "customer-success", "sales", "billing", "finance",
            "marketing", "account-management", "product", "cx-lead");
    /** HTTP/1.1 as most callers use it (the JDK client would otherwise upgrade to h2c, one connection for all). */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Path root;
    private final Path work;
    private final Path logs;
    private final int events;
    private final boolean profile;
    private final boolean jmh;
    private final String only;
    private final Table table = new Table();
    private final StringBuilder notes = new StringBuilder();
    private final StringBuilder profiles = new StringBuilder();
    private final List<BenchInfra.Handle> handles = new ArrayList<>();
    private final Map<String, BenchInfra.Svc> services = new LinkedHashMap<>();
    private Kafka kafka;
    private BenchInfra.Db db;
    private double rawConsume = Double.NaN;
    private double copyRate = Double.NaN;
    private int customersSent;

    Bench(Path root, int events, boolean profile, boolean jmh, String only) {
        this.root = root;
        this.work = root.resolve("bench/target/run");
        this.logs = work.resolve("logs");
        this.events = events;
        this.profile = profile;
        this.jmh = jmh;
        this.only = only;
    }

    /** Whether this run measures the given part: every part unless {@code --only} names one. */
    private boolean measures(String part) {
        return only == null || only.equals(part);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("unison.home", ".")).toAbsolutePath().normalize();
        int events = 300_000;
        boolean profile = true;
        boolean jmh = true;
        String label = "";
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--no-profile" -> profile = false;
                case "--no-jmh" -> jmh = false;
                case "--label" -> label = args[++i];
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --events N, --no-profile, --no-jmh, --label TEXT, "
                        + "--only journey|consistency|scale-out");
            }
        }
        if (only != null && !List.of("journey", "consistency", "scale-out").contains(only)) {
            throw new IllegalArgumentException("--only takes journey, consistency or scale-out, not " + only);
        }
        Bench bench = new Bench(root, events, profile, jmh, only);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stop, "bench-stop"));
        try {
            bench.run();
            bench.stop();
            bench.report(label);
        } catch (Exception e) {
            e.printStackTrace();
            bench.stop();
            System.exit(1);
        }
        System.exit(0);
    }

    void run() throws Exception {
        deleteRecursively(work);
        Files.createDirectories(logs);
        log("starting Kafka on " + KAFKA_PORT + " and PostgreSQL on " + PG_PORT);
        handles.add(BenchInfra.broker(work.resolve("kafka"), logs.resolve("kafka.log"), KAFKA_PORT));
        db = BenchInfra.postgres(work.resolve("postgres"), PG_PORT, List.of("journey", "feedback", "notification",
                "bench"));
        handles.add(db);
        String bootstrap = "localhost:" + KAFKA_PORT;
        kafka = new Kafka(bootstrap);
        TopicAdmin.ensure(bootstrap, List.of(TopicAdmin.Spec.of(Topics.TOUCHES, 6), TopicAdmin.Spec.of(Topics.TOUCHES_DLQ, 6),
                TopicAdmin.Spec.of(Topics.FEEDBACK, 6), TopicAdmin.Spec.of(Topics.FEEDBACK_DLQ, 6),
                TopicAdmin.Spec.of(Topics.ALERTS, 6), TopicAdmin.Spec.of(Topics.ALERTS_DLQ, 6),
                TopicAdmin.Spec.compacted(Topics.RULES, 1), TopicAdmin.Spec.compacted("cx.facts.v1", 1),
                TopicAdmin.Spec.of("bench.raw.touches", 6), TopicAdmin.Spec.of("bench.streams.out", 6)));

        Traffic traffic = new Traffic(7, 0.2, "b");
        List<Story> prefill = traffic.stories(events);
        List<ObjectNode> touches = prefill.stream().flatMap(s -> s.events().stream()).toList();
        customersSent = traffic.customers();
        rawKafka(touches);
        rawCopy(touches);
        log("pre-filling " + Topics.TOUCHES + " with " + touches.size() + " touches of " + customersSent + " customers");
        try (KafkaProducer<String, byte[]> producer = kafka.producer("bench-prefill")) {
            for (ObjectNode e : touches) {
                producer.send(CloudEventCodec.toKafka(Topics.TOUCHES, e));
            }
            producer.flush();
        }
        long total = kafka.endOffsets(Topics.TOUCHES);

        if (measures("journey")) {
            double journeyRate = drain("journey-service", "journey-service", total,
                    "journey-service stored touches/s (pre-filled topic → PostgreSQL)", "touches/s");
            table.add("journey-service ingest / COPY", journeyRate / copyRate, "ratio", AT_LEAST, 0.5, "");
        }
        if (measures("consistency")) {
            double consistencyRate = drain("consistency-service", "consistency-service", total,
                    "consistency-service events/s, exactly_once_v2 (pre-filled topic → alerts written)", "events/s");
            table.add("consistency-service / raw consume rate", consistencyRate / rawConsume, "ratio", AT_LEAST, 0.3,
                    "");
            streamsBaseline(total, consistencyRate);
            stateSize();
            alertsWritten();

            start("notification-service");
            Receiver receiver = Receiver.start();
            if (only == null) {
                start("feedback-service");
                for (String department : DEPARTMENTS) {
                    post("notification-service", "/subscriptions", "{\"department\":\"" + department
                            + "\",\"type\":\"webhook\",\"name\":\"bench " + department
                            + "\",\"url\":\"http://localhost:" + receiver.port() + "/hooks/" + department
                            + "\",\"secret\":\"bench-webhook-secret-0123\",\"groupWait\":\"PT0S\"}");
                }
            }
            awaitCaughtUp("notification-service", Topics.ALERTS, Duration.ofMinutes(5));
            Feed feed = Feed.start(services.get("notification-service").url());
            latency(traffic, 1_000, 0, 15, feed);
            Map<String, Long> threadsBefore = threadTicks(pid("consistency-service"));
            long brokerBefore = cpuTicks(child("kafka.Kafka"));
            Path jfr = recording("consistency-service-10k");
            if (profile) {
                jcmd("consistency-service", "JFR.start", "name=bench10k", "settings=profile", "filename=" + jfr);
            }
            latency(traffic, 10_000, 10, 30, feed);
            if (profile) {
                jcmd("consistency-service", "JFR.stop", "name=bench10k");
                profiles.append(Profiles.summarise("consistency-service at 10k events/s", jfr, 15));
                profiles.append(Profiles.waits("consistency-service's stream threads at 10k events/s: where they"
                        + " waited (10 ms or more)", jfr, "StreamThread"));
            }
            threadCpu("consistency-service while 10,000 events/s were sent (and until the last alert)",
                    threadsBefore, threadTicks(pid("consistency-service")),
                    cpuTicks(child("kafka.Kafka")) - brokerBefore);
            feed.close();
            if (only == null) {
                receiver.awaitQuiet(Duration.ofSeconds(3), Duration.ofMinutes(3));
                webhooks(receiver, 2_000);
            }
            receiver.close();
        }
        if (measures("journey")) {
            journeyQuery();
        }
        if (measures("scale-out")) {
            new ScaleOut(root, work, kafka, table).run(total);
        }
        memory();
    }

    // ---------------------------------------------------------------- raw limits

    private void rawKafka(List<ObjectNode> touches) throws Exception {
        Path payload = work.resolve("touches.jsonl");
        StringBuilder lines = new StringBuilder();
        long bytes = 0;
        for (ObjectNode e : touches) {
            String json = EventJson.string(e);
            bytes += json.getBytes(StandardCharsets.UTF_8).length;
            lines.append(json).append('\n');
        }
        Files.writeString(payload, lines);
        int n = touches.size() * 3;
        log("ProducerPerformance: " + n + " touch records (mean " + bytes / touches.size() + " B), acks=all");
        String out = runJava("org.apache.kafka.tools.ProducerPerformance", "--topic", "bench.raw.touches",
                "--num-records", Integer.toString(n), "--throughput", "-1", "--payload-file", payload.toString(),
                "--producer-props", "bootstrap.servers=" + kafka.bootstrap, "acks=all", "enable.idempotence=true",
                "linger.ms=5", "batch.size=65536");
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)").matcher(out);
        double produce = Double.NaN;
        while (m.find()) {
            produce = Double.parseDouble(m.group(2));
        }
        table.add("raw Kafka produce (ProducerPerformance, acks=all, touch payloads " + bytes / touches.size()
                + " B)", produce, "records/s");
        String cout = runJava("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", kafka.bootstrap,
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
        table.add("raw Kafka consume (ConsumerPerformance, fetch rate)", fetch, "records/s", Table.Goal.NONE,
                Double.NaN, "with the group join: " + Table.format(consume) + " records/s");
    }

    private void rawCopy(List<ObjectNode> touches) throws Exception {
        String ddl = Files.readString(root.resolve("journey-service/src/main/resources/db/migration/V1__touches.sql"));
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
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("bench"), "postgres", "postgres")) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS touches");
                s.execute(ddl);
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            log("COPY of " + touches.size() + " rows into a table shaped like journey-service's touches");
            long t0 = System.nanoTime();
            long rows = copy.copyIn("COPY touches (source, id, customer_id, type, kind, department, channel, direction,"
                    + " initiated_by, agent_id, automated, case_id, occurred_at, data) FROM STDIN (FORMAT csv)",
                    new StringReader(csv.toString()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            copyRate = rows / seconds;
        }
        table.add("raw PostgreSQL COPY (same rows, same indexes)", copyRate, "rows/s");
    }

    private static String q(String s) {
        return s == null ? "" : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    // ---------------------------------------------------------------- services

    private BenchInfra.Svc start(String module) throws Exception {
        String override = System.getProperty("bench.app." + module); // e.g. a saved build to compare against
        Path app = override != null ? Path.of(override) : root.resolve(module).resolve("target/quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " missing: build with mvn -DskipTests install first");
        }
        // a private copy: a rebuild of the module in the shared checkout must not pull jars from under the process
        Path copy = work.resolve("apps").resolve(module).resolve("quarkus-app");
        copyTree(app, copy);
        Path jar = copy.resolve("quarkus-run.jar");
        String database = switch (module) {
            case "journey-service" -> "journey";
            case "feedback-service" -> "feedback";
            case "notification-service" -> "notification";
            default -> null;
        };
        log("starting " + module + " on " + PORTS.get(module));
        BenchInfra.Svc svc = BenchInfra.service(module, PORTS.get(module), jar, logs, kafka.bootstrap,
                database == null ? null : db.jdbcUrl(database), "postgres", "postgres");
        handles.add(svc);
        services.put(module, svc);
        svc.awaitReady();
        return svc;
    }

    /**
     * Starts a service on the pre-filled topic and measures its rate between 10 % and 100 % of the records consumed
     * (committed offsets of its group), which leaves its start-up out.
     */
    private double drain(String module, String group, long total, String measure, String unit) throws Exception {
        try (Progress progress = new Progress(group, total, module)) {
            start(module);
            Path jfr = recording(module + "-drain");
            if (profile) {
                jcmd(module, "JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
            }
            double rate = progress.rate(module);
            table.add(measure, rate, unit);
            cpuRow(module, progress);
            if (profile) {
                jcmd(module, "JFR.stop", "name=bench");
                profiles.append(Profiles.summarise(module + " while draining the pre-filled topic", jfr, 15));
            }
            return rate;
        }
    }

    /**
     * The committed offsets of a consumer group on the pre-filled topic, sampled every 50 ms from before its consumer
     * starts (a fast drain may end before the service reports ready), and its rate between 10 % and 100 % of them,
     * which leaves the start-up out.
     */
    private final class Progress implements AutoCloseable {
        // {nanos, offsets, service CPU ticks, broker CPU ticks, machine busy ticks, machine ticks}
        private final List<long[]> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final long total;
        private final Thread sampler;
        private long[] from;
        private long[] to;

        /** Also samples the CPU time of the process of {@code module} (null: this one) and of the broker. */
        Progress(String group, long total, String module) {
            this.total = total;
            long broker = child("kafka.Kafka");
            sampler = new Thread(() -> {
                long service = module == null ? ProcessHandle.current().pid() : -1;
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        if (service < 0) {
                            service = child("apps/" + module + "/quarkus-app");
                        }
                        long done = kafka.committed(group, Topics.TOUCHES);
                        long[] machine = machineTicks();
                        samples.add(new long[]{System.nanoTime(), done, cpuTicks(service), cpuTicks(broker),
                                machine[0], machine[1]});
                        if (done >= total) {
                            return;
                        }
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        log("reading the offsets of " + group + " failed: " + e);
                    }
                }
            }, "progress-" + group);
            sampler.setDaemon(true);
            sampler.start();
        }

        double rate(String who) throws Exception {
            sampler.join(TimeUnit.MINUTES.toMillis(10));
            for (long[] sample : samples) {
                if (from == null && sample[1] >= total / 10) {
                    from = sample;
                }
                if (sample[1] >= total) {
                    to = sample;
                    break;
                }
            }
            if (to == null) {
                long done = samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1];
                throw new IllegalStateException(who + " consumed only " + done + " of " + total);
            }
            if (to == from) {
                throw new IllegalStateException(who + " drained " + total + " records between two samples 50 ms apart:"
                        + " too few to measure, pre-fill more with --events");
            }
            double rate = (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
            log(who + ": " + Math.round(rate) + " records/s");
            return rate;
        }

        /** Records consumed between the two samples the rate is taken from. */
        double events() {
            return to[1] - from[1];
        }

        /** CPU ticks (1/100 s) between those samples: the service, the broker, the machine busy, the machine. */
        long[] cpu() {
            return new long[]{to[2] - from[2], to[3] - from[3], to[4] - from[4], to[5] - from[5]};
        }

        @Override
        public void close() {
            sampler.interrupt();
        }
    }

    /** CPU ticks of each thread of a process so far, summed by thread name with digits and ids taken out. */
    private static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim()
                            .replaceAll("[0-9a-f]{8}-[0-9a-f-]{4,}", "").replaceAll("\\d+", "N");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    /** Where a process's CPU went between two snapshots, by thread name: the busiest eight, and the broker's. */
    private void threadCpu(String what, Map<String, Long> before, Map<String, Long> after, long brokerTicks) {
        Map<String, Long> used = new java.util.HashMap<>();
        after.forEach((name, t) -> used.put(name, t - before.getOrDefault(name, 0L)));
        long total = used.values().stream().mapToLong(Long::longValue).sum();
        notes.append("- CPU of ").append(what).append(": ").append(Table.format(total / 100.0)).append(" s (broker ")
                .append(Table.format(brokerTicks / 100.0)).append(" s); by thread:");
        used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> notes.append(" `").append(e.getKey()).append("` ")
                        .append(Table.format(e.getValue() / 100.0)).append(" s"));
        notes.append('\n');
    }

    /** User + system CPU ticks of a process so far (0 when it is not running). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The machine's busy and total CPU ticks so far, over all cores. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < f.length; i++) {
                all += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[]{all - idle, all};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    /**
     * Kafka Streams itself on this machine, in this JVM, with what consistency-service is built on: exactly_once_v2,
     * two stream threads, the pre-filled touches read, one RocksDB store write (with its changelog) and one output
     * record per touch, no parsing and no detector. No topology on this machine can do better than this.
     */
    private void streamsBaseline(long total, double consistencyRate) throws Exception {
        String group = "bench-streams-baseline";
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, group);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams-baseline").toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("seen"), Serdes.String(),
                Serdes.Long()));
        builder.stream(Topics.TOUCHES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new ContextualProcessor<String, byte[], String, byte[]>() {
                    private KeyValueStore<String, Long> seen;

                    @Override
                    public void init(ProcessorContext<String, byte[]> context) {
                        super.init(context);
                        seen = context.getStateStore("seen");
                    }

                    @Override
                    public void process(Record<String, byte[]> record) {
                        RecordMetadata at = context().recordMetadata().orElseThrow();
                        seen.put(at.partition() + "/" + at.offset(), record.timestamp());
                        context().forward(record);
                    }
                }, "seen")
                .to("bench.streams.out", Produced.with(Serdes.String(), Serdes.ByteArray()));
        try (Progress progress = new Progress(group, total, null);
             KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            double baseline = progress.rate("Kafka Streams baseline");
            table.add("Kafka Streams alone, exactly_once_v2 (read, one store write, one output record per touch)",
                    baseline, "events/s", Table.Goal.NONE, Double.NaN, "consistency-service reaches "
                            + Table.format(consistencyRate / baseline) + " of it");
            cpuRow("Kafka Streams alone", progress);
        }
    }

    /** CPU time per record of a drain: the consuming process's, the broker's, and how busy the machine was. */
    private void cpuRow(String who, Progress progress) {
        long[] cpu = progress.cpu();
        double events = progress.events();
        table.add(who + " CPU per record while draining (its process)", cpu[0] * 10_000.0 / events, "µs",
                Table.Goal.NONE, Double.NaN, "the broker's: " + Table.format(cpu[1] * 10_000.0 / events)
                        + " µs per record; the machine's cores " + Math.round(100.0 * cpu[2] / Math.max(1, cpu[3]))
                        + " % busy");
    }

    /** Where a JFR recording of this run goes: beside the runs, so the next run does not delete it. */
    private Path recording(String name) throws IOException {
        Path dir = root.resolve("bench/target/jfr");
        Files.createDirectories(dir);
        return dir.resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(Instant.now().atOffset(ZoneOffset.UTC))
                + "-" + name + ".jfr");
    }

    private void stateSize() throws Exception {
        Path state = logs.resolveSibling("streams-state");
        long stateBytes = size(state, "");
        long changelog = 0;
        Map<String, Long> byStore = new TreeMap<>();
        try (var dirs = Files.list(work.resolve("kafka/data"))) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.startsWith("consistency-service-") && name.contains("changelog")) {
                    long bytes = size(d, ".log"); // segments only: index files are preallocated sparse
                    changelog += bytes;
                    byStore.merge(name.substring("consistency-service-".length(), name.indexOf("-changelog")), bytes,
                            Long::sum);
                }
            }
        }
        byStore.forEach((store, bytes) -> notes.append("- changelog of `").append(store).append("`: ")
                .append(Table.format(bytes / 1048576.0)).append(" MiB after the pre-filled touches\n"));
        table.add("consistency-service state per active customer (RocksDB dirs)",
                (double) stateBytes / customersSent, "bytes", Table.Goal.NONE, Double.NaN,
                customersSent + " customers, " + Table.format(stateBytes / 1048576.0) + " MiB");
        table.add("consistency-service state per active customer (changelog topics on disk)",
                (double) changelog / customersSent, "bytes", Table.Goal.NONE, Double.NaN,
                Table.format(changelog / 1048576.0) + " MiB of segments");
    }

    /** A read_committed consumer of cx.alerts.v1 assigned every partition, outside any group. */
    private KafkaConsumer<String, byte[]> alertsReader() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(Topics.ALERTS)) {
            parts.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(parts);
        return consumer;
    }

    /** What consistency-service wrote for the pre-filled touches: alert records against distinct alert ids. */
    private void alertsWritten() throws Exception {
        long records = 0;
        Set<String> ids = new java.util.HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = alertsReader()) {
            List<TopicPartition> parts = new ArrayList<>(consumer.assignment());
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    ids.add(EventJson.MAPPER.readTree(r.value()).path("alertId").asText());
                }
            }
        }
        long stories = Math.round(customersSent * 0.2);
        table.add("consistency-service alert records written for the pre-filled touches", records, "records",
                Table.Goal.NONE, Double.NaN, ids.size() + " distinct alert ids; about " + stories
                        + " contradiction stories");
    }

    private void awaitCaughtUp(String group, String topic, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (kafka.committed(group, topic) >= kafka.endOffsets(topic) - 6) { // transaction markers
                return;
            }
            Thread.sleep(250);
        }
        log("warning: " + group + " had not caught up with " + topic + " after " + max);
    }

    // ---------------------------------------------------------------- latency

    /**
     * Stories at a fixed rate for {@code warmup} + {@code seconds} seconds without a pause; the figures are of the
     * stories sent after the warm-up (the first seconds at a new rate are when the JIT compiles the service's busiest
     * code again, and they are reported on their own).
     */
    private void latency(Traffic traffic, int rate, int warmup, int seconds, Feed feed) throws Exception {
        log("event → alert latency at " + rate + " events/s for " + warmup + " + " + seconds + " s");
        List<Story> stories = traffic.stories(rate * (warmup + seconds));
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Latency> alertLatency = new ConcurrentLinkedQueue<>();
        feed.track(sentAt);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch positioned = new CountDownLatch(1);
        Thread reader = new Thread(() -> readAlerts(sentAt, alertLatency, stop, positioned), "alert-reader");
        reader.start();
        positioned.await(30, TimeUnit.SECONDS);
        long expected = stories.stream().filter(s -> !s.calm()).count();
        long sent = 0;
        long t0 = System.nanoTime();
        long t0Millis = System.currentTimeMillis();
        long measuredFrom = t0Millis + warmup * 1000L;
        long behind = 0;
        try (KafkaProducer<String, byte[]> producer = kafka.producer("bench-latency")) {
            for (Story s : stories) {
                long due = t0 + (long) (sent * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    behind = Math.max(behind, -wait);
                }
                long now = System.currentTimeMillis();
                Traffic.stamp(s, now);
                if (!s.calm()) {
                    sentAt.put(s.customerId(), now);
                }
                for (ObjectNode e : s.events()) {
                    producer.send(CloudEventCodec.toKafka(Topics.TOUCHES, e));
                }
                sent += s.events().size();
            }
        }
        double achieved = sent / ((System.nanoTime() - t0) / 1e9);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (alertLatency.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        stop.set(true);
        reader.join();
        Stats a = new Stats(alertLatency.stream().filter(l -> l.sentAt() >= measuredFrom)
                .mapToDouble(Latency::millis).toArray());
        breakdown(rate, t0Millis, alertLatency);
        String note = alertLatency.size() + " alerts of " + expected + " stories; sent at " + Math.round(achieved)
                + " events/s" + (warmup > 0 ? "; " + a.count() + " alerts after the first " + warmup + " s" : "");
        table.add("event → alert p50 at " + rate + " events/s", a.percentile(50), "ms", Table.Goal.NONE, Double.NaN,
                note);
        table.add("event → alert p99 at " + rate + " events/s", a.percentile(99), "ms",
                rate >= 10_000 ? AT_MOST : Table.Goal.NONE, 150, "");
        table.add("event → alert max at " + rate + " events/s", a.max(), "ms");
        if (warmup > 0) {
            Stats w = new Stats(alertLatency.stream().filter(l -> l.sentAt() < measuredFrom)
                    .mapToDouble(Latency::millis).toArray());
            table.add("event → alert p99 at " + rate + " events/s in the first " + warmup + " s (not counted above)",
                    w.percentile(99), "ms", Table.Goal.NONE, Double.NaN, "max " + Math.round(w.max())
                            + " ms; the JIT compiles the service's busiest code again when the rate rises");
        }
        Stats f = new Stats(feed.drain().stream().mapToDouble(Double::doubleValue).toArray());
        table.add("event → SSE live feed p50 at " + rate + " events/s", f.percentile(50), "ms", Table.Goal.NONE,
                Double.NaN, f.count() + " feed events" + (warmup > 0 ? ", the first " + warmup + " s included" : ""));
        table.add("event → SSE live feed p99 at " + rate + " events/s", f.percentile(99), "ms");
    }

    /** One story's first alert: when the story was sent, how long the alert took, and its rule. */
    private record Latency(long sentAt, double millis, String rule) {
    }

    /**
     * p99 and max of the alerts by the second their stories were sent in (a backlog building, or a stall) and by rule
     * (an answer compared across customers takes two transactions: touch → repartition → alert).
     */
    private void breakdown(int rate, long t0Millis, Collection<Latency> latencies) {
        Map<Object, List<Double>> bySecond = new java.util.TreeMap<>();
        Map<Object, List<Double>> byRule = new java.util.TreeMap<>();
        for (Latency l : latencies) {
            bySecond.computeIfAbsent((l.sentAt() - t0Millis) / 1000, k -> new ArrayList<>()).add(l.millis());
            byRule.computeIfAbsent(l.rule(), k -> new ArrayList<>()).add(l.millis());
        }
        appendStats("event → alert at " + rate + " events/s, p99 / max (ms) of the stories sent in each second:",
                bySecond);
        appendStats("event → alert at " + rate + " events/s, p99 / max (ms) by rule:", byRule);
    }

    private void appendStats(String title, Map<Object, List<Double>> groups) {
        notes.append("- ").append(title);
        groups.forEach((group, values) -> {
            Stats s = new Stats(values.stream().mapToDouble(Double::doubleValue).toArray());
            notes.append(' ').append(group).append(group instanceof Long ? "s " : " ")
                    .append(Math.round(s.percentile(99))).append('/')
                    .append(Math.round(s.max()));
        });
        notes.append('\n');
    }

    private void readAlerts(Map<String, Long> sentAt, Collection<Latency> out, AtomicBoolean stop,
                            CountDownLatch positioned) {
        try (KafkaConsumer<String, byte[]> consumer = alertsReader()) {
            List<TopicPartition> parts = new ArrayList<>(consumer.assignment());
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            positioned.countDown();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    JsonNode alert = EventJson.MAPPER.readTree(r.value());
                    String customer = alert.path("customerId").asText();
                    Long sent = sentAt.get(customer);
                    if (sent != null && seen.add(customer)) {
                        out.add(new Latency(sent, now - sent, alert.path("rule").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- notification

    private void webhooks(Receiver receiver, int n) throws Exception {
        log("webhook delivery: " + n + " alerts straight onto " + Topics.ALERTS);
        List<ConsumerRecord<String, byte[]>> samples = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-samples-" + System.nanoTime()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (samples.size() < 200 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(samples::add);
            }
        }
        if (samples.isEmpty()) {
            log("no alerts to copy: webhook rate not measured");
            return;
        }
        List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
        long departments = 0;
        for (int i = 0; i < n; i++) {
            ConsumerRecord<String, byte[]> sample = samples.get(i % samples.size());
            ObjectNode alert = (ObjectNode) EventJson.MAPPER.readTree(sample.value());
            String customer = "nb-" + i;
            alert.put("alertId", UUID.randomUUID().toString());
            alert.put("fingerprint", UUID.randomUUID().toString());
            alert.put("customerId", customer);
            alert.put("detectedAt", Instant.now().atOffset(ZoneOffset.UTC).toString());
            departments += alert.path("departments").size();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ALERTS, customer,
                    EventJson.MAPPER.writeValueAsBytes(alert));
            for (Header h : sample.headers()) {
                record.headers().add(h);
            }
            burst.add(record);
        }
        receiver.expect("nb-");
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = kafka.producer("bench-alerts")) {
            burst.forEach(producer::send);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (receiver.customers() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (receiver.lastAt() - t0) / 1e9;
        table.add("notification-service alerts/s delivered to webhooks", receiver.customers() / seconds, "alerts/s",
                Table.Goal.NONE, Double.NaN, receiver.customers() + " of " + n + " alerts, " + receiver.deliveries()
                        + " webhook calls (" + departments + " department subscriptions matched)");
        table.add("notification-service webhook calls/s", receiver.deliveries() / seconds, "calls/s");
    }

    // ---------------------------------------------------------------- journey query

    private void journeyQuery() throws Exception {
        String customer = "bench-heavy";
        Traffic heavy = new Traffic(11, 0, "unused");
        List<ObjectNode> touches = new ArrayList<>();
        long t = System.currentTimeMillis() - 3_600_000L;
        while (touches.size() < 1000) {
            Story s = heavy.next();
            for (ObjectNode e : s.events()) {
                if (touches.size() < 1000) {
                    ((ObjectNode) e.path("data")).put("customerId", customer);
                    e.put("time", Instant.ofEpochMilli(t += 1000).toString());
                    touches.add(e);
                }
            }
        }
        try (KafkaProducer<String, byte[]> producer = kafka.producer("bench-heavy")) {
            touches.forEach(e -> producer.send(CloudEventCodec.toKafka(Topics.TOUCHES, e)));
        }
        awaitCaughtUp("journey-service", Topics.TOUCHES, Duration.ofMinutes(3));
        String url = services.get("journey-service").url() + "/customers/" + customer + "/journey";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("authorization", BenchTokens.BEARER).build();
        String first = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        int threads = 8;
        int perThread = 400;
        for (int i = 0; i < 300; i++) { // warm-up
            HTTP.send(request, HttpResponse.BodyHandlers.discarding());
        }
        Path jfr = recording("journey-service-query");
        if (profile) {
            jcmd("journey-service", "JFR.start", "name=query", "settings=profile", "filename=" + jfr);
        }
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        var pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            pool.submit(() -> {
                for (int k = 0; k < perThread; k++) {
                    timedGet(request, System.nanoTime(), latencies, errors);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (profile) {
            jcmd("journey-service", "JFR.stop", "name=query");
            profiles.append(Profiles.summarise("journey-service under GET /customers/{id}/journey load", jfr, 15));
        }
        Stats st = new Stats(latencies.stream().mapToDouble(Double::doubleValue).toArray());
        int items = EventJson.MAPPER.readTree(first).path("items").size();
        String note = threads + " threads, " + st.count() + " requests, " + Math.round(st.count() / seconds)
                + " req/s, " + errors.get() + " errors; customer with 1,000 touches, first page (" + items + " items)";
        table.add("GET /customers/{id}/journey p50, saturated", st.percentile(50), "ms", Table.Goal.NONE, Double.NaN,
                note);
        table.add("GET /customers/{id}/journey p99, saturated", st.percentile(99), "ms", AT_MOST, 10, "");

        // the same clients at a fixed rate below saturation; latency counted from when each request was due
        int rate = 200;
        int pacedSeconds = 15;
        ConcurrentLinkedQueue<Double> paced = new ConcurrentLinkedQueue<>();
        AtomicLong pacedErrors = new AtomicLong();
        var clients = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < threads; i++) {
            int client = i;
            clients.submit(() -> {
                long intervalNanos = 1_000_000_000L * threads / rate;
                for (long due = start + client * intervalNanos / threads; due < start + pacedSeconds * 1_000_000_000L;
                     due += intervalNanos) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    timedGet(request, due, paced, pacedErrors);
                }
                return null;
            });
        }
        clients.shutdown();
        clients.awaitTermination(5, TimeUnit.MINUTES);
        Stats p = new Stats(paced.stream().mapToDouble(Double::doubleValue).toArray());
        table.add("GET /customers/{id}/journey p50 at " + rate + " req/s", p.percentile(50), "ms", Table.Goal.NONE,
                Double.NaN, threads + " clients, " + p.count() + " requests in " + pacedSeconds + " s, " + pacedErrors.get()
                        + " errors; latency from when each request was due");
        table.add("GET /customers/{id}/journey p99 at " + rate + " req/s", p.percentile(99), "ms", AT_MOST, 10, "");
    }

    /** Sends the request and records its latency in ms from {@code from} (nanos), counting anything but a 200. */
    private static void timedGet(HttpRequest request, long from, Collection<Double> latencies, AtomicLong errors) {
        try {
            if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
        latencies.add((System.nanoTime() - from) / 1e6);
    }

    // ---------------------------------------------------------------- memory

    private void memory() throws Exception {
        for (Map.Entry<String, BenchInfra.Svc> e : services.entrySet()) {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(e.getValue().url() + "/q/metrics"))
                    .header("authorization", BenchTokens.BEARER).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double heap = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            table.add(e.getKey() + " heap used", heap / 1024 / 1024, "MiB", Table.Goal.NONE, Double.NaN, "-Xmx512m");
            long pid = pid(e.getKey());
            double rss = Double.NaN;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            table.add(e.getKey() + " RSS", rss, "MiB");
        }
    }

    private static long pid(String module) {
        long pid = child("apps/" + module + "/quarkus-app");
        if (pid < 0) {
            throw new IllegalStateException("no process of " + module);
        }
        return pid;
    }

    /** The child process whose command line contains {@code marker}, or -1 (read from /proc: long lines included). */
    private static long child(String marker) {
        return ProcessHandle.current().descendants().filter(p -> {
            try {
                return Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"), StandardCharsets.ISO_8859_1)
                        .contains(marker);
            } catch (IOException e) {
                return false;
            }
        }).findFirst().map(ProcessHandle::pid).orElse(-1L);
    }

    private void jcmd(String module, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(pid(module))));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            log("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    // ---------------------------------------------------------------- JMH

    private void runJmh() throws Exception {
        Path json = work.resolve("jmh.json");
        log("JMH: answer normalisation and per-event cost of each detector's stories");
        runJava("org.openjdk.jmh.Main", "-f", "1", "-wi", "2", "-w", "2s", "-i", "3", "-r", "2s", "-jvmArgs",
                "-Xmx1g", "-rf", "json", "-rff", json.toString(), "dev.unison.bench.jmh.*");
        for (JsonNode r : EventJson.MAPPER.readTree(json.toFile())) {
            String name = r.path("benchmark").asText().replace("dev.unison.bench.jmh.", "");
            String param = r.path("params").path("detector").asText("");
            double score = r.path("primaryMetric").path("score").asDouble();
            double error = r.path("primaryMetric").path("scoreError").asDouble();
            String unit = r.path("primaryMetric").path("scoreUnit").asText();
            table.add("JMH " + name + (param.isEmpty() ? "" : " [" + param + "]"), score, unit, Table.Goal.NONE,
                    Double.NaN, "± " + Table.format(error));
        }
    }

    private String runJava(String main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        Path out = logs.resolve(main.substring(main.lastIndexOf('.') + 1) + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(main + " failed (" + p.exitValue() + "): see " + out);
        }
        return text;
    }

    // ---------------------------------------------------------------- report

    synchronized void stop() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        for (int i = handles.size() - 1; i >= 0; i--) {
            try {
                handles.get(i).close();
            } catch (Exception e) {
                log("stopping: " + e);
            }
        }
        handles.clear();
    }

    /** The service settings this run was given through the environment (tuning experiments). */
    private static String environment() {
        StringBuilder s = new StringBuilder();
        System.getenv().entrySet().stream()
                .filter(e -> e.getKey().startsWith("JOURNEY_") || e.getKey().startsWith("KAFKA_STREAMS_")
                        || e.getKey().startsWith("CONSISTENCY_"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(", ").append(e.getKey()).append('=').append(e.getValue()));
        return s.toString();
    }

    void report(String label) throws Exception {
        if (jmh) {
            runJmh();
        }
        String when = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(Instant.now().atOffset(ZoneOffset.UTC));
        StringBuilder md = new StringBuilder();
        md.append("# Unison bench ").append(when).append(" UTC").append(label.isEmpty() ? "" : " — " + label)
                .append("\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
                .append(System.getProperty("os.arch")).append(", ").append(cpuModel())
                .append("), shared with other work while this ran; Java ").append(System.getProperty("java.version"))
                .append(". Broker, PostgreSQL, services and load generator all on this machine. ")
                .append(events).append(" pre-filled touches. Commit ").append(gitHead())
                .append(environment())
                .append(System.getProperty("bench.app.journey-service") == null ? ""
                        : ", journey-service from the saved build labelled \""
                        + java.nio.file.Path.of(System.getProperty("bench.app.journey-service")).getFileName() + "\"")
                .append(".\n\n");
        md.append(table.markdown());
        if (notes.length() > 0) {
            md.append("\n").append(notes);
        }
        if (profiles.length() > 0) {
            md.append("\n## Profiles (JFR, jdk.ExecutionSample)\n\n").append(profiles);
        }
        System.out.println();
        System.out.println(table.markdown());
        Path results = root.resolve("bench/results");
        Files.createDirectories(results);
        Path file = results.resolve(when + ".md");
        Files.writeString(file, md);
        System.out.println("written to " + file);
    }

    private String gitHead() {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? head : "?";
        } catch (Exception e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private void post(String module, String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(services.get(module).url() + path))
                .header("content-type", "application/json").header("authorization", BenchTokens.BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " → " + r.statusCode() + ": " + r.body());
        }
    }

    static void log(String message) {
        System.out.println("[bench " + DateTimeFormatter.ISO_LOCAL_TIME.format(Instant.now().atOffset(ZoneOffset.UTC))
                .substring(0, 8) + "] " + message);
    }

    private static long size(Path dir, String suffix) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    // ---------------------------------------------------------------- helpers: webhook receiver, live feed

    /** A local webhook receiver counting calls and the customers of the alerts it got. */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final AtomicLong deliveries = new AtomicLong();
        private final AtomicLong lastAt = new AtomicLong();
        private final Set<String> customers = ConcurrentHashMap.newKeySet();
        private volatile String prefix = "\u0000";

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 200);
            Receiver r = new Receiver(server);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/hooks/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                r.deliveries.incrementAndGet();
                r.lastAt.set(System.nanoTime());
                try {
                    for (JsonNode alert : EventJson.MAPPER.readTree(body).path("alerts")) {
                        String c = alert.path("customerId").asText();
                        if (c.startsWith(r.prefix)) {
                            r.customers.add(c);
                        }
                    }
                } catch (IOException e) {
                    // counted as a delivery anyway
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return r;
        }

        int port() {
            return server.getAddress().getPort();
        }

        void expect(String customerPrefix) {
            customers.clear();
            deliveries.set(0);
            prefix = customerPrefix;
        }

        int customers() {
            return customers.size();
        }

        long deliveries() {
            return deliveries.get();
        }

        long lastAt() {
            return lastAt.get();
        }

        /** Waits until no call came for the quiet period. */
        void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline) {
                long last = lastAt.get();
                if (last != 0 && System.nanoTime() - last > quiet.toNanos()) {
                    return;
                }
                Thread.sleep(200);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The notification-service live feed (SSE) with the latency of each alert of a tracked customer. */
    static final class Feed implements AutoCloseable {
        private final Thread thread;
        private volatile Map<String, Long> sentAt = Map.of();
        private final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        private Feed(String url) {
            thread = new Thread(() -> read(url), "feed-reader");
            thread.setDaemon(true);
        }

        static Feed start(String baseUrl) {
            Feed f = new Feed(baseUrl + "/alerts/stream");
            f.thread.start();
            return f;
        }

        void track(Map<String, Long> sent) {
            this.sentAt = sent;
        }

        List<Double> drain() {
            List<Double> out = new ArrayList<>(latencies);
            latencies.clear();
            return out;
        }

        private void read(String url) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("accept", "text/event-stream")
                    .header("authorization", BenchTokens.BEARER).build();
            try (InputStream in = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        long now = System.currentTimeMillis();
                        String c = EventJson.MAPPER.readTree(line.substring(5).trim()).path("alert")
                                .path("customerId").asText();
                        Long sent = sentAt.get(c);
                        if (sent != null && seen.add(c)) {
                            latencies.add((double) (now - sent));
                        }
                    }
                }
            } catch (IOException e) {
                // stopping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
