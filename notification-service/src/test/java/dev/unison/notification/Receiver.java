package dev.unison.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.unison.contracts.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real HTTP receiver for tests (JDK HttpServer on a free port): records every request and answers 200, or 500 for
 * the next N requests of a path it was told to fail.
 */
final class Receiver implements AutoCloseable {
    /** One received request; {@code status} is what the receiver answered. */
    record Request(String path, Map<String, String> headers, byte[] body, Instant at, int status) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return EventJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The ids of the alerts a webhook body names. */
        List<String> alertIds() {
            List<String> ids = new java.util.ArrayList<>();
            json().path("alerts").forEach(a -> ids.add(a.path("id").asText()));
            return ids;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    private Receiver(HttpServer server) {
        this.server = server;
    }

    static Receiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Receiver receiver = new Receiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code n} requests to the path are answered 500. */
    void failNext(String path, int n) {
        failures.put(path, new AtomicInteger(n));
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests to the path whose webhook body names the alert among its alerts. */
    List<Request> webhooks(String path, String alertId) {
        return requests(path).stream().filter(r -> r.alertIds().contains(alertId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> e.getValue().get(0),
                        (a, b) -> a));
        AtomicInteger failing = failures.get(path);
        int status = failing != null && failing.getAndDecrement() > 0 ? 500 : 200;
        requests.add(new Request(path, headers, body, Instant.now(), status));
        byte[] answer = (status == 200 ? "ok" : "receiver down").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
