package dev.unison.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.unison.contracts.EventJson;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A local webhook receiver counting calls and the customers of the alerts it got. */
final class Receiver implements AutoCloseable {
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
