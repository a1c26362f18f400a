package dev.unison.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Posts events as CloudEvents batches to journey-service's /touches and feedback-service's /feedback, with a bearer
 * token of the publisher role.
 */
public final class RestSink implements Sink {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI touches;
    private final URI feedback;
    private final TokenSource tokens;

    public RestSink(String journeyUrl, String feedbackUrl, TokenSource tokens) {
        this.touches = URI.create(journeyUrl + "/touches");
        this.feedback = URI.create(feedbackUrl + "/feedback");
        this.tokens = tokens;
    }

    @Override
    public void send(List<ObjectNode> events) throws Exception {
        List<ObjectNode> touchBatch = new ArrayList<>();
        List<ObjectNode> feedbackBatch = new ArrayList<>();
        for (ObjectNode event : events) {
            (Sink.isFeedback(event) ? feedbackBatch : touchBatch).add(event);
        }
        post(touches, touchBatch);
        post(feedback, feedbackBatch);
    }

    private void post(URI uri, List<ObjectNode> batch) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("content-type", CloudEventCodec.BATCH_CONTENT_TYPE)
                .header("authorization", "Bearer " + tokens.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.bytes(batch))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() {
        // the HTTP client holds nothing to release
    }
}
