package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Touch;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * renewal-only-contact: the company reaches out about renewal, or (checked by wall-clock punctuation) a renewal date
 * comes within the notice period, and the company made no other outbound, non-renewal contact in the look-back
 * period. Keeps, per customer, the contract's renewal date, the last other outbound contact, each department's last
 * outbound contact, and the renewal cycles already alerted (one alert per cycle). The alert names the departments that
 * contacted the customer in the look-back and the one that owns the account: the department that last updated the
 * contract (the rule's {@code owners} setting names more).
 */
public class RenewalOnlyContactDetector extends Detector<Touch> {
    public static final String STORE = "renewal-only-contact";
    /** Renewal dates: key = date + separator + customer, so the punctuation reads only the dates now in notice. */
    public static final String DATES_STORE = "renewal-only-contact-dates";
    /** Renewal cycles remembered as alerted per customer (the oldest go first). */
    static final int MAX_CYCLES = 24;
    /** Departments whose last outbound contact is remembered per customer (the least recent goes first). */
    static final int MAX_DEPARTMENTS = 20;
    private static final Set<String> CONTACT_KINDS = Set.of(EventTypes.MESSAGE_SENT, EventTypes.CONTACT,
            EventTypes.ANSWER_GIVEN);

    /** What the rule knows of one customer. */
    public record Renewal(String contractId, LocalDate renewsOn, Evidence contract, OffsetDateTime lastOtherContact,
                          Evidence otherContact, Set<String> alertedCycles, Map<String, OffsetDateTime> contacts) {
        Renewal withContract(Touch t) {
            return new Renewal(t.data().contractId(), t.data().renewsOn(), Evidences.of(t), lastOtherContact,
                    otherContact, alertedCycles, contacts);
        }

        Renewal withOtherContact(Touch t) {
            if (lastOtherContact != null && lastOtherContact.isAfter(t.time())) {
                return this;
            }
            return new Renewal(contractId, renewsOn, contract, t.time(), Evidences.of(t), alertedCycles, contacts);
        }

        /** Remembers the department's outbound contact, if it is its latest. */
        void contacted(Touch t) {
            OffsetDateTime known = contacts.get(t.data().department());
            if (known == null || known.isBefore(t.time())) {
                Bounded.touch(contacts, t.data().department(), t.time(), MAX_DEPARTMENTS);
            }
        }

        boolean noOtherContactSince(OffsetDateTime since) {
            return lastOtherContact == null || lastOtherContact.isBefore(since);
        }

        /** The departments that contacted the customer at or after {@code since}, and the contract's department. */
        Set<String> involved(OffsetDateTime since) {
            Set<String> departments = new TreeSet<>();
            contacts.forEach((department, at) -> {
                if (!at.isBefore(since)) {
                    departments.add(department);
                }
            });
            if (contract != null && contract.department() != null) {
                departments.add(contract.department());
            }
            return departments;
        }
    }

    private final Duration punctuateEvery;
    private KeyValueStore<String, Renewal> renewals;
    private KeyValueStore<String, String> dates;

    public RenewalOnlyContactDetector(DetectorSupport support) {
        super(Rule.RENEWAL_ONLY_CONTACT, support);
        this.punctuateEvery = support.punctuateEvery();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        context.schedule(punctuateEvery, PunctuationType.WALL_CLOCK_TIME, this::renewalsDue);
    }

    @Override
    protected void open(Binding binding) {
        renewals = binding.store(STORE);
        dates = binding.store(DATES_STORE);
    }

    @Override
    public void evaluate(String key, Touch touch, long timestamp) {
        boolean contract = EventTypes.CONTRACT_UPDATED.equals(touch.type());
        if (!contract && (!CONTACT_KINDS.contains(touch.type()) || !"outbound".equals(touch.data().direction()))) {
            return;
        }
        String customer = touch.customerId();
        Renewal known = renewals.get(customer);
        Renewal state = known != null ? known
                : new Renewal(null, null, null, null, null, new LinkedHashSet<>(), new LinkedHashMap<>());
        if (contract) {
            Renewal updated = state.withContract(touch);
            if (state.renewsOn() != null && !state.renewsOn().equals(updated.renewsOn())) {
                dates.delete(dateKey(state.renewsOn(), customer));
            }
            if (updated.renewsOn() != null) {
                dates.put(dateKey(updated.renewsOn(), customer), customer);
            }
            renewals.put(customer, updated);
            return;
        }
        state.contacted(touch);
        if (!"renewal".equals(touch.data().purpose())) {
            renewals.put(customer, state.withOtherContact(touch));
            return;
        }
        RuleSettings settings = settings();
        String cycle = state.renewsOn() != null ? state.renewsOn().toString() : "outreach:" + touch.id();
        if (!state.alertedCycles().contains(cycle)
                && state.noOtherContactSince(touch.time().minus(settings.lookBack()))) {
            List<Evidence> evidence = new ArrayList<>();
            if (state.contract() != null) {
                evidence.add(state.contract());
            }
            evidence.add(Evidences.of(touch));
            String summary = capitalize(touch.data().department())
                    + " contacted customer " + customer + " about renewal, but the company made no other outbound "
                    + "contact in the last " + settings.lookBack().toDays() + " days: call them about something "
                    + "besides the renewal.";
            Set<String> departments = state.involved(touch.time().minus(settings.lookBack()));
            emit(alert(customer, departments, "outreach", summary, evidence, touch.time(),
                    Map.of("cycle", cycle, "lookBackDays", settings.lookBack().toDays()), cycle),
                    timestamp);
            state.alertedCycles().add(cycle);
            Bounded.keepLast(state.alertedCycles(), MAX_CYCLES);
        }
        renewals.put(customer, state);
    }

    private static String dateKey(LocalDate date, String customer) {
        return date.toString() + TimedKeys.SEP + customer;
    }

    /** Alerts every customer whose renewal date is within the notice period and who heard nothing else lately. */
    void renewalsDue(long wallClock) {
        RuleSettings settings = settings();
        OffsetDateTime now = Instant.ofEpochMilli(wallClock).atOffset(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        // dates gone by can no longer fall due; the dates within the notice period are the only candidates
        TimedKeys.keysUpTo(dates, "", today.toString()).forEach(dates::delete);
        List<KeyValue<String, Renewal>> due = new ArrayList<>();
        String lastDate = today.plusDays(settings.noticePeriod().toDays()).toString() + (char) (TimedKeys.SEP + 1);
        for (String key : TimedKeys.keysUpTo(dates, today.toString(), lastDate)) {
            String customer = TimedKeys.afterFirst(key);
            Renewal r = renewals.get(customer);
            if (r != null && r.renewsOn() != null && !today.isAfter(r.renewsOn())
                    && !today.isBefore(r.renewsOn().minusDays(settings.noticePeriod().toDays()))
                    && !r.alertedCycles().contains(r.renewsOn().toString())
                    && r.noOtherContactSince(now.minus(settings.lookBack()))) {
                due.add(KeyValue.pair(customer, r));
            }
        }
        for (KeyValue<String, Renewal> entry : due) {
            Renewal r = entry.value;
            String cycle = r.renewsOn().toString();
            String summary = "Customer " + entry.key + "'s contract " + r.contractId() + " renews on " + cycle
                    + " and the company made no outbound contact in the last " + settings.lookBack().toDays()
                    + " days: reach out about something besides the renewal before it is due.";
            emit(alert(entry.key, r.involved(now.minus(settings.lookBack())), "renewal-due", summary,
                    List.of(r.contract()), now,
                    Map.of("cycle", cycle, "renewsOn", cycle), cycle), wallClock);
            r.alertedCycles().add(cycle);
            Bounded.keepLast(r.alertedCycles(), MAX_CYCLES);
            renewals.put(entry.key, r);
        }
    }
}
