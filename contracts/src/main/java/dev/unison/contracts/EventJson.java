package dev.unison.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;

/** The one JSON mapping of the contracts: ISO-8601 times, unknown fields ignored, nulls left out. */
public final class EventJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {
    }

    public static Touch toTouch(JsonNode event) {
        Touch usual = usualTouch(event);
        return usual != null ? usual : convert(event, Touch.class);
    }

    public static Feedback toFeedback(JsonNode event) {
        return convert(event, Feedback.class);
    }

    /**
     * A touch whose envelope is in the usual form (text attributes, an RFC 3339 time, an object as data), read
     * attribute by attribute with its time read by {@link Rfc3339}; null for anything else, which the general binding
     * reads, with its own errors. Binding the whole tree read the time with {@code DateTimeFormatter}, a fifth of what
     * a touch consumer spends on an event.
     */
    private static Touch usualTouch(JsonNode event) {
        JsonNode id = event.get("id");
        JsonNode source = event.get("source");
        JsonNode type = event.get("type");
        JsonNode time = event.get("time");
        JsonNode data = event.get("data");
        if (id == null || !id.isTextual() || source == null || !source.isTextual() || type == null
                || !type.isTextual() || time == null || !time.isTextual() || data == null || !data.isObject()) {
            return null;
        }
        OffsetDateTime at = Rfc3339.usualForm(time.textValue());
        if (at == null) {
            return null;
        }
        try {
            return new Touch(id.textValue(), source.textValue(), type.textValue(), at,
                    MAPPER.treeToValue(data, TouchData.class));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Alert toAlert(byte[] json) {
        try {
            return MAPPER.readValue(json, Alert.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an alert: " + e.getMessage(), e);
        }
    }
}
