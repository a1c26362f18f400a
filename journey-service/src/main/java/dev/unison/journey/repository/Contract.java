package dev.unison.journey.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The customer's contract as of the newest contract-updated touch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contract(String contractId, java.time.LocalDate renewsOn, java.time.OffsetDateTime updatedAt) {
}
