package dev.unison.consistency.detector;

import dev.unison.consistency.service.Rule;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Feedback;
import dev.unison.contracts.FeedbackData;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * unacknowledged-bug: a customer's bug report is neither acknowledged (to that customer or to all) nor fixed over
 * {@code threshold} releases. Releases concern every bug, so bug reports, acknowledgements and releases are
 * repartitioned onto one key. Each event costs a few point reads and short range scans, however many bugs are open:
 * <ul>
 *   <li>{@link #STORE}: the reports, keyed by bug and customer (prefix-scanned when a bug is fixed or acknowledged
 *   to all);</li>
 *   <li>{@link #DUE_STORE}: the open reports not yet alerted, keyed by report time, so a release visits only the
 *   reports it makes due (those older than the {@code threshold}-th latest release);</li>
 *   <li>{@link #RELEASES_STORE}: the latest releases, keyed by release time;</li>
 *   <li>{@link #ACKNOWLEDGED_STORE}: when each bug was last acknowledged to everyone.</li>
 * </ul>
 * Reports, acknowledgements and releases come from different partitions, so each is judged by event time: a report
 * reaching the ledger after later releases counts them all the same.
 */
public class UnacknowledgedBugDetector extends Detector<Feedback> {
    public static final String STORE = "unacknowledged-bug";
    public static final String DUE_STORE = "unacknowledged-bug-due";
    public static final String RELEASES_STORE = "unacknowledged-bug-releases";
    public static final String ACKNOWLEDGED_STORE = "unacknowledged-bug-acknowledged";
    public static final String LEDGER_KEY = "bugs";
    private static final int MAX_RELEASES = 100;
    /** Bug keys a release counts as fixed: the first of its {@code fixes}. */
    static final int MAX_FIXES = 1_000;
    private static final char SEP = TimedKeys.SEP;
    static final List<String> DEPARTMENTS = List.of("product", "support");

    /** One customer's report of a bug, and whether it was alerted already. */
    public record Report(Evidence report, boolean alerted) {
    }

    /** A release and the bugs it fixes. */
    public record Shipped(Evidence release, List<String> fixes) {
    }

    private KeyValueStore<String, Report> reports;
    private KeyValueStore<String, String> due;
    private KeyValueStore<String, Shipped> releases;
    /** The releases store as objects, by key (at most {@value #MAX_RELEASES}): read on every report and release. */
    private TreeMap<String, Shipped> shippedByKey;
    private KeyValueStore<String, Long> acknowledged;

    public UnacknowledgedBugDetector(DetectorSupport support) {
        super(Rule.UNACKNOWLEDGED_BUG, support);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        reports = store(STORE);
        due = store(DUE_STORE);
        releases = store(RELEASES_STORE);
        shippedByKey = null;
        acknowledged = store(ACKNOWLEDGED_STORE);
    }

    @Override
    public void process(Record<String, Feedback> record) {
        Feedback feedback = record.value();
        switch (feedback.type()) {
            case EventTypes.BUG_REPORT -> reported(record, feedback);
            case EventTypes.BUG_ACKNOWLEDGED -> acknowledge(feedback);
            case EventTypes.RELEASE_SHIPPED -> shipped(record, feedback);
            default -> {
            }
        }
    }

    /** Opens the report, counting the releases already shipped after it, unless it was acknowledged to all since. */
    private void reported(Record<String, Feedback> record, Feedback feedback) {
        FeedbackData d = feedback.data();
        String key = reportKey(d.bugKey(), d.customerId());
        Long acknowledgedAt = acknowledged.get(d.bugKey());
        if (acknowledgedAt != null && acknowledgedAt > millis(feedback.time()) || reports.get(key) != null) {
            return;
        }
        List<Shipped> later = releasesAfter(feedback.time());
        if (later.stream().anyMatch(r -> r.fixes().contains(d.bugKey()))) {
            return;
        }
        Evidence report = Evidences.of(feedback);
        boolean alerted = later.size() >= settings().threshold();
        if (alerted) {
            emit(unacknowledged(d.bugKey(), d.customerId(), report, later), record.timestamp());
        } else {
            due.put(dueKey(report, key), key);
        }
        reports.put(key, new Report(report, alerted));
    }

    private void acknowledge(Feedback feedback) {
        FeedbackData d = feedback.data();
        if (d.customerId() == null) {
            long at = millis(feedback.time());
            Long known = acknowledged.get(d.bugKey());
            if (known == null || known < at) {
                acknowledged.put(d.bugKey(), at);
            }
            close(d.bugKey());
            return;
        }
        close(reportKey(d.bugKey(), d.customerId()), reports.get(reportKey(d.bugKey(), d.customerId())));
    }

    private void shipped(Record<String, Feedback> record, Feedback release) {
        List<String> fixes = release.data().fixes() == null ? List.of()
                : List.copyOf(Bounded.first(release.data().fixes(), MAX_FIXES));
        fixes.forEach(this::close);
        Evidence shipped = Evidences.of(release);
        String releaseKey = timeKey(shipped.time()) + SEP + release.source() + SEP + release.id();
        Shipped value = new Shipped(shipped, fixes);
        releases.put(releaseKey, value);
        shipped().put(releaseKey, value);
        while (shipped().size() > MAX_RELEASES) {
            releases.delete(shipped().pollFirstEntry().getKey());
        }

        // every open report older than the threshold-th latest release has seen threshold releases since
        int threshold = settings().threshold();
        OffsetDateTime cutoff = null;
        int seen = 0;
        for (Shipped latest : shipped().descendingMap().values()) {
            if (seen == threshold) {
                break;
            }
            cutoff = latest.release().time();
            seen++;
        }
        if (seen < threshold) {
            return;
        }
        for (String dueKey : TimedKeys.keysUpTo(due, TimedKeys.timeKey(0), timeKey(cutoff))) {
            due.delete(dueKey);
            String reportKey = TimedKeys.afterFirst(dueKey);
            Report report = reports.get(reportKey);
            if (report == null || report.alerted()) {
                continue;
            }
            String bugKey = reportKey.substring(0, reportKey.indexOf(SEP));
            String customer = TimedKeys.afterFirst(reportKey);
            emit(unacknowledged(bugKey, customer, report.report(), releasesAfter(report.report().time())),
                    record.timestamp());
            reports.put(reportKey, new Report(report.report(), true));
        }
    }

    /** Closes every report of the bug (fixed, or acknowledged to all). */
    private void close(String bugKey) {
        List<KeyValue<String, Report>> open = new ArrayList<>();
        try (KeyValueIterator<String, Report> all = reports.prefixScan(bugKey + SEP, new StringSerializer())) {
            all.forEachRemaining(open::add);
        }
        open.forEach(entry -> close(entry.key, entry.value));
    }

    private void close(String key, Report report) {
        if (report == null) {
            return;
        }
        reports.delete(key);
        if (!report.alerted()) {
            due.delete(dueKey(report.report(), key));
        }
    }

    /** The releases shipped after the given time, oldest first. */
    private List<Shipped> releasesAfter(OffsetDateTime time) {
        return List.copyOf(shipped().tailMap(timeKey(time) + (char) (SEP + 1)).values());
    }

    /** The releases, read from their store once per initialisation of the processor. */
    private TreeMap<String, Shipped> shipped() {
        if (shippedByKey == null) {
            shippedByKey = new TreeMap<>();
            try (KeyValueIterator<String, Shipped> all = releases.all()) {
                all.forEachRemaining(entry -> shippedByKey.put(entry.key, entry.value));
            }
        }
        return shippedByKey;
    }

    private static String reportKey(String bugKey, String customerId) {
        return bugKey + SEP + customerId;
    }

    /** The bug of a key of {@link #STORE} when the report is the given customer's, else null. */
    public static String bugOf(String reportKey, String customerId) {
        String suffix = SEP + customerId;
        return reportKey.endsWith(suffix) ? reportKey.substring(0, reportKey.length() - suffix.length()) : null;
    }

    private static String dueKey(Evidence report, String reportKey) {
        return timeKey(report.time()) + SEP + reportKey;
    }

    private static String timeKey(OffsetDateTime time) {
        return TimedKeys.timeKey(millis(time));
    }

    private static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }

    private Alert unacknowledged(String bugKey, String customer, Evidence report, List<Shipped> since) {
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(report);
        since.forEach(s -> evidence.add(s.release()));
        List<String> shipped = since.stream().map(s -> s.release().said()).toList();
        OffsetDateTime at = since.get(since.size() - 1).release().time();
        String summary = "Customer " + customer + " reported bug " + bugKey + " on "
                + report.time().toLocalDate() + " and " + shipped.size()
                + " releases have shipped since without acknowledging or fixing it: tell the customer where it stands.";
        return alert(customer, DEPARTMENTS, "bug:" + bugKey, summary, evidence, at,
                Map.of("bugKey", bugKey, "releases", shipped.size()), bugKey, report.id());
    }
}
