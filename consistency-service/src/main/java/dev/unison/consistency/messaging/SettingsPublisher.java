package dev.unison.consistency.messaging;

import dev.unison.consistency.config.ConsistencyConfig;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.kafka.KafkaSecurity;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.contracts.kafka.TopicCatalogue;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import dev.unison.contracts.ChangeHeaders;
import dev.unison.runtime.rest.UnavailableException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of the service at start-up (the streams wait for them) and writes rule settings and canonical
 * facts to their compacted topics, synchronously, so a 200 means the change is on Kafka.
 */
@ApplicationScoped
public class SettingsPublisher {
    private final String bootstrapServers;
    private final ConsistencyConfig config;
    private KafkaProducer<String, byte[]> producer;

    public SettingsPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                             ConsistencyConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        StreamTopics t = StreamTopics.DEFAULT;
        int partitions = config.partitions();
        TopicAdmin.ensure(bootstrapServers, TopicCatalogue.specs(partitions, t.touches(), t.feedback(), t.alerts(),
                StreamTopics.DEAD_LETTERS, t.rules(), t.facts(), t.erasures()));
        Log.infof("Topics of consistency-service ready on %s", bootstrapServers);
    }

    void stop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close();
        }
    }

    /** Publishes a rule's settings, naming who changed them (headers {@link ChangeHeaders}: the audit log reads them). */
    public void publishRule(String rule, Object settings, String actor) {
        send(StreamTopics.DEFAULT.rules(), rule, EventJson.bytes(settings), actor);
    }

    /** Publishes a fact, or its withdrawal (null: a tombstone, which names its author too). */
    public void publishFact(String question, Object fact, String actor) {
        send(StreamTopics.DEFAULT.facts(), question, fact == null ? null : EventJson.bytes(fact), actor);
    }

    private void send(String topic, String key, byte[] value, String actor) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        ChangeHeaders.write(record.headers(), actor, OffsetDateTime.now(ZoneOffset.UTC));
        try {
            producer().send(record)
                    .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException(topic, e);
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaSecurity.with(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.CLIENT_ID_CONFIG, "consistency-service-settings")),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Kafka did not take the change in time (503 problem+json with Retry-After). */
    public static class PublishException extends UnavailableException {
        public PublishException(String topic, Throwable cause) {
            super("kafka-unavailable", "Change not accepted", "Kafka did not take the change; send it again",
                    "cannot write to " + topic + ": " + cause.getMessage(), cause);
        }
    }
}
