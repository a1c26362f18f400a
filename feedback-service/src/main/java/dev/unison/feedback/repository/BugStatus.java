package dev.unison.feedback.repository;

/** The reports of one bug key against one release, split by their status as of the end of the period. */
public record BugStatus(String release, String bugKey, long reports, long fixed, long acknowledged, long open) {
}
