package dev.unison.contracts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes CloudEvents on Kafka in both content modes of the Kafka protocol binding:
 * structured ({@code content-type: application/cloudevents+json}, the whole event in the value) and binary
 * ({@code ce_*} headers, the data in the value). Inside Unison an event is handled as its structured JSON form.
 */
public final class CloudEventCodec {
    public static final String STRUCTURED_CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";
    private static final String CONTENT_TYPE_HEADER = "content-type";
    private static final String BINARY_MARKER = "ce_specversion";
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private CloudEventCodec() {
    }

    /**
     * The structured JSON form of the event in a Kafka record, whichever mode it was written in.
     *
     * @throws InvalidEventException when the record holds no readable CloudEvent
     */
    public static JsonNode fromKafka(Headers headers, byte[] value) {
        if (headers.lastHeader(BINARY_MARKER) != null) {
            try {
                return toJson(KafkaMessageFactory.createReader(headers, value).toEvent());
            } catch (CloudEventRWException | IllegalArgumentException e) {
                throw new InvalidEventException("", "unreadable binary-mode CloudEvent: " + e.getMessage());
            }
        }
        Header contentType = headers.lastHeader(CONTENT_TYPE_HEADER);
        if (contentType != null) {
            String ct = new String(contentType.value(), StandardCharsets.UTF_8);
            if (!ct.startsWith(STRUCTURED_CONTENT_TYPE) && !ct.startsWith("application/json")) {
                throw new InvalidEventException("", "unsupported content-type '" + ct + "'; expected "
                        + STRUCTURED_CONTENT_TYPE + " or binary mode (ce_* headers)");
            }
        }
        return parse(value);
    }

    /** Parses the bytes of one structured event or of a batch. */
    public static JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("", "empty body: expected a CloudEvent in JSON");
        }
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new InvalidEventException("", "over a limit of the contracts: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("", "malformed JSON" + where(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("", "unreadable body: " + e.getMessage());
        }
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** A structured-mode record of the event, keyed by the customer id in its data. */
    public static ProducerRecord<String, byte[]> toKafka(String topic, JsonNode event) {
        String key = event.path("data").path("customerId").asText(null);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, EventJson.bytes(event));
        record.headers().add(CONTENT_TYPE_HEADER, STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** A binary-mode record of the event ({@code ce_*} headers, JSON data in the value). */
    public static ProducerRecord<String, byte[]> toKafkaBinary(String topic, String key, CloudEvent event) {
        return KafkaMessageFactory.createWriter(topic, key).writeBinary(event);
    }

    /** The SDK form of a structured JSON event. */
    public static CloudEvent toCloudEvent(JsonNode event) {
        try {
            return FORMAT.deserialize(EventJson.bytes(event));
        } catch (CloudEventRWException e) {
            throw new InvalidEventException("", "not a CloudEvent: " + e.getMessage());
        }
    }

    /** The structured JSON form of an SDK event; JSON data becomes an object, not a string. */
    public static JsonNode toJson(CloudEvent event) {
        ObjectNode node = EventJson.MAPPER.createObjectNode();
        node.put("specversion", event.getSpecVersion().toString());
        node.put("id", event.getId());
        node.put("source", event.getSource().toString());
        node.put("type", event.getType());
        if (event.getTime() != null) {
            node.put("time", event.getTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (event.getSubject() != null) {
            node.put("subject", event.getSubject());
        }
        if (event.getDataContentType() != null) {
            node.put("datacontenttype", event.getDataContentType());
        }
        if (event.getDataSchema() != null) {
            node.put("dataschema", event.getDataSchema().toString());
        }
        for (String name : event.getExtensionNames()) {
            node.put(name, String.valueOf(event.getExtension(name)));
        }
        if (event.getData() != null) {
            byte[] data = event.getData().toBytes();
            try {
                node.set("data", EventJson.MAPPER.readTree(data));
            } catch (StreamConstraintsException e) {
                throw new InvalidEventException("/data", "over a limit of the contracts: " + e.getOriginalMessage());
            } catch (JsonProcessingException e) {
                throw new InvalidEventException("/data", "data is not JSON" + where(e) + ": " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new InvalidEventException("/data", "data is not JSON: " + e.getMessage());
            }
        }
        return node;
    }
}
