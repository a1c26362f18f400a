package dev.unison.contracts;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc3339Test {

    @Test
    void readsEveryTimeAsOffsetDateTimeParseDoes() {
        List<String> valid = List.of("2026-11-25T10:15:00Z", "2026-11-25T10:15:00.250Z", "2026-11-25T10:15:00.1+01:00",
                "2026-11-25T10:15:00.123456789-05:30", "2026-11-25T10:15:00.000000500Z", "2026-11-25T10:15:00-00:00",
                "2026-11-25T10:15:00+00:00", "0000-01-01T00:00:00Z", "2024-02-29T23:59:59.999999999+18:00",
                // not the usual form, still read by OffsetDateTime.parse
                "2026-11-25t10:15:00z", "2026-11-25T10:15Z", "2026-11-25T10:15:00.Z", "2026-11-25T10:15:00+01:00:30",
                "+12026-11-25T10:15:00Z");
        for (String text : valid) {
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text));
        }
        assertThat(Rfc3339.usualForm("2026-11-25T10:15:00.250+01:00")).isNotNull();
    }

    @Test
    void refusesWhatOffsetDateTimeParseRefusesWithItsMessage() {
        List<String> invalid = List.of("yesterday", "2026-02-30T10:15:00Z", "2026-11-25T24:00:00Z",
                "2026-11-25T10:15:60Z", "2026-13-01T10:15:00Z", "2026-11-25T10:15:00", "2026-11-25T10:15:00+19:00",
                "2026-11-25T10:15:00+05:60", "2026-11-25T10:15:00+0100", "2026-11-25T10:15:00.1234567890Z",
                "2026-11-25 10:15:00Z", " 2026-11-25T10:15:00Z", "2026-11-25T10:15:00Zx", "2026-1-25T10:15:00Z",
                "2026-11-25T10:15:00.12a4Z", "2026-11-25T10:15:0aZ");
        for (String text : invalid) {
            String expected = catchMessage(text);
            assertThatThrownBy(() -> Rfc3339.parse(text)).as(text).isInstanceOf(DateTimeParseException.class)
                    .hasMessage(expected);
        }
    }

    private static String catchMessage(String text) {
        try {
            OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return e.getMessage();
        }
        throw new AssertionError(text + " was expected to be invalid");
    }
}
