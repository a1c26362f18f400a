package dev.unison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.simulator.Story;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static dev.unison.bench.Table.Goal.AT_MOST;

/** Event → alert latency (and to the live feed) at a fixed rate of stories, by second and by rule. */
final class AlertLatency {
    private final Run run;

    AlertLatency(Run run) {
        this.run = run;
    }

    /** At 1,000 events/s, then at 10,000 (profiled, with the CPU of each thread). */
    void measure(Traffic traffic, Feed feed) throws Exception {
        latency(traffic, 1_000, 0, 15, feed);
        Map<String, Long> threadsBefore = Cpu.threadTicks(Run.pid("consistency-service"));
        long brokerBefore = Cpu.cpuTicks(Run.child("kafka.Kafka"));
        Path jfr = run.recording("consistency-service-10k");
        if (run.profile) {
            run.jcmd("consistency-service", "JFR.start", "name=bench10k", "settings=profile", "filename=" + jfr);
        }
        latency(traffic, 10_000, 10, 30, feed);
        if (run.profile) {
            run.jcmd("consistency-service", "JFR.stop", "name=bench10k");
            run.profiles.append(Profiles.summarise("consistency-service at 10k events/s", jfr, 15));
            run.profiles.append(Profiles.waits("consistency-service's stream threads at 10k events/s: where they"
                    + " waited (10 ms or more)", jfr, "StreamThread"));
        }
        run.threadCpu("consistency-service while 10,000 events/s were sent (and until the last alert)",
                threadsBefore, Cpu.threadTicks(Run.pid("consistency-service")),
                Cpu.cpuTicks(Run.child("kafka.Kafka")) - brokerBefore);
    }

    /**
     * Stories at a fixed rate for {@code warmup} + {@code seconds} seconds without a pause; the figures are of the
     * stories sent after the warm-up (the first seconds at a new rate are when the JIT compiles the service's busiest
     * code again, and they are reported on their own).
     */
    private void latency(Traffic traffic, int rate, int warmup, int seconds, Feed feed) throws Exception {
        Run.log("event → alert latency at " + rate + " events/s for " + warmup + " + " + seconds + " s");
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
        try (KafkaProducer<String, byte[]> producer = run.kafka.producer("bench-latency")) {
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
        run.table.add("event → alert p50 at " + rate + " events/s", a.percentile(50), "ms", Table.Goal.NONE, Double.NaN,
                note);
        run.table.add("event → alert p99 at " + rate + " events/s", a.percentile(99), "ms",
                rate >= 10_000 ? AT_MOST : Table.Goal.NONE, 150, "");
        run.table.add("event → alert max at " + rate + " events/s", a.max(), "ms");
        if (warmup > 0) {
            Stats w = new Stats(alertLatency.stream().filter(l -> l.sentAt() < measuredFrom)
                    .mapToDouble(Latency::millis).toArray());
            run.table.add("event → alert p99 at " + rate + " events/s in the first " + warmup + " s (not counted above)",
                    w.percentile(99), "ms", Table.Goal.NONE, Double.NaN, "max " + Math.round(w.max())
                            + " ms; the JIT compiles the service's busiest code again when the rate rises");
        }
        Stats f = new Stats(feed.drain().stream().mapToDouble(Double::doubleValue).toArray());
        run.table.add("event → SSE live feed p50 at " + rate + " events/s", f.percentile(50), "ms", Table.Goal.NONE,
                Double.NaN, f.count() + " feed events" + (warmup > 0 ? ", the first " + warmup + " s included" : ""));
        run.table.add("event → SSE live feed p99 at " + rate + " events/s", f.percentile(99), "ms");
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
        run.notes.append("- ").append(title);
        groups.forEach((group, values) -> {
            Stats s = new Stats(values.stream().mapToDouble(Double::doubleValue).toArray());
            run.notes.append(' ').append(group).append(group instanceof Long ? "s " : " ")
                    .append(Math.round(s.percentile(99))).append('/')
                    .append(Math.round(s.max()));
        });
        run.notes.append('\n');
    }

    private void readAlerts(Map<String, Long> sentAt, Collection<Latency> out, AtomicBoolean stop,
                            CountDownLatch positioned) {
        try (KafkaConsumer<String, byte[]> consumer = run.alertsReader()) {
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
}
