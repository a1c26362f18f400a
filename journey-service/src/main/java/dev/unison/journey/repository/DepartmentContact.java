package dev.unison.journey.repository;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Touches of one department with one customer and the newest one's time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DepartmentContact(String department, long touches, java.time.OffsetDateTime lastContact) {
}
