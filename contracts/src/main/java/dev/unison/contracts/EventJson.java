package dev.unison.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON mapping of the contracts: ISO-8601 times, unknown fields ignored, nulls left out; strict reading
 * within {@link JsonLimits} (nesting, number, string and document length), a repeated property name and anything
 * after the document refused.
 */
public final class EventJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(JsonLimits.READ)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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
     * A touch in the usual form (text attributes, an RFC 3339 time, data whose every field has the JSON type of its
     * component), read field by field; null for anything else, which the general binding reads, with its own errors
     * and coercions. Binding the whole tree (reading the time with {@code DateTimeFormatter}, the data through bean
     * introspection) was a third of what a touch consumer spends on an event.
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
        TouchData usualData = new UsualData(data).read();
        return usualData == null ? null : new Touch(id.textValue(), source.textValue(), type.textValue(), at, usualData);
    }

    /** Reads {@link TouchData} as the general binding does when every field present has the usual JSON type. */
    private static final class UsualData {
        private final JsonNode data;
        private boolean unusual;

        UsualData(JsonNode data) {
            this.data = data;
        }

        /** The data, or null when a field is not in its usual form (or is JSON null). */
        TouchData read() {
            TouchData d = new TouchData(text("customerId"), text("department"), text("channel"), text("direction"),
                    text("initiatedBy"), agent(), text("caseId"), text("question"), text("answer"), value(),
                    fields(), text("contentKey"), text("subject"), text("purpose"), text("summary"),
                    text("fromDepartment"), text("toDepartment"), text("issueKey"), text("resolution"),
                    text("approvalId"), text("approver"), text("contractId"), date("renewsOn"));
            return unusual ? null : d;
        }

        private String text(String name) {
            return text(data.get(name));
        }

        private String text(JsonNode v) {
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                unusual = true;
                return null;
            }
            return v.textValue();
        }

        private Agent agent() {
            JsonNode v = data.get("agent");
            if (v == null) {
                return null;
            }
            JsonNode automated = v.get("automated");
            if (!v.isObject() || automated != null && !automated.isBoolean()) {
                unusual = true;
                return null;
            }
            return new Agent(text(v.get("id")), automated != null && automated.booleanValue());
        }

        private JsonNode value() {
            JsonNode v = data.get("value");
            if (v != null && v.isNull()) {
                unusual = true;
                return null;
            }
            return v == null ? null : v.deepCopy();
        }

        private List<String> fields() {
            JsonNode v = data.get("fields");
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                unusual = true;
                return null;
            }
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode field : v) {
                if (!field.isTextual()) {
                    unusual = true;
                    return null;
                }
                out.add(field.textValue());
            }
            return out;
        }

        private LocalDate date(String name) {
            String text = text(name);
            if (text == null) {
                return null;
            }
            try {
                if (text.length() == 10) {
                    return LocalDate.parse(text);
                }
            } catch (DateTimeException e) {
                // the general binding says why
            }
            unusual = true;
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
