package dev.unison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.bench.infra.BenchInstances;
import dev.unison.simulator.Story;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * consistency-service scaled out, on the bench's broker and its pre-filled cx.touches.v1: the events/s of one
 * instance and of two (each run a Kafka Streams application of its own, drained from the start of the topic; the rate
 * counted between 10 % and 100 % of the committed offsets, which leaves the start-up out), then, with the two still
 * running, the fail-over: contradiction stories sent at a steady rate, one instance killed (kill -9, restarted by its
 * supervisor as {@code ./run.sh} does), and the time until the alerts of every partition flow again. The instances
 * join as static members ({@code UNISON_INSTANCE_ID}, as the launcher sets it).
 */
final class ScaleOut {
    private static final String MODULE = "consistency-service";
    /** Instance n listens on PORT + 100 (n - 1), clear of the bench's own services. */
    private static final int PORT = 18093;
    private static final Duration DRAIN_BOUND = Duration.ofMinutes(10);
    private static final int STORIES_PER_SECOND = 50;

    private final Path root;
    private final Path work;
    private final Kafka kafka;
    private final Table table;

    ScaleOut(Path root, Path work, Kafka kafka, Table table) {
        this.root = root;
        this.work = work.resolve("scale-out");
        this.kafka = kafka;
        this.table = table;
    }

    /** Measures and adds the rows to the table; {@code total}: the records pre-filled in cx.touches.v1. */
    void run(long total) throws Exception {
        Path jar = app();
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        double one;
        List<BenchInstances.Instance> single = start(jar, logs, 1);
        try {
            one = drain(single, total);
        } finally {
            single.forEach(BenchInstances.Instance::close);
        }
        table.add("consistency-service events/s, 1 instance (scale-out run, static membership)", one, "events/s");
        List<BenchInstances.Instance> pair = start(jar, logs, 2);
        try {
            double two = drain(pair, total);
            table.add("consistency-service events/s, 2 instances on the same machine", two, "events/s",
                    Table.Goal.NONE, Double.NaN, "× " + Table.format(two / one) + " of one instance");
            failOver(pair);
        } finally {
            pair.forEach(BenchInstances.Instance::close);
        }
    }

