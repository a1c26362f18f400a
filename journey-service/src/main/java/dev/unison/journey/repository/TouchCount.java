package dev.unison.journey.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Number of touches of one group; the fields not grouped by are null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TouchCount(String department, String channel, String kind, long count) {
}
