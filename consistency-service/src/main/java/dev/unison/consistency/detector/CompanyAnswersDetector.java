package dev.unison.consistency.detector;

import dev.unison.consistency.answer.Agreement;
import dev.unison.consistency.detector.ConflictingAnswersDetector.Given;
import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.Alert;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * conflicting-answers, company-wide: reads answers repartitioned by question key. When the company registered a
 * canonical fact for the question, any answer that departs from it alerts the answering department, naming the
 * canonical answer. Otherwise two departments that gave different customers different answers within the window
 * alert both, once per contradiction and window; a customer who got both answers is left to the per-customer
 * detector. Keeps, per question, the latest answer of each (department, value) within the window, and in a second
 * store one small entry per (question, department, value, customer) saying when that customer last got it, so the
 * per-question value stays small however many customers are told.
 */
public class CompanyAnswersDetector extends Detector<Given> {
    public static final String STORE = "conflicting-answers-by-question";
    public static final String TOLD_STORE = "conflicting-answers-told";
    /** Who-was-told entries read per wall-clock check: a bounded pause of the stream thread, however many there are. */
    static final int PRUNE_BATCH = 10_000;
    /** Answer slots (department, value) remembered per question within the window: the oldest go first. */
    static final int MAX_SLOTS = 100;
    /** Contradictions remembered as alerted per question within the window: the oldest go first. */
    static final int MAX_ALERTED = 500;
    private static final char SEP = TimedKeys.SEP;

    /** One department's answer of one value: the latest such answer. */
    public record Slot(Given latest) {
    }

    /**
     * The recent answers to one question, one slot per (department, value), and the contradictions already alerted
     * within the window (so one wrong answer is one alert, not one per customer who was told otherwise).
     */
    public record Recent(List<Slot> slots, Map<String, OffsetDateTime> alerted) {
    }

    private KeyValueStore<String, Recent> recent;
    private KeyValueStore<String, Long> told;
        /** The latest event time this processor saw: who-was-told entries hold event times, so they age by it. */
    private long latestEventTime = Long.MIN_VALUE;
    /** Where the next check of who-was-told entries goes on from (null: the first entry). */
    private String pruneFrom;
    private final Duration punctuateEvery;

    public CompanyAnswersDetector(DetectorSupport support) {
        super(Rule.CONFLICTING_ANSWERS, support);
        this.punctuateEvery = support.punctuateEvery();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        context.schedule(punctuateEvery, PunctuationType.WALL_CLOCK_TIME, this::forgetOutsideTheWindow);
    }

    @Override
    protected void open(Binding binding) {
        recent = binding.store(STORE);
        told = binding.store(TOLD_STORE);
    }

    @Override
    public void evaluate(String question, Given given, long timestamp) {
        Fact fact = fact(question);
        Agreement withFact = fact == null ? Agreement.SAME : Agreement.of(fact.reading(), given.reading());
        if (withFact == Agreement.DIFFERENT) {
            emit(departsFromFact(question, given, fact), timestamp);
        } else if (withFact == Agreement.NOT_COMPARABLE) {
            emit(notComparableWithFact(question, given, fact), timestamp);
        }

        OffsetDateTime since = given.evidence().time().minus(settings().window());
        Recent known = recent.get(question);
        List<Slot> slots = new ArrayList<>();
        Map<String, OffsetDateTime> alerted = new LinkedHashMap<>();
        Slot own = null;
        if (known != null) {
            known.alerted().forEach((key, at) -> {
                if (!at.isBefore(since)) {
                    alerted.put(key, at);
                }
            });
            for (Slot slot : known.slots()) {
                if (slot.latest().evidence().time().isBefore(since)) {
                    continue;
                }
                if (sameSlot(slot.latest(), given)) {
                    own = slot;
                } else {
                    slots.add(slot);
                }
            }
        }
        if (fact == null) {
            for (Slot other : slots) {
                Given earlier = other.latest();
                // answers that cannot be compared are left to the per-customer finding: no flood across customers
                if (earlier.department().equals(given.department())
                        || Agreement.of(earlier.reading(), given.reading()) != Agreement.DIFFERENT) {
                    continue;
                }
                String contradiction = contradiction(earlier, given);
                // a customer who got both answers is the per-customer detector's alert
                if (alerted.containsKey(contradiction) || toldWithin(question, earlier, given.customerId(), since)
                        || toldWithin(question, given, earlier.customerId(), since)) {
                    continue;
                }
                alerted.put(contradiction, given.evidence().time());
                emit(acrossCustomers(question, earlier, given), timestamp);
            }
        }
        String toldKey = toldKey(question, given, given.customerId());
        Long toldAt = told.get(toldKey);
        long at = given.evidence().time().toInstant().toEpochMilli();
        latestEventTime = Math.max(latestEventTime, at);
        if (toldAt == null || toldAt < at) {
            told.put(toldKey, at);
        }
        Given latest = own != null && own.latest().evidence().time().isAfter(given.evidence().time())
                ? own.latest() : given;
        slots.add(new Slot(latest));
        Bounded.keepLast(slots, MAX_SLOTS);
        Bounded.keepLast(alerted, MAX_ALERTED);
        recent.put(question, new Recent(slots, alerted));
    }

