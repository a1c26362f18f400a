package dev.unison.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The data of a feedback event; fields not of the event's kind are null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackData(
        String customerId,
        String department,
        String channel,
        Agent agent,
        String caseId,
        String comment,
        // survey
        String metric,
        Integer score,
        // complaint, bug-report, praise
        String summary,
        String bugKey,
        // release-shipped
        String release,
        List<String> fixes) {
}
