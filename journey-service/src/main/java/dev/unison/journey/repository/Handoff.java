package dev.unison.journey.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Number of cases handed from one department to another. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Handoff(String from, String to, long count) {
}
