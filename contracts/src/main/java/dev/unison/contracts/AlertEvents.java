package dev.unison.contracts;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Alerts as CloudEvents in binary mode: the record's value stays the alert's JSON (readers of plain alerts go on
 * unchanged) and the {@code ce_*} headers make it a CloudEvent of type {@code cx.alert.<rule>}, subject the customer,
 * for any CloudEvents SDK.
 */
public final class AlertEvents {
    public static final String TYPE_PREFIX = "cx.alert.";
    public static final URI SOURCE = URI.create("/unison/consistency-service");
    public static final String CONTENT_TYPE = "application/json";
    private static final String CE_PREFIX = "ce_";
    private static final String CONTENT_TYPE_HEADER = "content-type";

    private AlertEvents() {
    }

    /** {@code cx.alert.<rule>}. */
    public static String type(Alert alert) {
        return TYPE_PREFIX + alert.rule();
    }

    /**
     * Replaces every CloudEvents attribute header (and the content type) with the alert's own: headers a record
     * inherited from the event that completed the evidence must not describe the alert.
     */
    public static Headers writeHeaders(Headers headers, Alert alert) {
        return writeHeaders(headers, alert.alertId(), alert.rule(), alert.customerId(), alert.detectedAt());
    }

    /** The same, from an alert's parts (a stored alert copied to a department's topic). */
    public static Headers writeHeaders(Headers headers, String alertId, String rule, String customerId,
                                       OffsetDateTime detectedAt) {
        for (Header header : headers.toArray()) {
            if (header.key().startsWith(CE_PREFIX) || header.key().equals(CONTENT_TYPE_HEADER)) {
                headers.remove(header.key());
            }
        }
        CloudEvent attributes = CloudEventBuilder.v1()
                .withId(alertId)
                .withSource(SOURCE)
                .withType(TYPE_PREFIX + rule)
                .withSubject(customerId)
                .withTime(detectedAt == null ? null : detectedAt.withOffsetSameInstant(ZoneOffset.UTC))
                .withDataContentType(CONTENT_TYPE)
                .build();
        for (Header header : KafkaMessageFactory.createWriter(Topics.ALERTS).writeBinary(attributes).headers()) {
            headers.add(header);
        }
        return headers;
    }
}
