package dev.unison.consistency.detector;

import dev.unison.consistency.service.Rule;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Feedback;
import dev.unison.contracts.FeedbackData;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * unacknowledged-bug: a customer's bug report is neither acknowledged (to that customer or to all) nor fixed over
 * {@code threshold} releases. Releases concern every bug, so bug reports, acknowledgements and releases are
 * repartitioned onto one key; the store holds, per bug key, the open reports and the releases shipped since each.
 */
public class UnacknowledgedBugDetector extends Detector<Feedback> {
    public static final String STORE = "unacknowledged-bug";
    public static final String HISTORY_STORE = "unacknowledged-bug-history";
    public static final String LEDGER_KEY = "bugs";
    private static final String HISTORY_KEY = "history";
    private static final int MAX_RELEASES = 100;
    static final List<String> DEPARTMENTS = List.of("product", "support");

    /** One customer's open report of a bug and the releases shipped since without acknowledging it. */
    public record Report(Evidence report, List<Evidence> releasesSince, boolean alerted) {
    }

    /** The open reports of one bug, by customer. */
    public record Bug(Map<String, Report> reports) {
    }

    /**
     * The latest releases and the bugs acknowledged to everyone, so a report that reaches the ledger after them
     * (reports, acknowledgements and releases come from different partitions) is judged by event time all the same.
     */
    public record History(List<Shipped> releases, Map<String, OffsetDateTime> acknowledgedToAll) {
    }

    /** A release and the bugs it fixes. */
    public record Shipped(Evidence release, List<String> fixes) {
    }

    private KeyValueStore<String, Bug> bugs;
    private KeyValueStore<String, History> history;

    public UnacknowledgedBugDetector(DetectorSupport support) {
        super(Rule.UNACKNOWLEDGED_BUG, support);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        bugs = store(STORE);
        history = store(HISTORY_STORE);
    }

    @Override
    public void process(Record<String, Feedback> record) {
        Feedback feedback = record.value();
        FeedbackData d = feedback.data();
        switch (feedback.type()) {
            case EventTypes.BUG_REPORT -> reported(record, feedback);
            case EventTypes.BUG_ACKNOWLEDGED -> acknowledge(feedback);
            case EventTypes.RELEASE_SHIPPED -> shipped(record, feedback);
            default -> {
            }
        }
    }

    private History history() {
        History known = history.get(HISTORY_KEY);
        return known != null ? known : new History(new ArrayList<>(), new LinkedHashMap<>());
    }

    /** Opens the report, counting the releases already shipped after it, unless it was acknowledged to all since. */
    private void reported(Record<String, Feedback> record, Feedback feedback) {
        FeedbackData d = feedback.data();
        History past = history();
        OffsetDateTime acknowledged = past.acknowledgedToAll().get(d.bugKey());
        Bug known = bugs.get(d.bugKey());
        Bug bug = known != null ? known : new Bug(new LinkedHashMap<>());
        List<Shipped> later = past.releases().stream()
                .filter(r -> r.release().time().isAfter(feedback.time())).toList();
        if ((acknowledged != null && acknowledged.isAfter(feedback.time())) || bug.reports().containsKey(d.customerId())
                || later.stream().anyMatch(r -> r.fixes().contains(d.bugKey()))) {
            return;
        }
        List<Evidence> since = new ArrayList<>(later.stream().map(Shipped::release).toList());
        Report report = new Report(Evidences.of(feedback), since, false);
        boolean due = since.size() >= settings().threshold();
        if (due) {
            emit(unacknowledged(d.bugKey(), d.customerId(), report, since.get(since.size() - 1).time()),
                    record.timestamp());
        }
        bug.reports().put(d.customerId(), new Report(report.report(), since, due));
        bugs.put(d.bugKey(), bug);
    }

    private void acknowledge(Feedback feedback) {
        FeedbackData d = feedback.data();
        if (d.customerId() == null) {
            History past = history();
            past.acknowledgedToAll().put(d.bugKey(), feedback.time());
            history.put(HISTORY_KEY, past);
            bugs.delete(d.bugKey());
            return;
        }
        Bug bug = bugs.get(d.bugKey());
        if (bug != null && bug.reports().remove(d.customerId()) != null) {
            if (bug.reports().isEmpty()) {
                bugs.delete(d.bugKey());
            } else {
                bugs.put(d.bugKey(), bug);
            }
        }
    }

    private void shipped(Record<String, Feedback> record, Feedback release) {
        List<String> fixes = release.data().fixes() == null ? List.of() : release.data().fixes();
        fixes.forEach(bugs::delete);
        Evidence shipped = Evidences.of(release);
        History past = history();
        past.releases().add(new Shipped(shipped, fixes));
        if (past.releases().size() > MAX_RELEASES) {
            past.releases().remove(0);
        }
        history.put(HISTORY_KEY, past);
        int threshold = settings().threshold();
        List<KeyValue<String, Bug>> open = new ArrayList<>();
        try (KeyValueIterator<String, Bug> all = bugs.all()) {
            all.forEachRemaining(open::add);
        }
        for (KeyValue<String, Bug> entry : open) {
            for (Map.Entry<String, Report> r : entry.value.reports().entrySet()) {
                Report report = r.getValue();
                if (report.alerted() || !report.report().time().isBefore(release.time())) {
                    continue;
                }
                report.releasesSince().add(shipped);
                boolean due = report.releasesSince().size() >= threshold;
                if (due) {
                    emit(unacknowledged(entry.key, r.getKey(), report, release.time()), record.timestamp());
                }
                r.setValue(new Report(report.report(), report.releasesSince(), due));
            }
            bugs.put(entry.key, entry.value);
        }
    }

    private Alert unacknowledged(String bugKey, String customer, Report report, OffsetDateTime at) {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(report.report());
        evidence.addAll(report.releasesSince());
        List<String> releases = report.releasesSince().stream().map(Evidence::said).toList();
        String summary = "Customer " + customer + " reported bug " + bugKey + " on "
                + report.report().time().toLocalDate() + " and " + releases.size()
                + " releases have shipped since without acknowledging or fixing it: tell the customer where it stands.";
        return alert(customer, DEPARTMENTS, "bug:" + bugKey, summary, evidence, at,
                Map.of("bugKey", bugKey, "releases", releases.size()), bugKey, report.report().id());
    }
}
