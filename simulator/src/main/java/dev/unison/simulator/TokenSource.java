package dev.unison.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.EventJson;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bearer tokens from the identity provider's token endpoint (OAuth 2.0): the client-credentials grant for a program
 * (the simulator posting as the {@code unison-cli} client's service account), the password grant for a demo user. A
 * token is kept until half a minute before it expires, then a new one is fetched.
 */
public final class TokenSource {
    /** The token endpoint of the local run's realm. */
    public static final String LOCAL_TOKEN_URL = "http://localhost:8180/realms/unison/protocol/openid-connect/token";
    public static final String LOCAL_CLIENT_ID = "unison-cli";
    public static final String LOCAL_CLIENT_SECRET = "unison-cli-secret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI tokenUrl;
    private final Map<String, String> form;
    private String token;
    private Instant renewAt = Instant.MIN;

    private TokenSource(String tokenUrl, Map<String, String> form) {
        this.tokenUrl = URI.create(tokenUrl);
        this.form = form;
    }

    public static TokenSource clientCredentials(String tokenUrl, String clientId, String clientSecret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        return new TokenSource(tokenUrl, form);
    }

    public static TokenSource password(String tokenUrl, String clientId, String clientSecret, String user,
                                       String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("username", user);
        form.put("password", password);
        return new TokenSource(tokenUrl, form);
    }

    /** A valid access token, fetched when the last one is about to expire. */
    public synchronized String token() throws IOException, InterruptedException {
        if (token == null || Instant.now().isAfter(renewAt)) {
            String body = form.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(30))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(tokenUrl + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode answer = EventJson.MAPPER.readTree(response.body());
            token = answer.path("access_token").asText();
            renewAt = Instant.now().plusSeconds(Math.max(5, answer.path("expires_in").asLong(60) - 30));
        }
        return token;
    }
}
