package dev.unison.contracts.rest;

import dev.unison.contracts.JsonLimits;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads the path and query parameters of the APIs, naming the parameter when its value is wrong: every refusal is a
 * {@link BadParameterException}, answered 400 with the parameter as {@code /query/<name>} or {@code /path/<name>}.
 */
public final class QueryParams {
    /** Earliest and latest time a query takes: PostgreSQL's timestamptz holds no more. */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime LATEST = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999,
            ZoneOffset.UTC);
    /** Longest text parameter (an id, a department, a cursor). */
    public static final int MAX_TEXT_LENGTH = 500;

    private QueryParams() {
    }

    /** A parameter whose value the service cannot take; {@link #pointer()} names it. */
    public static class BadParameterException extends IllegalArgumentException {
        private final String pointer;

        public BadParameterException(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }

        public String pointer() {
            return pointer;
        }
    }

    /** An RFC 3339 time, or a date meaning its start in UTC, between the years 1 and 9999; null when absent. */
    public static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            try {
                time = LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw bad("query", name, "query parameter '" + name + "' must be an RFC 3339 time "
                        + "(2026-11-25T10:00:00Z) or a date (2026-11-25), not '" + JsonLimits.forLog(value, 64) + "'");
            }
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw bad("query", name, "query parameter '" + name + "' must lie between the years 1 and 9999, not '"
                    + JsonLimits.forLog(value, 64) + "'");
        }
        return time;
    }

    /** A whole number in [min, max], or the default when absent. */
    public static int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw bad("query", name, "query parameter '" + name + "' must be a whole number, not '"
                    + JsonLimits.forLog(value, 64) + "'");
        }
        if (n < min || n > max) {
            throw bad("query", name, "query parameter '" + name + "' must be between " + min + " and " + max);
        }
        return n;
    }

    /** A text query parameter as given (null when absent), refused when it holds NUL or is not Unicode text. */
    public static String text(String name, String value) {
        return checked("query", name, value);
    }

    /** A text path parameter (a customer id, say), refused when it holds NUL or is not Unicode text. */
    public static String path(String name, String value) {
        return checked("path", name, value);
    }

    private static String checked(String where, String name, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw bad(where, name, where + " parameter '" + name + "' is longer than " + MAX_TEXT_LENGTH
                    + " characters");
        }
        String problem = JsonLimits.textProblem(value);
        if (problem != null) {
            throw bad(where, name, where + " parameter '" + name + "' " + problem);
        }
        return value;
    }

    private static BadParameterException bad(String where, String name, String message) {
        return new BadParameterException("/" + where + "/" + name, message);
    }
}