    private List<BenchInstances.Instance> start(Path jar, Path logs, int instances) throws IOException {
        List<BenchInstances.Instance> started = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            log("starting " + MODULE + " instance " + i + " of " + instances + " on " + (PORT + 100 * (i - 1)));
            started.add(BenchInstances.start(MODULE, i, PORT + 100 * (i - 1), jar, logs, kafka.bootstrap,
                    Map.of("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", group(instances))));
        }
        return started;
    }

    private static String group(int instances) {
        return "bench-scale-out-" + instances;
    }

    /** The rate at which the instances' group commits the pre-filled topic, between 10 % and 100 % of it. */
    private double drain(List<BenchInstances.Instance> instances, long total) throws Exception {
        String group = group(instances.size());
        long deadline = System.nanoTime() + DRAIN_BOUND.toNanos();
        long t10 = -1;
        long done = 0;
        while (System.nanoTime() < deadline) {
            done = kafka.committed(group, Topics.TOUCHES);
            long now = System.nanoTime();
            if (t10 < 0 && done >= total / 10) {
                t10 = now;
            }
            if (done >= total) {
                double rate = (total - total / 10) / ((now - t10) / 1e9);
                log(instances.size() + " instance(s): " + Table.format(rate) + " events/s");
                for (BenchInstances.Instance instance : instances) {
                    instance.awaitReady();
                }
                return rate;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(group + " committed " + done + " of " + total + " within " + DRAIN_BOUND);
    }

    /**
     * Contradiction stories at a steady rate (each raises an alert at once) for 20 s, then kill -9 of the second
     * instance; stories go on for 40 s more. The fail-over is the time from the kill until every story sent in the
     * second after it had its alert (they land on every partition, the killed instance's too).
     */
    private void failOver(List<BenchInstances.Instance> pair) throws Exception {
        Traffic traffic = new Traffic(11, 1.0, "fo-" + System.currentTimeMillis());
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> alertedAt = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> readAlerts(sentAt, alertedAt, reading), "scale-out-alerts");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(2000); // the reader positioned at the end of cx.alerts.v1
        BenchInstances.Instance victim = pair.get(1);
        long killedAt = -1;
        long back = -1;
        Process killed = null;
        log("fail-over: " + STORIES_PER_SECOND + " contradiction stories/s; kill -9 of " + victim.name() + " after 20 s");
        try (KafkaProducer<String, byte[]> producer = kafka.producer("bench-scale-out")) {
            long start = System.currentTimeMillis();
            long end = start + 60_000;
            long next = start;
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                if (killedAt < 0 && now - start >= 20_000) {
                    killed = victim.process();
                    victim.kill();
                    killedAt = System.currentTimeMillis();
                }
                if (killed != null && back < 0 && victim.process() != killed && ready(victim)) {
                    back = System.currentTimeMillis();
                }
                if (now >= next) {
                    Story story = traffic.next();
                    Traffic.stamp(story, now);
                    for (ObjectNode e : story.events()) {
                        producer.send(CloudEventCodec.toKafka(Topics.TOUCHES, e));
                    }
                    producer.flush();
                    sentAt.put(story.customerId(), now);
                    next += 1000 / STORIES_PER_SECOND;
                } else {
                    Thread.sleep(Math.min(5, next - now));
                }
            }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (alertedAt.size() < sentAt.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        reading.set(false);
        reader.join(5_000);
        final long kill = killedAt;
        List<Long> before = new ArrayList<>();
        long flowing = 0;
        int afterKill = 0;
        for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
            Long alerted = alertedAt.get(sent.getKey());
            if (sent.getValue() >= kill - 10_000 && sent.getValue() < kill && alerted != null) {
                before.add(alerted - sent.getValue());
            }
            if (sent.getValue() >= kill && sent.getValue() < kill + 1_000) {
                afterKill++;
                flowing = Math.max(flowing, alerted == null ? Long.MAX_VALUE : alerted - kill);
            }
        }
        before.sort(Long::compare);
        long missing = sentAt.size() - alertedAt.size();
        String beforeNote = before.isEmpty() ? "" : "story → alert before the kill: median "
                + before.get(before.size() / 2) + " ms, max " + before.get(before.size() - 1) + " ms";
        table.add("consistency-service fail-over, kill -9 of one of two: alerts of every partition again after",
                flowing == Long.MAX_VALUE ? Double.NaN : flowing, "ms", Table.Goal.NONE, Double.NaN,
                afterKill + " stories sent in the second after the kill; " + beforeNote + "; killed instance ready "
                        + "again after " + (back < 0 ? "more than 40 s" : (back - kill) + " ms")
                        + "; alerts missing at the end: " + missing + " of " + sentAt.size());
        log("fail-over: every partition alerting again " + flowing + " ms after the kill; missing " + missing);
    }

    private void readAlerts(Map<String, Long> sentAt, Map<String, Long> alertedAt, AtomicBoolean reading) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.ALERTS)) {
                parts.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    JsonNode alert = EventJson.MAPPER.readTree(r.value());
                    String customer = alert.path("customerId").asText();
                    if (sentAt.containsKey(customer)) {
                        alertedAt.putIfAbsent(customer, System.currentTimeMillis());
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable alert", e);
        }
    }

    private static boolean ready(BenchInstances.Instance instance) {
        try {
            return Run.HTTP.send(HttpRequest.newBuilder(URI.create(instance.url() + "/q/health/ready"))
                    .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A private copy of the packaged service (a rebuild in the checkout must not pull jars from under it). */
    private Path app() throws IOException {
        String override = System.getProperty("bench.app." + MODULE);
        Path app = override != null ? Path.of(override) : root.resolve(MODULE).resolve("target/quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(MODULE + "'s quarkus-app missing: build with mvn -DskipTests install first");
        }
        Path copy = work.resolve("app");
        try (var paths = Files.walk(app)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = copy.resolve(app.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return copy.resolve("quarkus-run.jar");
    }

    private static void log(String message) {
        System.out.println("[bench scale-out] " + message);
    }
}
