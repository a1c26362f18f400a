package dev.unison.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}); {@code errors} lists each offending field by
 * JSON Pointer, the first {@link JsonLimits#MAX_LISTED_ERRORS} of them, and {@code errorCount} says how many there
 * were in all. Every Unison service answers bad input with this shape.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> errors,
                      Integer errorCount) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://unison.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance,
                             List<Violation> errors) {
        List<Violation> listed = errors.size() > JsonLimits.MAX_LISTED_ERRORS
                ? List.copyOf(errors.subList(0, JsonLimits.MAX_LISTED_ERRORS)) : errors;
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, listed,
                errors.isEmpty() ? null : errors.size());
    }
}
