package dev.unison.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.List;

/**
 * The data of a customer-touch event. Common fields are always present; the others belong to the event's kind
 * (see the schema of each kind) and are null otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TouchData(
        String customerId,
        String department,
        String channel,
        String direction,
        String initiatedBy,
        Agent agent,
        String caseId,
        // answer-given
        String question,
        String answer,
        JsonNode value,
        // info-requested, info-provided
        List<String> fields,
        // message-sent, contact
        String contentKey,
        String subject,
        String purpose,
        String summary,
        // case-*
        String fromDepartment,
        String toDepartment,
        String issueKey,
        String resolution,
        // approval-*
        String approvalId,
        String approver,
        // contract-updated
        String contractId,
        LocalDate renewsOn) {

    /** Who started the touch; when the producer does not say, inbound touches are the customer's. */
    public String initiator() {
        if (initiatedBy != null) {
            return initiatedBy;
        }
        return "inbound".equals(direction) ? "customer" : "company";
    }

    public boolean automated() {
        return agent != null && agent.automated();
    }
}
