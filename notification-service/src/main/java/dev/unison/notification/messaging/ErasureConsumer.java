package dev.unison.notification.messaging;

import dev.unison.contracts.Erasure;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.service.CustomerErasure;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/** Reads the erasure requests of cx.erasures.v1 and erases each customer's alerts; what is not one goes to cx.erasures.dlq. */
@ApplicationScoped
public class ErasureConsumer {
    private final NotificationConfig config;
    private final CustomerErasure erasure;
    private final String bootstrapServers;
    private BatchConsumerLoop loop;

    public ErasureConsumer(NotificationConfig config, CustomerErasure erasure,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.erasure = erasure;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        loop = new BatchConsumerLoop(BatchConsumerLoop.Settings.of(bootstrapServers,
                        config.consumer().groupId() + "-erasures", Topics.ERASURES, 100)
                .withDeadLetterTopic(Topics.ERASURES_DLQ), this::erase).start();
    }

    private void erase(List<ConsumerRecord<byte[], byte[]>> batch) {
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            if (record.value() != null) {
                erasure.erase(Erasure.parse(record.value()));
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }
}
