package dev.unison.journey.repository;

/** Distinct customers one department (null: any department) touched in one ISO week. */
public record CustomersTouched(String week, String department, long customers) {
}
