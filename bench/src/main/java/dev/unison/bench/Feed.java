package dev.unison.bench;

import dev.unison.bench.infra.BenchTokens;
import dev.unison.contracts.EventJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The notification-service live feed (SSE) with the latency of each alert of a tracked customer. */
final class Feed implements AutoCloseable {
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
        try (InputStream in = Run.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
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
