package dev.unison.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;

/** One event an alert rests on: which event, from which department, when, and what was said or done. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(String id, String source, String type, String department, OffsetDateTime time, String said) {
}
