package dev.unison.feedback.repository;

/** The survey tally of the answers preceded by an alert of one rule (rule null: by no alert at all). */
public record RuleTally(String rule, Tally tally, long customers) {
}
