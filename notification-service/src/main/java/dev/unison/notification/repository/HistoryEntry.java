package dev.unison.notification.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;

/** Something that happened to an alert: acknowledged, resolved, escalated, repeated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(OffsetDateTime at, String action, String actor, String note) {
}
