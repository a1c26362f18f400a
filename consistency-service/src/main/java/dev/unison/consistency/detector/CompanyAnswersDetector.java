package dev.unison.consistency.detector;

import dev.unison.consistency.detector.ConflictingAnswersDetector.Given;
import dev.unison.consistency.service.Fact;
import dev.unison.consistency.service.FactBook;
import dev.unison.consistency.service.Rule;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Touch;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * conflicting-answers, company-wide: reads answers repartitioned by question key. When the company registered a
 * canonical fact for the question, any answer that departs from it alerts the answering department, naming the
 * canonical answer. Otherwise two departments that gave different customers different answers within the window
 * alert both. Keeps, per question, the latest answer of each (department, value) within the window.
 */
public class CompanyAnswersDetector extends Detector<Touch> {
    public static final String STORE = "conflicting-answers-by-question";

    /** The recent answers to one question, at most one per (department, value). */
    public record Recent(List<Given> answers) {
    }

    private KeyValueStore<String, Recent> recent;
    private FactBook facts;

    public CompanyAnswersDetector(DetectorSupport support) {
        super(Rule.CONFLICTING_ANSWERS, support);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        recent = store(STORE);
        facts = FactBook.of(context);
    }

    @Override
    public void process(Record<String, Touch> record) {
        Touch touch = record.value();
        String question = touch.data().question();
        Given given = Given.of(touch);
        Fact fact = facts.get(question);
        if (fact != null) {
            if (!fact.normalized().equals(given.normalized())) {
                emit(departsFromFact(question, given, fact), record.timestamp());
            }
        }

        OffsetDateTime since = touch.time().minus(settings().window());
        Recent known = recent.get(question);
        List<Given> kept = new ArrayList<>();
        Map<String, Given> conflicting = new LinkedHashMap<>();
        for (Given other : known == null ? List.<Given>of() : known.answers()) {
            if (other.evidence().time().isBefore(since)) {
                continue;
            }
            boolean sameSlot = other.department().equals(given.department())
                    && other.normalized().equals(given.normalized());
            if (!sameSlot) {
                kept.add(other);
            }
            if (fact == null && !other.customerId().equals(given.customerId())
                    && !other.department().equals(given.department())
                    && !other.normalized().equals(given.normalized())) {
                conflicting.put(other.department() + "|" + other.normalized(), other);
            }
        }
        for (Given other : conflicting.values()) {
            emit(acrossCustomers(question, other, given), record.timestamp());
        }
        kept.add(given);
        recent.put(question, new Recent(kept));
    }

    private Alert departsFromFact(String question, Given given, Fact fact) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("question", question);
        details.put("canonicalAnswer", fact.answer());
        details.put("departsFromCanonical", List.of(given.department()));
        String summary = capitalize(given.department()) + " told customer "
                + given.customerId() + " \"" + given.answer() + "\" about " + question
                + ", which departs from the company's canonical answer \"" + fact.answer()
                + "\": correct it with the customer.";
        return alert(given.customerId(), List.of(given.department()), question + ":canonical", summary,
                List.of(given.evidence()), given.evidence().time(), details,
                "canonical", given.evidence().id(), fact.normalized());
    }

    /**
     * An alert on the customer of the later of the two answers (by event time, then id), so the alert and its id do
     * not depend on which partition's answer reached this processor first.
     */
    private Alert acrossCustomers(String question, Given one, Given other) {
        boolean oneFirst = one.evidence().time().isBefore(other.evidence().time())
                || (one.evidence().time().isEqual(other.evidence().time())
                && one.evidence().id().compareTo(other.evidence().id()) <= 0);
        Given earlier = oneFirst ? one : other;
        Given now = oneFirst ? other : one;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("question", question);
        details.put("otherCustomerId", earlier.customerId());
        String summary = capitalize(earlier.department()) + " told customer "
                + earlier.customerId() + " \"" + earlier.answer() + "\" about " + question + " but "
                + now.department() + " told customer " + now.customerId() + " \"" + now.answer()
                + "\" within " + settings().window().toDays() + " days: agree on one answer for every customer.";
        return alert(now.customerId(), List.of(earlier.department(), now.department()), question, summary,
                List.of(earlier.evidence(), now.evidence()), now.evidence().time(), details,
                "company", ordered(earlier.evidence().id(), now.evidence().id()));
    }
}
