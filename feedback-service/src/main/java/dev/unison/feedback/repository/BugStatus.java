package dev.unison.feedback.repository;

/**
 * The reports of one bug key against one release, split by their status as of the end of the period; {@code reopened}
 * counts the reports not fixed although a release claiming to fix the bug shipped at or before their baseline.
 */
public record BugStatus(String release, String bugKey, long reports, long fixed, long acknowledged, long open,
                        long reopened) {
}