    /** Whether the customer got the slot's answer (department and value) at or after {@code since}. */
    private boolean toldWithin(String question, Given slot, String customerId, OffsetDateTime since) {
        Long at = told.get(toldKey(question, slot, customerId));
        return at != null && at >= since.toInstant().toEpochMilli();
    }

    private static String toldKey(String question, Given slot, String customerId) {
        return question + SEP + slot.department() + SEP + slot.normalized() + SEP + customerId;
    }

    /**
     * Drops who-was-told entries older than the window before the latest event time seen (record timestamps are
     * when events were sent, which says nothing of their event time when history is replayed), {@value #PRUNE_BATCH}
     * entries per check, going on where the last check stopped.
     */
    private void forgetOutsideTheWindow(long wallClock) {
        if (latestEventTime == Long.MIN_VALUE) {
            return;
        }
        pruneFrom = TimedKeys.deleteOlderThan(told, latestEventTime - settings().window().toMillis(), pruneFrom,
                PRUNE_BATCH);
    }

    private static boolean sameSlot(Given a, Given b) {
        return a.department().equals(b.department()) && a.normalized().equals(b.normalized());
    }

    /** "billing=duration:P14D|support=duration:P30D": which departments say what, in a fixed order. */
    private static String contradiction(Given a, Given b) {
        String x = a.department() + "=" + a.normalized();
        String y = b.department() + "=" + b.normalized();
        return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
    }

    private Alert departsFromFact(String question, Given given, Fact fact) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("question", question);
        details.put("canonicalAnswer", fact.answer());
        details.put("departsFromCanonical", List.of(given.department()));
        details.put("readings", ConflictingAnswersDetector.readings(given, null, fact));
        String summary = capitalize(given.department()) + " told customer "
                + given.customerId() + " \"" + given.answer() + "\" about " + question
                + ", which departs from the company's canonical answer \"" + fact.answer()
                + "\": correct it with the customer.";
        return alert(given.customerId(), List.of(given.department()), question + ":canonical", summary,
                List.of(given.evidence()), given.evidence().time(), details,
                "canonical", given.evidence().id(), fact.normalized());
    }

    private Alert notComparableWithFact(String question, Given given, Fact fact) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("question", question);
        details.put("canonicalAnswer", fact.answer());
        details.put("readings", ConflictingAnswersDetector.readings(given, null, fact));
        String summary = capitalize(given.department()) + " told customer " + given.customerId() + " \""
                + given.answer() + "\" about " + question + ", which could not be compared with the company's "
                + "canonical answer \"" + fact.answer() + "\" (" + given.reading().means() + "; canonical: "
                + fact.reading().means() + "). Check that it agrees; a structured value makes it comparable.";
        return alert(Rule.ANSWERS_NOT_COMPARABLE, given.customerId(), List.of(given.department()),
                question + ":canonical", summary, List.of(given.evidence()), given.evidence().time(), details,
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
        details.put("readings", ConflictingAnswersDetector.readings(earlier, now, null));
        String summary = capitalize(earlier.department()) + " told customer "
                + earlier.customerId() + " \"" + earlier.answer() + "\" about " + question + " but "
                + now.department() + " told customer " + now.customerId() + " \"" + now.answer()
                + "\" within " + settings().window().toDays() + " days: agree on one answer for every customer.";
        return alert(now.customerId(), List.of(earlier.department(), now.department()), question, summary,
                List.of(earlier.evidence(), now.evidence()), now.evidence().time(), details,
                "company", ordered(earlier.evidence().id(), now.evidence().id()));
    }
}
