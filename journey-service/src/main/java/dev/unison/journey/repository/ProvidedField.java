package dev.unison.journey.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A field the customer provided, to whom, and when (the latest time). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvidedField(String field, String department, java.time.OffsetDateTime providedAt) {
}
