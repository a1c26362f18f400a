package dev.unison.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.Alert;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.testsupport.KafkaTestClient;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Sends events to the real broker as a producing department would, and reads the alerts back. */
public final class KafkaEvents {
    private KafkaEvents() {
    }

    /** Sends structured-mode events keyed by customer id, in order, and waits until the broker has them all. */
    public static void send(String topic, JsonNode... events) {
        try (KafkaProducer<String, byte[]> producer = KafkaTestClient.producer()) {
            for (JsonNode e : events) {
                producer.send(CloudEventCodec.toKafka(topic, e)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Sends one event in binary mode (ce_* headers). */
    public static void sendBinary(String topic, JsonNode event) {
        KafkaTestClient.send(CloudEventCodec.toKafkaBinary(topic, event.path("data").path("customerId").asText(),
                CloudEventCodec.toCloudEvent(event)));
    }

    /** The alerts of the given customers on the topic, read until {@code count} are there or the timeout passes. */
    public static List<Alert> alerts(String topic, Collection<String> customers, int count, Duration timeout) {
        return KafkaTestClient.await(topic, r -> r.key() != null && customers.contains(KafkaTestClient.text(r.key())),
                count, timeout).stream().map(r -> EventJson.toAlert(r.value())).toList();
    }
}
