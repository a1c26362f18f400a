package dev.unison.contracts.rest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads query parameters of the analytics APIs, naming the parameter when its value is wrong. */
public final class QueryParams {
    private QueryParams() {
    }

    /** An RFC 3339 time, or a date meaning its start in UTC; null when absent. */
    public static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("query parameter '" + name + "' must be an RFC 3339 time "
                        + "(2026-11-25T10:00:00Z) or a date (2026-11-25), not '" + value + "'");
            }
        }
    }
}
