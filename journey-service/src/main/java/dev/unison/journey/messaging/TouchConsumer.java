package dev.unison.journey.messaging;

import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.contracts.kafka.TopicCatalogue;
import dev.unison.journey.config.JourneyConfig;
import dev.unison.journey.service.TouchStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creates the touch topics when missing and runs the batch consumer of cx.touches.v1 into the touch store. */
@ApplicationScoped
public class TouchConsumer {
    private final JourneyConfig config;
    private final TouchStore store;
    private final String bootstrapServers;
    private final MeterRegistry registry;
    private final List<BatchConsumerLoop> loops = new ArrayList<>();
    private final Optional<String> instanceId;

    public TouchConsumer(JourneyConfig config, TouchStore store,
                         @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         MeterRegistry registry,
                         @ConfigProperty(name = "unison.instance-id") Optional<String> instanceId) {
        this.instanceId = instanceId;
        this.config = config;
        this.store = store;
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
    }

    /** Before the service's other start-up work (other consumers, workers): after a restart, its main work resumes first. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        int partitions = config.consumer().partitions();
        TopicAdmin.ensure(bootstrapServers, TopicCatalogue.specs(partitions, Topics.TOUCHES, Topics.TOUCHES_DLQ));
        int threads = Math.max(1, config.consumer().threads());
        BatchConsumerLoop.Settings settings = BatchConsumerLoop.Settings.of(bootstrapServers,
                        config.consumer().groupId(), Topics.TOUCHES, config.consumer().maxBatch())
                .withDeadLetterTopic(Topics.TOUCHES_DLQ).withStuckAfter(config.consumer().stuckAfter())
                .withRegistry(registry);
        for (int i = 0; i < threads; i++) {
            loops.add(new BatchConsumerLoop(settings.withStaticMember(instanceId, i), store::handle).start());
        }
        Log.infof("Consuming %s as group %s with %d consumers", Topics.TOUCHES, config.consumer().groupId(),
                threads);
    }

    void stop(@Observes ShutdownEvent event) {
        loops.forEach(BatchConsumerLoop::close);
    }

    /** The running consumers; empty before start-up. */
    public List<BatchConsumerLoop> loops() {
        return List.copyOf(loops);
    }
}
