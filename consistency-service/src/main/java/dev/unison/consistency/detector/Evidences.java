package dev.unison.consistency.detector;

import dev.unison.contracts.Evidence;
import dev.unison.contracts.Feedback;
import dev.unison.contracts.FeedbackData;
import dev.unison.contracts.Touch;
import dev.unison.contracts.TouchData;

/**
 * The evidence entry of an event: which event, from which department, when, and what was said or done. What was said
 * is cut at {@value #MAX_SAID} characters: evidence is kept in detector state, often once per field or answer, and a
 * long list of fields or a long answer must not make a customer's state large.
 */
public final class Evidences {
    /** Longest text of what was said or done that evidence keeps; longer text is cut and says how long it was. */
    public static final int MAX_SAID = 300;

    private Evidences() {
    }

    public static Evidence of(Touch touch) {
        return new Evidence(touch.id(), touch.source(), touch.type(), touch.data().department(), touch.time(),
                cut(said(touch)));
    }

    public static Evidence of(Feedback feedback) {
        FeedbackData d = feedback.data();
        String said = switch (feedback.kind()) {
            case "bug-report" -> "reported bug " + d.bugKey() + (d.summary() != null ? ": " + d.summary() : "");
            case "bug-acknowledged" -> "acknowledged bug " + d.bugKey();
            case "shipped" -> "shipped release " + d.release() + " fixing " + d.fixes();
            default -> d.comment() != null ? d.comment() : d.summary();
        };
        return new Evidence(feedback.id(), feedback.source(), feedback.type(), d.department(), feedback.time(),
                cut(said));
    }

    /** The text, or its first {@value #MAX_SAID} characters (never half a surrogate pair) and how long it was. */
    static String cut(String said) {
        if (said == null || said.length() <= MAX_SAID) {
            return said;
        }
        int end = Character.isHighSurrogate(said.charAt(MAX_SAID - 1)) ? MAX_SAID - 1 : MAX_SAID;
        return said.substring(0, end) + "… (" + said.length() + " characters)";
    }

    private static String said(Touch touch) {
        TouchData d = touch.data();
        return switch (touch.kind()) {
            case "answer-given" -> d.question() + ": " + d.answer();
            case "info-requested" -> "asked for " + String.join(", ", d.fields());
            case "info-provided" -> "provided " + String.join(", ", d.fields());
            case "message-sent" -> (d.purpose() != null ? d.purpose() + " message " : "message ") + d.contentKey()
                    + (d.subject() != null ? " \"" + d.subject() + "\"" : "");
            case "contact" -> (d.purpose() != null ? d.purpose() + " contact" : "contact")
                    + (d.summary() != null ? ": " + d.summary() : "");
            case "case-opened" -> "opened case " + d.caseId() + (d.issueKey() != null ? " for " + d.issueKey() : "");
            case "case-transferred" -> "handed case " + d.caseId() + " from " + d.fromDepartment() + " to "
                    + d.toDepartment();
            case "case-closed" -> "closed case " + d.caseId();
            case "approval-requested" -> "requested approval " + d.approvalId()
                    + (d.approver() != null ? " from " + d.approver() : "");
            case "approval-granted" -> "granted approval " + d.approvalId();
            case "contract-updated" -> "contract " + d.contractId() + " renews on " + d.renewsOn();
            default -> touch.kind();
        };
    }
}
