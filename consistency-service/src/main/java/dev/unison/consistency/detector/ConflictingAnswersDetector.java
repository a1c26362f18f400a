package dev.unison.consistency.detector;

import dev.unison.consistency.answer.Agreement;
import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.answer.Reading;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Touch;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * conflicting-answers, per customer: two departments gave one customer different answers (by value) to the same
 * question. Keeps, per customer and question, the last answer of each department. When the company registered a
 * canonical fact for the question, the alert names the department(s) departing from it.
 */
public class ConflictingAnswersDetector extends Detector<Touch> {
    public static final String STORE = "conflicting-answers-by-customer";
    /** Departments' answers remembered per customer and question (the least recently answering goes first). */
    static final int MAX_DEPARTMENTS = 50;

    /** One department's latest answer to one question, and how it was read ({@code normalized}: its key). */
    public record Given(String customerId, String department, String normalized, String answer, Evidence evidence,
                        Reading reading) {
        public static Given of(Touch touch, AnswerReader answers) {
            Reading reading = answers.read(touch.data().answer(), touch.data().value(), touch.source());
            return new Given(touch.customerId(), touch.data().department(), reading.key(), touch.data().answer(),
                    Evidences.of(touch), reading);
        }
    }

    /** The last answer of each department to one question, for one customer. */
    public record Answers(Map<String, Given> byDepartment) {
    }

    private KeyValueStore<String, Answers> answers;
    private final AnswerReader reader;
    private final DetectorMetrics metrics;

    public ConflictingAnswersDetector(DetectorSupport support) {
        super(Rule.CONFLICTING_ANSWERS, support);
        this.reader = support.answers();
        this.metrics = support.metrics();
    }

    @Override
    protected void open(Binding binding) {
        answers = binding.store(STORE);
    }

    @Override
    public void evaluate(String key, Touch touch, long timestamp) {
        if (!EventTypes.ANSWER_GIVEN.equals(touch.type())) {
            return;
        }
        String answersKey = touch.customerId() + "|" + touch.data().question();
        Answers known = answers.get(answersKey);
        Map<String, Given> byDepartment = known == null ? new LinkedHashMap<>() : known.byDepartment();
        Given given = Given.of(touch, reader);
        if (live()) {
            metrics.answer(touch.data().value() != null && !touch.data().value().isNull() ? "structured"
                    : given.reading().isRead() ? "read" : "unread");
        }
        Fact fact = fact(touch.data().question());
        for (Given other : byDepartment.values()) {
            if (other.department().equals(given.department())) {
                continue;
            }
            switch (Agreement.of(other.reading(), given.reading())) {
                case DIFFERENT -> emit(conflict(touch.data().question(), other, given, fact), timestamp);
                case NOT_COMPARABLE -> emit(notComparable(touch.data().question(), other, given), timestamp);
                default -> {
                    // the same answer in other words
                }
            }
        }
        Bounded.touch(byDepartment, given.department(), given, MAX_DEPARTMENTS);
        answers.put(answersKey, new Answers(byDepartment));
    }

    private Alert conflict(String question, Given earlier, Given now, Fact fact) {
        List<String> wrong = new ArrayList<>();
        String canonical = "";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("question", question);
        if (fact != null) {
            for (Given g : List.of(earlier, now)) {
                if (Agreement.of(g.reading(), fact.reading()) != Agreement.SAME) {
                    wrong.add(g.department());
                }
            }
            canonical = "; the canonical answer is \"" + fact.answer() + "\", which " + String.join(" and ", wrong)
                    + " departed from";
            details.put("canonicalAnswer", fact.answer());
            details.put("departsFromCanonical", wrong);
        }
        details.put("readings", readings(earlier, now, fact));
        String summary = capitalize(earlier.department()) + " told customer " + now.customerId() + " \""
                + earlier.answer() + "\" about " + question + " but " + now.department() + " told them \""
                + now.answer() + "\"" + canonical + ": agree on one answer and correct it with the customer.";
        return alert(now.customerId(), List.of(earlier.department(), now.department()), question, summary,
                List.of(earlier.evidence(), now.evidence()), now.evidence().time(), details,
                "customer", ordered(earlier.evidence().id(), now.evidence().id()));
    }

    /** Two departments' answers to one customer that could not be compared: a finding to review, not a conflict. */
    private Alert notComparable(String question, Given earlier, Given now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("question", question);
        details.put("readings", readings(earlier, now, null));
        String summary = capitalize(earlier.department()) + " told customer " + now.customerId() + " \""
                + earlier.answer() + "\" about " + question + " and " + now.department() + " told them \""
                + now.answer() + "\": the answers could not be compared (" + earlier.department() + ": "
                + earlier.reading().means() + "; " + now.department() + ": " + now.reading().means()
                + "). Check that they agree; a structured value with the answer makes it comparable.";
        return alert(Rule.ANSWERS_NOT_COMPARABLE, now.customerId(), List.of(earlier.department(), now.department()),
                question, summary, List.of(earlier.evidence(), now.evidence()), now.evidence().time(), details,
                "customer", ordered(earlier.evidence().id(), now.evidence().id()));
    }

    /** How each answer was read, by department (the other may be null), and the canonical answer's reading. */
    static Map<String, Reading> readings(Given one, Given other, Fact fact) {
        Map<String, Reading> readings = new LinkedHashMap<>();
        readings.put(one.department(), one.reading());
        if (other != null) {
            readings.put(other.department(), other.reading());
        }
        if (fact != null) {
            readings.put("canonical", fact.reading());
        }
        return readings;
    }
}
