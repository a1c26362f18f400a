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
import dev.unison.feedback.config.FeedbackConfig;
import dev.unison.feedback.repository.FeedbackRow;
import dev.unison.feedback.service.FeedbackStore;
import dev.unison.feedback.service.FeedbackValidator;
import dev.unison.feedback.service.IngestMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;

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
    private final IngestMetrics metrics;
    private ReliableProducer<byte[]> dlq;
    private BatchConsumerLoop loop;

    public FeedbackConsumer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                            FeedbackConfig config, FeedbackValidator validator, FeedbackStore store,
                            IngestMetrics metrics) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.validator = validator;
        this.store = store;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        int partitions = config.consumer().partitions();
        TopicAdmin.ensure(bootstrapServers, List.of(
                TopicAdmin.Spec.of(Topics.FEEDBACK, partitions),
                TopicAdmin.Spec.of(Topics.FEEDBACK_DLQ, partitions)));
        dlq = new ReliableProducer<>(bootstrapServers, "feedback-service-dlq", new ByteArraySerializer());
        loop = new BatchConsumerLoop(bootstrapServers, config.consumer().groupId(), Topics.FEEDBACK,
                config.consumer().maxBatch(), this::handle).start();
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
                Log.warnf("Feedback record %s-%d@%d sent to %s: %s", record.topic(), record.partition(),
                        record.offset(), Topics.FEEDBACK_DLQ, violations);
                deadLetters.add(DeadLetters.of(record, Topics.FEEDBACK_DLQ, violations));
            }
        }
        // the dead letters must be on the broker before the offsets of their originals are committed
        dlq.sendAll(deadLetters);
        store.storeFeedback(rows);
        metrics.rejectedKafka(deadLetters.size());
    }
}
