package dev.unison.testsupport;

import io.restassured.RestAssured;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may call what, checked against a running service: every operation of its OpenAPI document
 * ({@code /q/openapi?format=json}) and every other path the table names, called by every {@link Caller}. A caller the
 * table allows must not be refused (neither 401 nor 403); a caller it does not allow must get exactly 401 (no token)
 * or 403 (a valid token without the role), as problem+json. An operation the table does not name fails the check,
 * so a new endpoint cannot go unnoticed; so does an entry the service no longer has. A forged token (well formed,
 * signed by an unknown key) must get 401 everywhere.
 */
public final class AccessMatrix {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    /** Who calls: nobody (no token), a user with one role, or a department member with no role. */
    public enum Caller {
        NONE, PUBLISHER, ANALYST, OPS, ADMIN, METRICS, DEPARTMENT_MEMBER;

        String token() {
            return switch (this) {
                case NONE -> null;
                case DEPARTMENT_MEMBER -> TestTokens.member("sales");
                default -> TestTokens.withRoles(name().toLowerCase(Locale.ROOT));
            };
        }
    }

    /** Every caller with a token: the table entry of an operation open to any signed-in user. */
    public static final Set<Caller> ANY_TOKEN = EnumSet.complementOf(EnumSet.of(Caller.NONE));

    private AccessMatrix() {
    }

    /**
     * Checks the table ({@code "METHOD /path/{param}"} → callers allowed) against the service at {@code base}; throws
     * an AssertionError listing every difference. Returns the number of calls checked.
     */
    public static int verify(URI base, Map<String, Set<Caller>> table) {
        Map<String, String> operations = operations(base); // "METHOD /path" -> request body media type, or ""
        List<String> problems = new ArrayList<>();
        for (String operation : operations.keySet()) {
            if (!table.containsKey(operation)) {
                problems.add(operation + ": no entry in the access table (say who may call it)");
            }
        }
        for (String entry : table.keySet()) {
            if (!operations.containsKey(entry) && !entry.contains(" /q/") && !entry.endsWith(" /")) {
                problems.add(entry + ": in the access table but not in the OpenAPI document");
            }
        }
        int calls = 0;
        for (Map.Entry<String, Set<Caller>> entry : new TreeMap<>(table).entrySet()) {
            String operation = entry.getKey();
            String mediaType = operations.getOrDefault(operation, "");
            for (Caller caller : Caller.values()) {
                boolean allowed = entry.getValue().contains(caller);
                Answer answer = call(base, operation, mediaType, caller.token());
                calls++;
                String expected = allowed ? "allowed" : caller == Caller.NONE ? "401" : "403";
                if (allowed && (answer.status == 401 || answer.status == 403)) {
                    problems.add(operation + " as " + caller + ": expected " + expected + ", got " + answer);
                } else if (!allowed && (answer.status != Integer.parseInt(expected) || !answer.problemJson)) {
                    problems.add(operation + " as " + caller + ": expected " + expected + " problem+json, got "
                            + answer);
                }
            }
            if (!entry.getValue().contains(Caller.NONE)) {
                Answer forged = call(base, operation, mediaType, TestTokens.forged());
                calls++;
                if (forged.status != 401 || !forged.problemJson) {
                    problems.add(operation + " with a forged token: expected 401 problem+json, got " + forged);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " access problem(s):\n  " + String.join("\n  ", problems));
        }
        return calls;
    }

    /** The operations of the service's OpenAPI document, read with a token of every role. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> operations(URI base) {
        Map<String, Object> paths = RestAssured.given().auth().oauth2(TestTokens.everyRole())
                .queryParam("format", "json").get(base.resolve("/q/openapi"))
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Map<String, String> operations = new TreeMap<>();
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, op) -> {
            if (METHODS.contains(method)) {
                Object body = ((Map<String, Object>) op).get("requestBody");
                String mediaType = "";
                if (body instanceof Map<?, ?> b && b.get("content") instanceof Map<?, ?> content && !content.isEmpty()) {
                    mediaType = new TreeSet<>((Set<String>) content.keySet()).first();
                }
                operations.put(method.toUpperCase(Locale.ROOT) + " " + path, mediaType);
            }
        }));
        return operations;
    }

    private record Answer(int status, boolean problemJson, String body) {
        @Override
        public String toString() {
            return status + (problemJson ? " problem+json" : "") + (body.isEmpty() ? "" : " " + body);
        }
    }

    /** Calls the operation with path parameters that name nothing and an empty JSON body where it takes one. */
    private static Answer call(URI base, String operation, String mediaType, String token) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        if (mediaType.isEmpty()) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", mediaType).method(method, HttpRequest.BodyPublishers.ofString("{}"));
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("content-type").orElse("");
            String body = "";
            try (InputStream in = response.body()) {
                if (!type.startsWith("text/event-stream")) { // a live feed never ends: its status is enough
                    body = new String(in.readNBytes(300), StandardCharsets.UTF_8);
                }
            }
            return new Answer(response.statusCode(), type.startsWith("application/problem+json"), body);
        } catch (IOException e) {
            throw new AssertionError(operation + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(operation + ": interrupted", e);
        }
    }
}
