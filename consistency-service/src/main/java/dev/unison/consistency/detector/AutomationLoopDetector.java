package dev.unison.consistency.detector;

import dev.unison.consistency.service.Rule;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Touch;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * automation-loop: a customer's last {@code threshold} requests each got an automated answer (bot, auto-responder)
 * and no person. A request is an inbound touch the customer started; its answer is the company's next outbound
 * touch. A person answering ends the streak. Keeps, per customer, the pending request and the current streak.
 */
public class AutomationLoopDetector extends Detector<Touch> {
    public static final String STORE = "automation-loop";
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

    private KeyValueStore<String, Loop> loops;

    public AutomationLoopDetector(DetectorSupport support) {
        super(Rule.AUTOMATION_LOOP, support);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        loops = store(STORE);
    }

    @Override
    public void process(Record<String, Touch> record) {
        Touch touch = record.value();
        if (INTERNAL.contains(touch.type())) {
            return;
        }
        String customer = touch.customerId();
        Loop known = loops.get(customer);
        Loop loop = known != null ? known : new Loop(null, new ArrayList<>(), false);
        boolean inbound = "inbound".equals(touch.data().direction());
        if (inbound && "customer".equals(touch.data().initiator())) {
            loops.put(customer, new Loop(Evidences.of(touch), loop.streak(), loop.alerted()));
            return;
        }
        if (inbound || loop.pending() == null) {
            return;
        }
        if (!touch.data().automated()) {
            loops.put(customer, new Loop(null, new ArrayList<>(), false));
            return;
        }
        List<Exchange> streak = loop.streak();
        streak.add(new Exchange(loop.pending(), Evidences.of(touch)));
        Bounded.keepLast(streak, MAX_STREAK);
        boolean alerted = loop.alerted();
        if (!alerted && streak.size() >= settings().threshold()) {
            emit(loopAlert(customer, streak, touch), record.timestamp());
            alerted = true;
        }
        loops.put(customer, new Loop(null, alerted ? new ArrayList<>() : streak, alerted));
    }

    private Alert loopAlert(String customer, List<Exchange> streak, Touch last) {
        Set<String> departments = new LinkedHashSet<>();
        List<Evidence> evidence = new ArrayList<>();
        for (Exchange e : streak) {
            departments.add(e.answer().department());
            evidence.add(e.request());
            evidence.add(e.answer());
        }
        String summary = "Customer " + customer + "'s last " + streak.size() + " requests got only automated "
                + "answers (from " + String.join(", ", departments) + "): have a person answer them.";
        return alert(customer, departments, "automated", summary, evidence, last.time(),
                Map.of("requests", streak.size(), "channel", String.valueOf(last.data().channel())),
                streak.get(0).request().id());
    }
}
