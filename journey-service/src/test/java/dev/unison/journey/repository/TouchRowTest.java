package dev.unison.journey.repository;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TouchRowTest {

    @Test
    void timeIsWrittenAsIsoOffsetDateTimeWritesIt() {
        List<OffsetDateTime> times = new java.util.ArrayList<>(List.of(
                OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 123_400_000, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 1_000, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 500_000_000, ZoneOffset.UTC),
                OffsetDateTime.of(12, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 120_000, ZoneOffset.ofHours(2)),
                OffsetDateTime.of(-999_999_999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.ofHours(-18))));
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            times.add(OffsetDateTime.of(random.nextInt(10_000), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000) * 1_000,
                    ZoneOffset.UTC));
        }
        for (OffsetDateTime time : times) {
            char[] text = new char[TouchRow.MAX_TIME_LENGTH];
            int length = TouchRow.isoTime(time, text);
            assertThat(new String(text, 0, length)).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
        }
    }
}
