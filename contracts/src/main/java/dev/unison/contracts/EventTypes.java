package dev.unison.contracts;

import java.util.List;

/** The CloudEvent types of the contracts. Each has a JSON Schema named {@code <type>.json} under /schemas. */
public final class EventTypes {
    public static final String TOUCH_PREFIX = "cx.touch.";

    public static final String ANSWER_GIVEN = "cx.touch.answer-given";
    public static final String INFO_REQUESTED = "cx.touch.info-requested";
    public static final String INFO_PROVIDED = "cx.touch.info-provided";
    public static final String MESSAGE_SENT = "cx.touch.message-sent";
    public static final String CONTACT = "cx.touch.contact";
    public static final String CASE_OPENED = "cx.touch.case-opened";
    public static final String CASE_TRANSFERRED = "cx.touch.case-transferred";
    public static final String CASE_CLOSED = "cx.touch.case-closed";
    public static final String APPROVAL_REQUESTED = "cx.touch.approval-requested";
    public static final String APPROVAL_GRANTED = "cx.touch.approval-granted";
    public static final String CONTRACT_UPDATED = "cx.touch.contract-updated";

    public static final String SURVEY = "cx.feedback.survey";
    public static final String COMPLAINT = "cx.feedback.complaint";
    public static final String BUG_REPORT = "cx.feedback.bug-report";
    public static final String PRAISE = "cx.feedback.praise";
    public static final String BUG_ACKNOWLEDGED = "cx.feedback.bug-acknowledged";
    public static final String RELEASE_SHIPPED = "cx.release.shipped";

    public static final List<String> TOUCHES = List.of(ANSWER_GIVEN, INFO_REQUESTED, INFO_PROVIDED, MESSAGE_SENT,
            CONTACT, CASE_OPENED, CASE_TRANSFERRED, CASE_CLOSED, APPROVAL_REQUESTED, APPROVAL_GRANTED, CONTRACT_UPDATED);

    public static final List<String> FEEDBACK = List.of(SURVEY, COMPLAINT, BUG_REPORT, PRAISE, BUG_ACKNOWLEDGED,
            RELEASE_SHIPPED);

    private EventTypes() {
    }

    /** {@code cx.touch.answer-given} → {@code answer-given}. */
    public static String kind(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }
}
