package dev.unison.feedback.messaging;

import dev.unison.contracts.Erasure;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.feedback.config.FeedbackConfig;
import dev.unison.feedback.service.FeedbackStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Reads the erasure requests of cx.erasures.v1 (journey-service's DELETE /customers/{id}) and deletes the customer's
 * feedback and the alerts kept about them. A record that is not an erasure request goes to cx.erasures.dlq.
 */
@ApplicationScoped
public class ErasureConsumer {
    private final String bootstrapServers;
    private final FeedbackConfig config;
    private final FeedbackStore store;
    private final MeterRegistry registry;
    private BatchConsumerLoop loop;

    public ErasureConsumer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           FeedbackConfig config, FeedbackStore store, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.store = store;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        loop = new BatchConsumerLoop(BatchConsumerLoop.Settings.of(bootstrapServers,
                        config.consumer().groupId() + "-erasures", Topics.ERASURES, 100)
                .withDeadLetterTopic(Topics.ERASURES_DLQ).withRegistry(registry), this::erase).start();
    }

    private void erase(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            if (record.value() == null) {
                continue;
            }
            Erasure erasure = Erasure.parse(record.value());
            long deleted = store.erase(erasure.customerId());
            Log.infof("Erased customer %s: %d rows (erasure %s by %s)", erasure.customerId(), deleted,
                    erasure.erasureId(), erasure.requestedBy());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }
}
