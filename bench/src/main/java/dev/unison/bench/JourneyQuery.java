package dev.unison.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.bench.infra.BenchTokens;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.simulator.Story;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static dev.unison.bench.Table.Goal.AT_MOST;

/** GET /customers/{id}/journey of a customer with 1,000 touches: saturated, then paced. */
final class JourneyQuery {
    private final Run run;

    JourneyQuery(Run run) {
        this.run = run;
    }

    void journeyQuery() throws Exception {
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
        try (KafkaProducer<String, byte[]> producer = run.kafka.producer("bench-heavy")) {
            touches.forEach(e -> producer.send(CloudEventCodec.toKafka(Topics.TOUCHES, e)));
        }
        run.awaitCaughtUp("journey-service", Topics.TOUCHES, Duration.ofMinutes(3));
        String url = run.services.get("journey-service").url() + "/customers/" + customer + "/journey";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("authorization", BenchTokens.BEARER).build();
        String first = Run.HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        int threads = 8;
        int perThread = 400;
        for (int i = 0; i < 300; i++) { // warm-up
            Run.HTTP.send(request, HttpResponse.BodyHandlers.discarding());
        }
        Path jfr = run.recording("journey-service-query");
        if (run.profile) {
            run.jcmd("journey-service", "JFR.start", "name=query", "settings=profile", "filename=" + jfr);
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
        if (run.profile) {
            run.jcmd("journey-service", "JFR.stop", "name=query");
            run.profiles.append(Profiles.summarise("journey-service under GET /customers/{id}/journey load", jfr, 15));
        }
        Stats st = new Stats(latencies.stream().mapToDouble(Double::doubleValue).toArray());
        int items = EventJson.MAPPER.readTree(first).path("items").size();
        String note = threads + " threads, " + st.count() + " requests, " + Math.round(st.count() / seconds)
                + " req/s, " + errors.get() + " errors; customer with 1,000 touches, first page (" + items + " items)";
        run.table.add("GET /customers/{id}/journey p50, saturated", st.percentile(50), "ms", Table.Goal.NONE, Double.NaN,
                note);
        run.table.add("GET /customers/{id}/journey p99, saturated", st.percentile(99), "ms", AT_MOST, 10, "");

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
        run.table.add("GET /customers/{id}/journey p50 at " + rate + " req/s", p.percentile(50), "ms", Table.Goal.NONE,
                Double.NaN, threads + " clients, " + p.count() + " requests in " + pacedSeconds + " s, " + pacedErrors.get()
                        + " errors; latency from when each request was due");
        run.table.add("GET /customers/{id}/journey p99 at " + rate + " req/s", p.percentile(99), "ms", AT_MOST, 10, "");
    }

    /** Sends the request and records its latency in ms from {@code from} (nanos), counting anything but a 200. */
    private static void timedGet(HttpRequest request, long from, Collection<Double> latencies, AtomicLong errors) {
        try {
            if (Run.HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
        latencies.add((System.nanoTime() - from) / 1e6);
    }
}
