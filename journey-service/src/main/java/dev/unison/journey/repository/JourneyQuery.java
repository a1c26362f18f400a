package dev.unison.journey.repository;

import java.time.OffsetDateTime;

/** A page request of one customer's journey; {@code after} is the position of the last touch of the previous page. */
public record JourneyQuery(String customerId, String department, String kind, OffsetDateTime from, OffsetDateTime to,
                           boolean descending, Position after, int limit) {

    /** Where a touch stands in the journey order. */
    public record Position(OffsetDateTime time, String source, String id) {
    }
}
