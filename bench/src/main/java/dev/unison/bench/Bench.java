package dev.unison.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.bench.infra.BenchInfra;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.contracts.kafka.TopicCatalogue;
import dev.unison.simulator.Story;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.unison.bench.Table.Goal.AT_LEAST;

/**
 * The whole bench: a broker, PostgreSQL and the four packaged services on ports of their own, the raw limits of Kafka
 * and PostgreSQL on the same touches, then each service's figures, one class per measure. Prints the table and writes
 * it to bench/results.
 */
public final class Bench {
    private final Run run;
    private final boolean jmh;
    private final String only;

    Bench(Path root, int events, boolean profile, boolean jmh, String only) {
        this.run = new Run(root, events, profile);
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
                        + "; options: --events N, --no-profile, --no-jmh, --label TEXT, --only journey|consistency|scale-out");
            }
        }
        if (only != null && !List.of("journey", "consistency", "scale-out").contains(only)) {
            throw new IllegalArgumentException("--only takes journey, consistency or scale-out, not " + only);
        }
        Bench bench = new Bench(root, events, profile, jmh, only);
        Runtime.getRuntime().addShutdownHook(new Thread(bench.run::stop, "bench-stop"));
        try {
            bench.measure();
            bench.run.stop();
            if (bench.jmh) {
                new Jmh(bench.run).runJmh();
            }
            new Report(bench.run).report(label);
        } catch (Exception e) {
            e.printStackTrace();
            bench.run.stop();
            System.exit(1);
        }
        System.exit(0);
    }

    void measure() throws Exception {
        Run.deleteRecursively(run.work);
        Files.createDirectories(run.logs);
        Run.log("starting Kafka on " + Run.KAFKA_PORT + " and PostgreSQL on " + Run.PG_PORT);
        run.handles.add(BenchInfra.broker(run.work.resolve("kafka"), run.logs.resolve("kafka.log"), Run.KAFKA_PORT));
        run.db = BenchInfra.postgres(run.work.resolve("postgres"), Run.PG_PORT, List.of("journey", "feedback",
                "notification", "bench"));
        run.handles.add(run.db);
        String bootstrap = "localhost:" + Run.KAFKA_PORT;
        run.kafka = new Kafka(bootstrap);
        List<TopicAdmin.Spec> topics = new java.util.ArrayList<>(TopicCatalogue.all(6));
        topics.add(TopicAdmin.Spec.of("bench.raw.touches", 6));
        topics.add(TopicAdmin.Spec.of("bench.streams.out", 6));
        TopicAdmin.ensure(bootstrap, topics);

        Traffic traffic = new Traffic(7, 0.2, "b");
        List<Story> prefill = traffic.stories(run.events);
        List<ObjectNode> touches = prefill.stream().flatMap(s -> s.events().stream()).toList();
        int customers = traffic.customers();
        RawLimits raw = new RawLimits(run);
        raw.rawKafka(touches);
        raw.rawCopy(touches);
        Run.log("pre-filling " + Topics.TOUCHES + " with " + touches.size() + " touches of " + customers + " customers");
        try (KafkaProducer<String, byte[]> producer = run.kafka.producer("bench-prefill")) {
            for (ObjectNode e : touches) {
                producer.send(CloudEventCodec.toKafka(Topics.TOUCHES, e));
            }
            producer.flush();
        }
        long total = run.kafka.endOffsets(Topics.TOUCHES);

        if (measures("journey")) {
            double journeyRate = new Drain(run).drain("journey-service", "journey-service", total,
                    "journey-service stored touches/s (pre-filled topic → PostgreSQL)", "touches/s");
            run.table.add("journey-service ingest / COPY", journeyRate / raw.copyRate, "ratio", AT_LEAST, 0.5, "");
        }
        if (measures("consistency")) {
            new ConsistencyThroughput(run, customers).measure(total, raw.rawConsume);
            run.start("notification-service");
            Receiver receiver = Receiver.start();
            if (only == null) {
                run.start("feedback-service");
                for (String department : Run.DEPARTMENTS) {
                    run.post("notification-service", "/subscriptions", "{\"department\":\"" + department
                            + "\",\"type\":\"webhook\",\"name\":\"bench " + department
                            + "\",\"url\":\"http://localhost:" + receiver.port() + "/hooks/" + department
                            + "\",\"secret\":\"bench-webhook-secret-0123\",\"groupWait\":\"PT0S\"}");
                }
            }
            run.awaitCaughtUp("notification-service", Topics.ALERTS, Duration.ofMinutes(5));
            Feed feed = Feed.start(run.services.get("notification-service").url());
            new AlertLatency(run).measure(traffic, feed);
            feed.close();
            if (only == null) {
                receiver.awaitQuiet(Duration.ofSeconds(3), Duration.ofMinutes(3));
                new WebhookDelivery(run).webhooks(receiver, 2_000);
            }
            receiver.close();
        }
        if (measures("journey")) {
            new JourneyQuery(run).journeyQuery();
        }
        if (measures("scale-out")) {
            new ScaleOut(run.root, run.work, run.kafka, run.table).run(total);
        }
        new Memory(run).memory();
    }
}
