import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A department's webhook receiver: checks the signature, refuses requests older than five minutes (replays) and
 * handles each delivery once, however often it arrives (deliveries are at least once).
 * Usage: java WebhookReceiver.java <port> <secret>
 */
public class WebhookReceiver {
    private static final long WINDOW_SECONDS = 300;
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet(); // a real receiver keeps these in its database

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> handle(exchange, secret));
        server.start();
        System.out.println("listening on " + port);
    }

    private static void handle(HttpExchange exchange, byte[] secret) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String timestamp = exchange.getRequestHeaders().getFirst("X-Unison-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Unison-Signature");
        String delivery = exchange.getRequestHeaders().getFirst("X-Unison-Delivery");
        if (timestamp == null || signature == null || delivery == null
                || !timestamp.matches("\\d{1,12}") || !validSignature(secret, timestamp, body, signature)) {
            answer(exchange, 401, "bad signature");
        } else if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > WINDOW_SECONDS) {
            answer(exchange, 401, "too old");
        } else if (SEEN.contains(delivery)) {
            System.out.println("duplicate " + delivery);
            answer(exchange, 200, "already handled");             // 2xx: the sender must not try again
        } else {
            act(delivery, new String(body, StandardCharsets.UTF_8)); // when this throws, the sender tries again
            SEEN.add(delivery);
            answer(exchange, 200, "ok");
        }
    }

    /** The department's own work: here, print the notification ({"deliveryId", "group", "alerts": [...]}). */
    private static void act(String delivery, String notification) {
        System.out.println("delivery " + delivery + " " + notification);
    }

    private static boolean validSignature(byte[] secret, String timestamp, byte[] body, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8)); // constant time
        } catch (Exception e) {
            return false;
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
