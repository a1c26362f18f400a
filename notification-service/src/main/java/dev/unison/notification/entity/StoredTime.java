package dev.unison.notification.entity;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** Times as PostgreSQL stores them (microseconds), so an answer shows exactly what was stored. */
public final class StoredTime {
    private StoredTime() {
    }

    public static OffsetDateTime now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
    }
}
