package dev.unison.notification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.Violation;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Validates alerts against the contracts' alert schema (contracts/src/main/resources/schemas/alert.json) and names
 * each problem by JSON Pointer. The contracts' EventValidator only covers CloudEvents, so the alert schema is loaded
 * here with the same schema mapping.
 */
@ApplicationScoped
public class AlertValidator {
    private final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    builder -> builder.schemaMappers(m -> m.mapPrefix(EventValidator.SCHEMA_BASE, "classpath:schemas/")))
            .getSchema(SchemaLocation.of(EventValidator.SCHEMA_BASE + "alert.json"), SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .formatAssertionsEnabled(true)
                    .build());

    /** Every problem of one alert; empty when it is valid. */
    public List<Violation> validate(JsonNode alert) {
        if (alert == null || !alert.isObject()) {
            return List.of(new Violation("", "an alert must be a JSON object"));
        }
        List<Violation> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(alert)) {
            String pointer = m.getInstanceLocation().toString();
            if ("required".equals(m.getType()) && m.getProperty() != null) {
                pointer = pointer + "/" + m.getProperty();
            }
            String message = m.getMessage();
            int colon = message.indexOf(": ");
            if (colon > 0 && message.startsWith(m.getInstanceLocation().toString())) {
                message = message.substring(colon + 2);
            }
            out.add(new Violation(pointer, message));
        }
        text("", alert, out);
        out.sort(Comparator.comparing(Violation::pointer));
        return out;
    }

    /**
     * Text PostgreSQL cannot store, anywhere in the alert: a NUL character or half of a surrogate pair. Such an alert
     * would fail its whole batch again and again; it goes to the dead-letter topic instead.
     */
    private static void text(String pointer, JsonNode node, List<Violation> out) {
        if (node.isTextual()) {
            String problem = unstorable(node.textValue());
            if (problem != null) {
                out.add(new Violation(pointer, problem));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                text(pointer + "/" + i, node.get(i), out);
            }
        } else if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                String escaped = name.replace("~", "~0").replace("/", "~1");
                String problem = unstorable(name);
                if (problem != null) {
                    out.add(new Violation(pointer + "/" + escaped, "field name: " + problem));
                }
                text(pointer + "/" + escaped, node.get(name), out);
            });
        }
    }

    /** Why PostgreSQL cannot store the text (a NUL character, half a surrogate pair); null when it can. */
    static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired surrogate";
            }
        }
        return null;
    }
}
