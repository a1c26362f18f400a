package dev.unison.consistency.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unison.consistency.catalogue.RuleCatalogue;
import dev.unison.consistency.catalogue.StateReader;
import dev.unison.consistency.catalogue.StateReader.StatePart;
import dev.unison.runtime.rest.UnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers for any customer on any instance. A customer's state has two parts kept by possibly different instances:
 * the per-customer stores on the owner of the customer's partition, and its bug reports on the owner of the bug
 * ledger. Kafka Streams' metadata ({@code queryMetadataForKey}) names each owner by its {@code application.server};
 * a part this instance owns is read locally, any other is asked of its owner over HTTP
 * ({@code GET /customers/{id}/state?part=customer|bugs}, which reads only local stores, so a request is forwarded
 * at most once). While partitions move (a rebalance, an owner that does not answer) the state is not available and
 * {@link StateMovingException} says when to ask again.
 */
@ApplicationScoped
public class CustomerStateRouter {
    private static final Serializer<String> KEYS = new StringSerializer();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaStreams streams;
    private final CustomerStateService local;
    private final ObjectMapper json;
    private final Optional<String> self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public CustomerStateRouter(KafkaStreams streams, CustomerStateService local, ObjectMapper json,
                               @ConfigProperty(name = "kafka-streams.application.server") Optional<String> self) {
        this.streams = streams;
        this.local = local;
        this.json = json;
        this.self = self;
    }

    /**
     * The whole state of a customer, its parts read where they are kept; empty when no rule knows the customer. The
     * caller's credentials ({@code authorization}, may be null) go with a request to another instance: it checks them
     * as it checks any caller's.
     */
    public Optional<Map<String, Object>> state(String customerId, String authorization) {
        if (self.isEmpty()) {
            return local.state(customerId);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        for (StatePart part : StatePart.values()) {
            state.putAll(part(part, customerId, authorization));
        }
        return state.isEmpty() ? Optional.empty() : Optional.of(state);
    }

    /** One part, read on this instance (the answer to a forwarded request). */
    public Map<String, Object> localPart(StatePart part, String customerId) {
        return local.part(part, customerId);
    }

    private Map<String, Object> part(StatePart part, String customerId, String authorization) {
        List<StateReader> readers = RuleCatalogue.stateReaders(part);
        if (readers.isEmpty()) {
            return Map.of();
        }
        // every store of a part is keyed alike, so the first one's owner owns the whole part
        StateReader locator = readers.get(0);
        Owner owner = owner(part, locator.store(), locator.key().apply(customerId));
        if (owner.local()) {
            return localPart(part, customerId);
        }
        byte[] body = ask(owner.host(), "/customers/" + URLEncoder.encode(customerId, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/state?part=" + part.name().toLowerCase(), null, authorization,
                "the " + part.name().toLowerCase() + " state of '" + customerId + "'");
        try {
            return json.readValue(body, MAP);
        } catch (IOException e) {
            throw new StateMovingException(owner.host() + " answered what is not a state: " + e.getMessage());
        }
    }

    /**
     * Which instance owns the part of the state that the key of the store locates, and its partition. With one
     * instance (no {@code application.server}) every part is here, its partition as far as the metadata knows it.
     */
    public Owner owner(StatePart part, String store, String key) {
        if (self.isEmpty()) {
            try {
                KeyQueryMetadata here = streams.queryMetadataForKey(store, key, KEYS);
                return new Owner(null, here == null || KeyQueryMetadata.NOT_AVAILABLE.equals(here) ? -1
                        : here.partition());
            } catch (RuntimeException notRunning) {
                return new Owner(null, -1); // the stores say so when they are read
            }
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, KEYS);
        boolean known = owner != null && !KeyQueryMetadata.NOT_AVAILABLE.equals(owner);
        if (!known || owner.activeHost().port() < 0) {
            throw new StateMovingException("the owner of the " + part.name().toLowerCase() + " state of '"
                    + key + "' is not known while the streams are " + streams.state());
        }
        HostInfo host = owner.activeHost();
        return new Owner((host.host() + ":" + host.port()).equals(self.get()) ? null : host, owner.partition());
    }

    /**
     * Asks another instance (a GET, or a POST of the body as JSON) with the caller's credentials; its answer on 200,
     * else the state is taken to be moving.
     */
    public byte[] ask(HostInfo host, String pathAndQuery, byte[] post, String authorization, String what) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("accept", "application/json");
            if (authorization != null) {
                request.header("authorization", authorization);
            }
            if (post != null) {
                request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(post));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return response.body();
            }
            throw new StateMovingException(host + " answered " + response.statusCode() + " for " + what);
        } catch (IOException e) {
            throw new StateMovingException(host + ", the owner of " + what + ", did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateMovingException("interrupted while asking " + host);
        }
    }

    /** The instance owning a part ({@code host} null: this one) and the partition of its task (-1: not known). */
    public record Owner(HostInfo host, int partition) {
        public boolean local() {
            return host == null;
        }
    }

    /** The state is moving between instances (or its owner is gone): ask again in a moment. */
    /** 503 with Retry-After (the runtime's problem mapper); the message, naming instances, goes to the log only. */
    public static class StateMovingException extends UnavailableException {
        public StateMovingException(String message) {
            super("state-moving", "State moving between instances",
                    "the customer's state is moving between instances or its owner did not answer; ask again shortly",
                    message, null);
        }
    }
}
