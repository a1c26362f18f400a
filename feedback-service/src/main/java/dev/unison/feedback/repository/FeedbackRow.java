package dev.unison.feedback.repository;

import java.time.OffsetDateTime;
import java.util.List;

/** One feedback event as stored: the columns the analytics use, and the whole data as JSON text. */
public record FeedbackRow(String source, String id, String type, String kind, String customerId, String department,
                          String channel, String agentId, String caseId, String metric, Integer score, String bugKey,
                          String release, List<String> fixes, OffsetDateTime occurredAt, String dataJson) {
}
