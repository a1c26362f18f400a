package dev.unison.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}); {@code errors} lists each offending field by
 * JSON Pointer. Every Unison service answers bad input with this shape.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://unison.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail, String instance,
                             List<Violation> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, errors);
    }
}
