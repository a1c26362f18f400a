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
        out.sort(Comparator.comparing(Violation::pointer));
        return out;
    }
}
