package dev.unison.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Validates structured CloudEvents against the envelope schema and the schema of their type, and returns every
 * problem with the JSON Pointer of its field. Thread-safe.
 */
public final class EventValidator {
    public static final String SCHEMA_BASE = "https://unison.dev/schemas/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();

    private final JsonSchema envelope = schema("cloudevent");
    private final Map<String, JsonSchema> dataSchemas = new LinkedHashMap<>();
    private final Duration maxFutureSkew;
    private final Clock clock;

    public EventValidator(Collection<String> types, Duration maxFutureSkew, Clock clock) {
        types.forEach(type -> dataSchemas.put(type, schema(type)));
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
    }

    public static EventValidator forTouches(Duration maxFutureSkew) {
        return new EventValidator(EventTypes.TOUCHES, maxFutureSkew, Clock.systemUTC());
    }

    public static EventValidator forFeedback(Duration maxFutureSkew) {
        return new EventValidator(EventTypes.FEEDBACK, maxFutureSkew, Clock.systemUTC());
    }

    /** The names of the schemas, e.g. {@code cloudevent}, {@code cx.touch.answer-given}, {@code alert}. */
    public static List<String> schemaNames() {
        List<String> names = new ArrayList<>(List.of("cloudevent", "touch-common", "feedback-common", "limits",
                "answer-value", "alert"));
        names.addAll(EventTypes.TOUCHES);
        names.addAll(EventTypes.FEEDBACK);
        return names;
    }

    /** The raw text of a schema, or null when there is none of that name. */
    public static byte[] schemaText(String name) {
        if (!schemaNames().contains(name)) {
            return null;
        }
        try (InputStream in = EventValidator.class.getResourceAsStream("/schemas/" + name + ".json")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every problem of one structured CloudEvent; empty when it is valid. */
    public List<Violation> validate(JsonNode event) {
        if (event == null || !event.isObject()) {
            return List.of(new Violation("", "an event must be a JSON object"));
        }
        List<Violation> problems = new ArrayList<>(JsonLimits.textProblems(event, ""));
        problems.addAll(violations(envelope, event, ""));
        JsonNode type = event.get("type");
        if (type != null && type.isTextual()) {
            JsonSchema data = dataSchemas.get(type.asText());
            if (data == null) {
                problems.add(new Violation("/type", "unknown event type '" + JsonLimits.forLog(type.asText(), 100)
                        + "'; known types: "
                        + String.join(", ", dataSchemas.keySet())));
            } else if (event.path("data").isObject()) {
                problems.addAll(violations(data, event.get("data"), "/data"));
            }
        }
        checkTime(event.get("time"), problems);
        // a field bounded by the envelope and by its kind's schema (data, a value) is named once
        List<Violation> distinct = new ArrayList<>(new LinkedHashSet<>(problems));
        distinct.sort(Comparator.comparing(Violation::pointer));
        return distinct;
    }

    /** Throws {@link InvalidEventException} naming every problem unless the event is valid. */
    public void require(JsonNode event) {
        List<Violation> problems = validate(event);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
    }

    private void checkTime(JsonNode time, List<Violation> problems) {
        if (time == null || !time.isTextual() || problems.stream().anyMatch(p -> p.pointer().equals("/time"))) {
            return;
        }
        try {
            OffsetDateTime at = Rfc3339.parse(time.asText());
            OffsetDateTime latest = OffsetDateTime.now(clock).plus(maxFutureSkew);
            if (at.isAfter(latest)) {
                problems.add(new Violation("/time", "time " + JsonLimits.forLog(time.asText(), 64)
                        + " is in the future (more than "
                        + maxFutureSkew.toSeconds() + "s ahead of the receiver's clock)"));
            }
        } catch (DateTimeParseException e) {
            problems.add(new Violation("/time", "not an RFC 3339 timestamp with offset: "
                    + JsonLimits.forLog(time.asText(), 64)));
        }
    }

    private static List<Violation> violations(JsonSchema schema, JsonNode node, String prefix) {
        List<Violation> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(node)) {
            String pointer = m.getInstanceLocation().toString();
            if ("required".equals(m.getType()) && m.getProperty() != null) {
                pointer = pointer + "/" + m.getProperty();
            }
            out.add(new Violation(prefix + pointer, describe(m)));
        }
        return out;
    }

    private static String describe(ValidationMessage m) {
        // networknt prefixes the message with the instance location; the pointer already says where
        String message = m.getMessage();
        String location = m.getInstanceLocation().toString() + ": ";
        return message.startsWith(location) ? message.substring(location.length()) : message;
    }

    private static JsonSchema schema(String name) {
        return FACTORY.getSchema(SchemaLocation.of(SCHEMA_BASE + name + ".json"), CONFIG);
    }
}
