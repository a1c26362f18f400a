package dev.unison.feedback.repository;

/** The survey tally of one group (department, channel or period start) and solicited flag. */
public record GroupTally(String key, boolean solicited, Tally tally) {
}
