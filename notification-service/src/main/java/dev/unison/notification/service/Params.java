package dev.unison.notification.service;

import dev.unison.contracts.Violation;
import dev.unison.runtime.rest.InvalidRequestException;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Checks of request values, each adding a violation that names the field: query parameters as /query/&lt;name&gt;.
 * Values PostgreSQL cannot hold (a NUL character, a time outside years 1 to 9999) are the client's mistake too.
 */
final class Params {
    /** The earliest and latest times accepted: what every service and PostgreSQL can hold. */
    static final OffsetDateTime MIN_TIME = OffsetDateTime.parse("0001-01-01T00:00:00Z");
    static final OffsetDateTime MAX_TIME = OffsetDateTime.parse("9999-12-31T23:59:59Z");
    private static final int MAX_TEXT = 500;

    private Params() {
    }

    static void check(List<Violation> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A free text parameter: at most 500 characters, text PostgreSQL can store. */
    static void text(String name, String value, List<Violation> problems) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_TEXT) {
            problems.add(new Violation("/query/" + name, "at most " + MAX_TEXT + " characters"));
        }
        storable("/query/" + name, value, problems);
    }

    /** Refuses text PostgreSQL cannot store: a NUL character or half of a surrogate pair. */
    static void storable(String pointer, String value, List<Violation> problems) {
        String problem = value == null ? null : AlertValidator.unstorable(value);
        if (problem != null) {
            problems.add(new Violation(pointer, problem));
        }
    }

    static void oneOf(String name, String value, Collection<String> allowed, List<Violation> problems) {
        if (value != null && !value.isBlank() && !allowed.contains(value.strip())) {
            problems.add(new Violation("/query/" + name, "must be one of " + String.join(", ",
                    allowed.stream().sorted().toList())));
        }
    }

    static UUID uuid(String name, String value, List<Violation> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(new Violation("/query/" + name, "not a UUID"));
            return null;
        }
    }

    static OffsetDateTime time(String name, String value, List<Violation> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return inRange("/query/" + name, OffsetDateTime.parse(value.strip()), problems);
        } catch (DateTimeParseException e) {
            problems.add(new Violation("/query/" + name, "not an RFC 3339 timestamp with offset"));
            return null;
        }
    }

    /** The time, or null with a violation when it lies outside years 1 to 9999. */
    static OffsetDateTime inRange(String pointer, OffsetDateTime time, List<Violation> problems) {
        if (time != null && (time.isBefore(MIN_TIME) || time.isAfter(MAX_TIME))) {
            problems.add(new Violation(pointer, "must lie between the years 0001 and 9999"));
            return null;
        }
        return time;
    }

    static int limit(String value, int fallback, int max, List<Violation> problems) {
        Integer limit = number("limit", value, problems);
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > max) {
            problems.add(new Violation("/query/limit", "must be between 1 and " + max));
        }
        return limit;
    }

    static int offset(String value, List<Violation> problems) {
        Integer offset = number("offset", value, problems);
        if (offset == null) {
            return 0;
        }
        if (offset < 0) {
            problems.add(new Violation("/query/offset", "must not be negative"));
        }
        return offset;
    }

    private static Integer number(String name, String value, List<Violation> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            problems.add(new Violation("/query/" + name, "not a whole number"));
            return null;
        }
    }
}
