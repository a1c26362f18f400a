package dev.unison.contracts;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A request to erase everything Unison keeps about one customer, on {@code cx.erasures.v1} (compacted, keyed by
 * customer id): every service that stores or remembers customers deletes theirs when it reads one. The record's value
 * is this JSON, its {@code ce_*} headers make it a CloudEvent of type {@code cx.customer.erasure-requested}.
 *
 * @param erasureId   the request's id (the CloudEvent id)
 * @param customerId  whose data goes
 * @param requestedBy who asked (the token's user), for the audit
 * @param requestedAt when
 */
public record Erasure(String erasureId, String customerId, String requestedBy, OffsetDateTime requestedAt) {
    public static final String TYPE = "cx.customer.erasure-requested";
    public static final URI SOURCE = URI.create("/unison/journey-service");

    public static Erasure request(String customerId, String requestedBy) {
        return new Erasure(UUID.randomUUID().toString(), customerId, requestedBy,
                OffsetDateTime.now(ZoneOffset.UTC).withNano(0));
    }

    /** The record for {@link Topics#ERASURES}: key the customer id, value this JSON, CloudEvent headers. */
    public ProducerRecord<String, byte[]> toRecord() {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ERASURES, customerId,
                EventJson.bytes(this));
        var attributes = CloudEventBuilder.v1().withId(erasureId).withSource(SOURCE).withType(TYPE)
                .withSubject(customerId).withTime(requestedAt).withDataContentType("application/json").build();
        for (Header header : KafkaMessageFactory.createWriter(Topics.ERASURES).writeBinary(attributes).headers()) {
            record.headers().add(header);
        }
        return record;
    }

    /**
     * Reads a record's value.
     *
     * @throws IllegalArgumentException when it is not an erasure naming a customer: a data error, so a consumer's
     *                                  loop sets the record aside on the dead-letter topic
     */
    public static Erasure parse(byte[] value) {
        Erasure erasure;
        try {
            erasure = EventJson.MAPPER.readValue(value, Erasure.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an erasure request: " + e.getMessage(), e);
        }
        if (erasure.customerId() == null || erasure.customerId().isBlank()) {
            throw new IllegalArgumentException("an erasure request must name customerId");
        }
        return erasure;
    }
}
