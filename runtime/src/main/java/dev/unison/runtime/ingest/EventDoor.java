package dev.unison.runtime.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.PayloadTooLargeException;
import dev.unison.contracts.Submissions;
import dev.unison.contracts.Violation;
import dev.unison.contracts.kafka.ReliableProducer;
import dev.unison.runtime.rest.Requests;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.function.Function;

/**
 * The REST door of an event topic, the one way events come in over HTTP: a request body of one CloudEvent or a batch
 * is checked (content-type, size), parsed, validated whole (every event or none) and published to the topic, where it
 * is consumed like any other producer's events. Each refusal is counted and thrown for the problem mapper; a body that
 * Kafka does not take is a 503 and may be sent again (the stores keep each (source, id) once).
 */
public final class EventDoor implements AutoCloseable {
    private final EventCounters counters;
    private final long maxBodyBytes;
    private final Function<JsonNode, List<Violation>> validator;
    private final Function<JsonNode, ProducerRecord<String, byte[]>> record;
    private final ReliableProducer<String> producer;

    /**
     * @param clientId     the Kafka client id of the door's producer
     * @param maxBodyBytes largest body taken; a larger one is a 413, counted as one rejected event
     * @param validator    every problem of one event, with pointers into it
     * @param record       the Kafka record of one valid event (topic, key, value)
     */
    public EventDoor(String bootstrapServers, String clientId, EventCounters counters, long maxBodyBytes,
                     Function<JsonNode, List<Violation>> validator,
                     Function<JsonNode, ProducerRecord<String, byte[]>> record) {
        this.counters = counters;
        this.maxBodyBytes = maxBodyBytes;
        this.validator = validator;
        this.record = record;
        this.producer = new ReliableProducer<>(bootstrapServers, clientId, new StringSerializer());
    }

    /**
     * Takes a request body: one event ({@code application/cloudevents+json} or {@code application/json}) or a batch
     * ({@code application/cloudevents-batch+json}).
     *
     * @return the published events, in order
     * @throws jakarta.ws.rs.NotSupportedException without a content-type (415)
     * @throws PayloadTooLargeException            over the body limit, or an event over 512 KiB (413)
     * @throws InvalidEventException               naming every problem by its pointer into the body (400)
     */
    public List<JsonNode> submit(byte[] body, String contentType) {
        Requests.requireContentType(contentType);
        if (body.length > maxBodyBytes) {
            counters.rejectedRest(1);
            throw new PayloadTooLargeException("body of " + body.length + " bytes exceeds the limit of "
                    + maxBodyBytes + " bytes; split the batch");
        }
        JsonNode parsed;
        try {
            parsed = CloudEventCodec.parse(body);
        } catch (InvalidEventException e) {
            counters.rejectedRest(1);
            throw e;
        }
        List<JsonNode> events;
        try {
            events = Submissions.events(parsed, contentType.startsWith(CloudEventCodec.BATCH_CONTENT_TYPE), validator);
        } catch (InvalidEventException e) {
            counters.rejectedRest(Submissions.size(parsed));
            throw e;
        }
        producer.sendAll(events.stream().map(record).toList());
        counters.accepted(events.size());
        return events;
    }

    @Override
    public void close() {
        producer.close();
    }
}
