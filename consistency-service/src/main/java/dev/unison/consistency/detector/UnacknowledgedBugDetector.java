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
    public static final String LEDGER_KEY = "bugs";
    static final List<String> DEPARTMENTS = List.of("product", "support");

    /** One customer's open report of a bug and the releases shipped since without acknowledging it. */
    public record Report(Evidence report, List<Evidence> releasesSince, boolean alerted) {
    }

    /** The open reports of one bug, by customer. */
    public record Bug(Map<String, Report> reports) {
    }

    private KeyValueStore<String, Bug> bugs;

    public UnacknowledgedBugDetector(DetectorSupport support) {
        super(Rule.UNACKNOWLEDGED_BUG, support);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        bugs = store(STORE);
    }

    @Override
    public void process(Record<String, Feedback> record) {
        Feedback feedback = record.value();
        FeedbackData d = feedback.data();
        switch (feedback.type()) {
            case EventTypes.BUG_REPORT -> {
                Bug known = bugs.get(d.bugKey());
                Bug bug = known != null ? known : new Bug(new LinkedHashMap<>());
                bug.reports().putIfAbsent(d.customerId(), new Report(Evidences.of(feedback), new ArrayList<>(), false));
                bugs.put(d.bugKey(), bug);
            }
            case EventTypes.BUG_ACKNOWLEDGED -> acknowledge(d);
            case EventTypes.RELEASE_SHIPPED -> shipped(record, feedback);
            default -> {
            }
        }
    }

    private void acknowledge(FeedbackData d) {
        if (d.customerId() == null) {
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
                    emit(unacknowledged(entry.key, r.getKey(), report, release), record.timestamp());
                }
                r.setValue(new Report(report.report(), report.releasesSince(), due));
            }
            bugs.put(entry.key, entry.value);
        }
    }

    private Alert unacknowledged(String bugKey, String customer, Report report, Feedback release) {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(report.report());
        evidence.addAll(report.releasesSince());
        List<String> releases = report.releasesSince().stream().map(Evidence::said).toList();
        String summary = "Customer " + customer + " reported bug " + bugKey + " on "
                + report.report().time().toLocalDate() + " and " + releases.size()
                + " releases have shipped since without acknowledging or fixing it: tell the customer where it stands.";
        return alert(customer, DEPARTMENTS, "bug:" + bugKey, summary, evidence, release.time(),
                Map.of("bugKey", bugKey, "releases", releases.size()), bugKey, report.report().id());
    }
}
