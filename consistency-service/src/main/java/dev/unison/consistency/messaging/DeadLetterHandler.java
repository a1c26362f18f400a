package dev.unison.consistency.messaging;

import io.quarkus.arc.Arc;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Map;

/**
 * Kafka Streams' deserialization, processing and production exception handlers of the service (registered in
 * application.properties): a record that cannot be read, that fails in a processor (a detector, or the event reader),
 * or whose output cannot be written is copied to {@value StreamTopics#DEAD_LETTERS} by {@link DeadLetterPublisher},
 * and the stream goes on with the next record. Only when the dead letter itself cannot be written does the stream
 * fail, so that no record is lost. Kafka Streams makes the handlers; they reach the publisher through the container.
 */
public class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler,
        ProductionExceptionHandler {
    private DeadLetterPublisher publisher;

    @Override
    public void configure(Map<String, ?> configs) {
        publisher = Arc.container().instance(DeadLetterPublisher.class).get();
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        boolean sent = publisher.deadLetter(context, record.key(), record.value(), "unreadable", exception);
        return sent ? DeserializationHandlerResponse.CONTINUE : DeserializationHandlerResponse.FAIL;
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        boolean sent = publisher.deadLetter(context, context.sourceRawKey(), context.sourceRawValue(),
                DeadLetterPublisher.processingReason(exception), exception);
        return sent ? ProcessingHandlerResponse.CONTINUE : ProcessingHandlerResponse.FAIL;
    }

    /** An output too large for the broker is a data error; any other failure to write is Kafka's, and fails. */
    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return ProductionExceptionHandlerResponse.FAIL;
        }
        boolean sent = publisher.deadLetter(context, context.sourceRawKey(), context.sourceRawValue(),
                "output-too-large", exception);
        return sent ? ProductionExceptionHandlerResponse.CONTINUE : ProductionExceptionHandlerResponse.FAIL;
    }

    @Override
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
                                                                           ProducerRecord record, Exception exception,
                                                                           SerializationExceptionOrigin origin) {
        boolean sent = publisher.deadLetter(context, context.sourceRawKey(), context.sourceRawValue(),
                "unserialisable", exception);
        return sent ? ProductionExceptionHandlerResponse.CONTINUE : ProductionExceptionHandlerResponse.FAIL;
    }
}
