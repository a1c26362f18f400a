package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Touch;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * duplicate-outreach: at least {@code threshold} departments send one customer the same content (same content key,
 * or same subject) within the window. Keeps, per customer, the outbound messages of the window.
 */
public class DuplicateOutreachDetector extends Detector<Touch> {
    public static final String STORE = "duplicate-outreach";
    /** Messages remembered per customer within the window (the oldest go first). */
    static final int MAX_MESSAGES = 100;

    /** One outbound message. */
    public record Sent(String contentKey, String subject, String department, Evidence evidence) {
        boolean sameContent(Sent other) {
            return contentKey.equals(other.contentKey) || (subject != null && subject.equals(other.subject));
        }
    }

    /** The outbound messages to one customer within the window. */
    public record Outbox(List<Sent> sent) {
    }

    private KeyValueStore<String, Outbox> outboxes;

    public DuplicateOutreachDetector(DetectorSupport support) {
        super(Rule.DUPLICATE_OUTREACH, support);
    }

    @Override
    protected void open(Binding binding) {
        outboxes = binding.store(STORE);
    }

    @Override
    public void evaluate(String key, Touch touch, long timestamp) {
        if (!EventTypes.MESSAGE_SENT.equals(touch.type()) || !"outbound".equals(touch.data().direction())) {
            return;
        }
        RuleSettings settings = settings();
        String subject = touch.data().subject() == null || touch.data().subject().isBlank() ? null
                : touch.data().subject().toLowerCase(Locale.ROOT).replaceAll("\\W+", " ").trim();
        Sent now = new Sent(touch.data().contentKey(), subject, touch.data().department(), Evidences.of(touch));
        OffsetDateTime since = touch.time().minus(settings.window());
        Outbox known = outboxes.get(touch.customerId());
        List<Sent> kept = new ArrayList<>();
        Map<String, Sent> sameContentBy = new LinkedHashMap<>();
        for (Sent s : known == null ? List.<Sent>of() : known.sent()) {
            if (s.evidence().time().isBefore(since)) {
                continue;
            }
            kept.add(s);
            if (s.sameContent(now)) {
                sameContentBy.put(s.department(), s);
            }
        }
        if (!sameContentBy.containsKey(now.department()) && sameContentBy.size() + 1 >= settings.threshold()) {
            sameContentBy.put(now.department(), now);
            TreeSet<String> senders = new TreeSet<>(sameContentBy.keySet());
            List<Evidence> evidence = sameContentBy.values().stream().map(Sent::evidence).toList();
            String summary = "Customer " + touch.customerId() + " got the same message \""
                    + (touch.data().subject() != null ? touch.data().subject() : now.contentKey()) + "\" from "
                    + senders.size() + " departments (" + String.join(", ", senders) + ") within "
                    + settings.window().toHours() + " hours: agree who sends it.";
            emit(alert(touch.customerId(), senders, now.contentKey(), summary, evidence, touch.time(),
                    Map.of("contentKey", now.contentKey()), now.contentKey(), String.join(",", senders)),
                    timestamp);
        }
        kept.add(now);
        Bounded.keepLast(kept, MAX_MESSAGES);
        outboxes.put(touch.customerId(), new Outbox(kept));
    }
}
