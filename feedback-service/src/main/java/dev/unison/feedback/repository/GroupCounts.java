package dev.unison.feedback.repository;

/** Complaints, bug reports and praise of one group (department, channel or period start). */
public record GroupCounts(String key, long complaints, long bugReports, long praise) {
}
