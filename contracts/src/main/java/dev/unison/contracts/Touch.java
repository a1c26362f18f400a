package dev.unison.contracts;

import java.time.OffsetDateTime;

/** A customer-touch CloudEvent ({@code cx.touch.<kind>}) read from topic {@link Topics#TOUCHES}. */
public record Touch(String id, String source, String type, OffsetDateTime time, TouchData data) {

    public String kind() {
        return EventTypes.kind(type);
    }

    public String customerId() {
        return data.customerId();
    }
}
