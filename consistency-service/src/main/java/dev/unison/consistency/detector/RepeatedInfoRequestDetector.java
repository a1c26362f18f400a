package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Touch;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * repeated-info-request: a department asks a customer for fields the customer already gave any department, or that
 * were already asked for within the window. Keeps, per customer, who last received and who last asked for each field.
 * The alert names the department that asked again and every department that already holds (or asked for) a field.
 */
public class RepeatedInfoRequestDetector extends Detector<Touch> {
    public static final String STORE = "repeated-info-request";
    /** Fields remembered per customer, given and asked for each (oldest first out); of one event, the first count. */
    static final int MAX_FIELDS = 100;

    /** Which department received or asked for a field, and when. */
    public record FieldEvent(String department, OffsetDateTime time, Evidence evidence) {
    }

    /** Per field: the last time the customer provided it and the last time someone asked for it. */
    public record Ledger(Map<String, FieldEvent> provided, Map<String, FieldEvent> requested) {
    }

    private KeyValueStore<String, Ledger> ledgers;

    public RepeatedInfoRequestDetector(DetectorSupport support) {
        super(Rule.REPEATED_INFO_REQUEST, support);
    }

    @Override
    protected void open(Binding binding) {
        ledgers = binding.store(STORE);
    }

    @Override
    public void evaluate(String key, Touch touch, long timestamp) {
        boolean provided = EventTypes.INFO_PROVIDED.equals(touch.type());
        if (!provided && !EventTypes.INFO_REQUESTED.equals(touch.type())) {
            return;
        }
        Ledger known = ledgers.get(touch.customerId());
        Ledger ledger = known != null ? known : new Ledger(new LinkedHashMap<>(), new LinkedHashMap<>());
        FieldEvent now = new FieldEvent(touch.data().department(), touch.time(), Evidences.of(touch));
        List<String> fields = Bounded.first(touch.data().fields(), MAX_FIELDS);
        if (provided) {
            fields.forEach(f -> Bounded.touch(ledger.provided(), f, now, MAX_FIELDS));
        } else {
            checkRequest(timestamp, touch, fields, ledger);
            fields.forEach(f -> Bounded.touch(ledger.requested(), f, now, MAX_FIELDS));
        }
        ledgers.put(touch.customerId(), ledger);
    }

    private void checkRequest(long timestamp, Touch touch, List<String> fields, Ledger ledger) {
        OffsetDateTime since = touch.time().minus(settings().window());
        Map<String, Object> holders = new LinkedHashMap<>();
        Set<String> departments = new LinkedHashSet<>();
        departments.add(touch.data().department());
        Set<Evidence> evidence = new LinkedHashSet<>();
        List<String> phrases = new ArrayList<>();
        for (String field : fields) {
            FieldEvent given = ledger.provided().get(field);
            FieldEvent asked = ledger.requested().get(field);
            if (given != null) {
                holders.put(field, Map.of("providedTo", given.department(), "at", given.time().toString()));
                evidence.add(given.evidence());
                departments.add(given.department());
                phrases.add(field + " (given to " + given.department() + " on " + given.time().toLocalDate() + ")");
            } else if (asked != null && !asked.time().isBefore(since)) {
                holders.put(field, Map.of("requestedBy", asked.department(), "at", asked.time().toString()));
                evidence.add(asked.evidence());
                departments.add(asked.department());
                phrases.add(field + " (already asked for by " + asked.department() + " on "
                        + asked.time().toLocalDate() + ")");
            }
        }
        if (holders.isEmpty()) {
            return;
        }
        Evidence request = Evidences.of(touch);
        evidence.add(request);
        String department = touch.data().department();
        String summary = capitalize(department) + " asked customer " + touch.customerId()
                + " again for " + String.join(", ", phrases) + ": take it from there instead of asking the customer.";
        emit(alert(touch.customerId(), departments, department + ":" + String.join(",", holders.keySet()),
                summary, List.copyOf(evidence), touch.time(), Map.of("fields", holders), touch.id(), touch.source()),
                timestamp);
    }
}
