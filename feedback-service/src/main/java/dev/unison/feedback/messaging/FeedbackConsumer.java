package dev.unison.feedback.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Topics;
import dev.unison.contracts.Violation;
import dev.unison.contracts.kafka.BatchConsumerLoop;
import dev.unison.contracts.kafka.ReliableProducer;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.contracts.kafka.TopicCatalogue;
import dev.unison.feedback.config.FeedbackConfig;
import dev.unison.feedback.repository.FeedbackRow;
import dev.unison.feedback.service.FeedbackStore;
import dev.unison.feedback.service.FeedbackValidator;
import dev.unison.contracts.JsonLimits;
import dev.unison.runtime.ingest.EventCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Consumes cx.feedback.v1 in batches (from survey tools, and from POST /feedback): valid events are stored in one
 * transaction per batch, invalid records are copied to cx.feedback.dlq with the reasons in headers before the
 * batch's offsets are committed, so bad input never disappears.
 */
@ApplicationScoped
public class FeedbackConsumer {
    private final String bootstrapServers;
    private final FeedbackConfig config;
    private final FeedbackValidator validator;
    private final FeedbackStore store;
    private final EventCounters metrics;
    private final MeterRegistry registry;
    private final Optional<String> instanceId;
    private ReliableProducer<byte[]> dlq;
    private BatchConsumerLoop loop;

    public FeedbackConsumer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                            FeedbackConfig config, FeedbackValidator validator, FeedbackStore store,
                            EventCounters metrics, MeterRegistry registry,
                            @ConfigProperty(name = "unison.instance-id") Optional<String> instanceId) {
        this.instanceId = instanceId;
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.validator = validator;
        this.store = store;
        this.metrics = metrics;
    }

    /** Before the service's other start-up work (other consumers, workers): after a restart, its main work resumes first. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        int partitions = config.consumer().partitions();
        TopicAdmin.ensure(bootstrapServers, TopicCatalogue.specs(partitions, Topics.FEEDBACK, Topics.FEEDBACK_DLQ));
        dlq = new ReliableProducer<>(bootstrapServers, "feedback-service-dlq", new ByteArraySerializer());
        loop = new BatchConsumerLoop(BatchConsumerLoop.Settings.of(bootstrapServers, config.consumer().groupId(),
                        Topics.FEEDBACK, config.consumer().maxBatch()).withDeadLetterTopic(Topics.FEEDBACK_DLQ)
                .withStuckAfter(config.consumer().stuckAfter()).withRegistry(registry)
                .withStaticMember(instanceId, 0), this::handle).start();
        Log.infof("Consuming %s as group %s", Topics.FEEDBACK, config.consumer().groupId());
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
        if (dlq != null) {
            dlq.close();
        }
    }

    public boolean healthy() {
        return loop != null && loop.healthy();
    }

    public String lastError() {
        return loop == null ? "not started" : loop.lastError();
    }

    void handle(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        List<FeedbackRow> rows = new ArrayList<>(batch.size());
        List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        Map<String, Integer> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            List<Violation> violations;
            try {
                JsonNode event = CloudEventCodec.fromKafka(record.headers(), record.value());
                violations = validator.validate(event);
                if (violations.isEmpty()) {
                    rows.add(FeedbackStore.row(event));
                }
            } catch (InvalidEventException e) {
                violations = e.violations();
            } catch (IllegalArgumentException e) {
                violations = List.of(new Violation("", e.getMessage()));
            }
            if (!violations.isEmpty()) {
                deadLetters.add(DeadLetters.of(record, Topics.FEEDBACK_DLQ, violations));
                reasons.merge(DeadLetters.category(violations), 1, Integer::sum);
            }
        }
        // stored first: when PostgreSQL refuses a record the batch is split and handled again, and the dead letters
        // of the invalid ones are sent once, after the part holding them is stored, before its offsets are committed
        store.storeFeedback(rows);
        dlq.sendAll(deadLetters);
        for (ProducerRecord<byte[], byte[]> dead : deadLetters) {
            Log.warnf("Feedback record %s-%s@%s sent to %s: %s",
                    DeadLetters.header(dead.headers(), DeadLetters.SOURCE_TOPIC),
                    DeadLetters.header(dead.headers(), DeadLetters.SOURCE_PARTITION),
                    DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET), Topics.FEEDBACK_DLQ,
                    JsonLimits.forLog(DeadLetters.header(dead.headers(), DeadLetters.VIOLATIONS)));
        }
        metrics.rejectedKafka(deadLetters.size());
        reasons.forEach((reason, n) -> BatchConsumerLoop.countDeadLettered(registry, Topics.FEEDBACK, reason, n));
    }
}
