package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Touch;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * automation-loop: a customer's last {@code threshold} requests each got an automated answer (bot, auto-responder)
 * and no person. A request is an inbound touch the customer started; its answer is the company's next outbound
 * touch. A person answering ends the streak.
 * <p>
 * Grace period: the loop is alerted only when no person joins the conversation (a non-automated outbound touch)
 * within {@code gracePeriod} (PT15M) of the automated answer that completed the streak, by event time. The alert is
 * due at that answer's time plus the grace period and is raised by whichever comes first: a later touch of the
 * customer with an event time at or after the due time (the customer's own timeline moved past it with no person),
 * or the wall-clock check every {@code consistency.punctuate-every} once the due time has passed. A person joining
 * before the due time cancels it; one joining after the alert went out does not withdraw it. {@code gracePeriod=PT0S}
 * alerts at once. {@code detectedAt} is the due time, so a reprocessed alert is identical.
 * <p>
 * Keeps, per customer, the pending request and the current streak; {@link #DUE_STORE} indexes the loops waiting out
 * their grace period by due time, so the wall-clock check reads only what is due.
 */
public class AutomationLoopDetector extends Detector<Touch> {
    public static final String STORE = "automation-loop";
    /** Loops waiting out their grace period: key = due time + separator + customer. */
    public static final String DUE_STORE = "automation-loop-due";
    /** Automated exchanges remembered per customer in the current streak (the oldest go first). */
    static final int MAX_STREAK = 50;
    private static final Set<String> INTERNAL = Set.of(EventTypes.CONTRACT_UPDATED, EventTypes.APPROVAL_REQUESTED,
            EventTypes.APPROVAL_GRANTED, EventTypes.CASE_TRANSFERRED, EventTypes.CASE_CLOSED, EventTypes.INFO_PROVIDED);

    /** A request and the automated answer it got. */
    public record Exchange(Evidence request, Evidence answer) {
    }

    /** The customer's unanswered request, if any, and the automated exchanges in a row. */
    public record Loop(Evidence pending, List<Exchange> streak, boolean alerted) {
    }

    private final Duration punctuateEvery;
    private KeyValueStore<String, Loop> loops;
    private KeyValueStore<String, String> due;

    public AutomationLoopDetector(DetectorSupport support) {
        super(Rule.AUTOMATION_LOOP, support);
        this.punctuateEvery = support.punctuateEvery();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        context.schedule(punctuateEvery, PunctuationType.WALL_CLOCK_TIME, this::loopsDue);
    }

    @Override
    protected void open(Binding binding) {
        loops = binding.store(STORE);
        due = binding.store(DUE_STORE);
    }

    @Override
    public void evaluate(String key, Touch touch, long timestamp) {
        if (INTERNAL.contains(touch.type())) {
            return;
        }
        String customer = touch.customerId();
        Loop known = loops.get(customer);
        Loop loop = known != null ? known : new Loop(null, new ArrayList<>(), false);
        // the customer's timeline passed the end of the grace period with no person: the loop stands
        OffsetDateTime dueAt = dueAt(loop);
        boolean raised = dueAt != null && !touch.time().isBefore(dueAt);
        if (raised) {
            loop = raise(customer, loop, dueAt, timestamp);
        }
        boolean inbound = "inbound".equals(touch.data().direction());
        if (inbound && "customer".equals(touch.data().initiator())) {
            loops.put(customer, new Loop(Evidences.of(touch), loop.streak(), loop.alerted()));
            return;
        }
        if (inbound) {
            if (raised) {
                loops.put(customer, loop);
            }
            return;
        }
        if (!touch.data().automated()) {
            // a person answers, or joins the conversation: the streak (and a loop in its grace period) ends
            if (loop.pending() != null || dueAt(loop) != null || raised) {
                loops.put(customer, new Loop(null, new ArrayList<>(), false));
            }
            return;
        }
        if (loop.pending() == null) {
            if (raised) {
                loops.put(customer, loop);
            }
            return;
        }
        List<Exchange> streak = loop.streak();
        streak.add(new Exchange(loop.pending(), Evidences.of(touch)));
        Bounded.keepLast(streak, MAX_STREAK);
        loop = new Loop(null, streak, loop.alerted());
        OffsetDateTime newDue = dueAt(loop);
        if (newDue != null && !touch.time().isBefore(newDue)) {
            loop = raise(customer, loop, newDue, timestamp);
        } else if (newDue != null && dueAt == null) {
            due.put(dueKey(newDue, customer), customer);
        }
        loops.put(customer, loop);
    }

    /** When the loop's alert is due: the streak's last answer plus the grace period; null when nothing is due. */
    private OffsetDateTime dueAt(Loop loop) {
        if (loop.alerted() || loop.streak().isEmpty()) {
            return null;
        }
        RuleSettings settings = settings();
        if (loop.alerted() || loop.streak().size() < settings.threshold()) {
            return null;
        }
        Duration grace = settings.gracePeriod() == null ? Duration.ZERO : settings.gracePeriod();
        return loop.streak().get(loop.streak().size() - 1).answer().time().plus(grace);
    }

    private long graceMinutes() {
        return settings().gracePeriod() == null ? 0 : settings().gracePeriod().toMinutes();
    }

    /** Alerts the loop and starts over, remembering it was alerted until a person answers. */
    private Loop raise(String customer, Loop loop, OffsetDateTime at, long timestamp) {
        emit(loopAlert(customer, loop.streak(), at), timestamp);
        return new Loop(loop.pending(), new ArrayList<>(), true);
    }

    private static String dueKey(OffsetDateTime at, String customer) {
        return TimedKeys.timeKey(at.toInstant().toEpochMilli()) + TimedKeys.SEP + customer;
    }

    /** Alerts the loops whose grace period ended by the wall clock with no person joining. */
    void loopsDue(long wallClock) {
        for (String key : TimedKeys.keysUpTo(due, TimedKeys.timeKey(0), TimedKeys.timeKey(wallClock))) {
            due.delete(key);
            String customer = TimedKeys.afterFirst(key);
            Loop loop = loops.get(customer);
            OffsetDateTime dueAt = loop == null ? null : dueAt(loop);
            if (dueAt == null) {
                continue;
            }
            if (dueAt.toInstant().toEpochMilli() > wallClock) {
                due.put(dueKey(dueAt, customer), customer);
                continue;
            }
            loops.put(customer, raise(customer, loop, dueAt, wallClock));
        }
    }

    private Alert loopAlert(String customer, List<Exchange> streak, OffsetDateTime at) {
        Set<String> departments = new LinkedHashSet<>();
        List<Evidence> evidence = new ArrayList<>();
        for (Exchange e : streak) {
            departments.add(e.answer().department());
            evidence.add(e.request());
            evidence.add(e.answer());
        }
        String summary = "Customer " + customer + "'s last " + streak.size() + " requests got only automated "
                + "answers (from " + String.join(", ", departments) + ") and no person joined within "
                + graceMinutes() + " minutes: have a person answer them.";
        return alert(customer, departments, "automated", summary, evidence, at,
                Map.of("requests", streak.size()), streak.get(0).request().id());
    }
}
