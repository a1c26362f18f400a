package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Feedback;
import dev.unison.contracts.FeedbackData;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

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
 *   <li>{@link #ACKNOWLEDGED_STORE}: when each bug was last acknowledged to everyone (key: the bug) and to one
 *   customer (key: the bug and the customer).</li>
 * </ul>
 * The definition shared with feedback-service's {@code GET /analytics/bugs} (both READMEs say it): a report's
 * <em>baseline</em> is the shipment of the release it names, when that release's shipment is known, else the report
 * itself. The report is <em>fixed</em> by a release listing its bug in {@code fixes} that shipped after the baseline;
 * <em>acknowledged</em> by an acknowledgement of its bug, to its customer or to everyone, at or after the report.
 * A report whose baseline is at or after a release that claimed to fix its bug is <em>reopened</em>: the fix did not
 * hold for it, and it is open like any other; the earlier reports that release fixed stay fixed.
 * Everything is judged by event time, whatever order reports, acknowledgements and releases arrive in: a report
 * reaching the ledger after {@code threshold} releases with later event times is alerted at once, and an
 * acknowledgement arriving after that closes the report but does not withdraw the alert. The alert names the
 * department that took the report and the rule's {@code owners} (product by default).
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

    /**
     * One customer's report of a bug, whether it was alerted already, the release it names and the shipment of that
     * release (null while it is not known: then it is looked up when the report is judged again).
     */
    public record Report(Evidence report, boolean alerted, String release, OffsetDateTime baseline) {
        Report asAlerted() {
            return new Report(report, true, release, baseline);
        }
    }

    /** A release and the bugs it fixes. */
    public record Shipped(Evidence release, List<String> fixes, String name) {
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
    protected void open(Binding binding) {
        reports = binding.store(STORE);
        due = binding.store(DUE_STORE);
        releases = binding.store(RELEASES_STORE);
        shippedByKey = null;
        acknowledged = binding.store(ACKNOWLEDGED_STORE);
    }

    @Override
    public void evaluate(String key, Feedback feedback, long timestamp) {
        switch (feedback.type()) {
            case EventTypes.BUG_REPORT -> reported(timestamp, feedback);
            case EventTypes.BUG_ACKNOWLEDGED -> acknowledge(feedback);
            case EventTypes.RELEASE_SHIPPED -> shipped(timestamp, feedback);
            default -> {
            }
        }
    }

    /**
     * Opens the report unless it is fixed (a release fixing the bug shipped after its baseline) or acknowledged (to
     * all or to its customer, at or after it), counting the releases already shipped after it.
     */
    private void reported(long timestamp, Feedback feedback) {
        FeedbackData d = feedback.data();
        String key = reportKey(d.bugKey(), d.customerId());
        long at = millis(feedback.time());
        if (acknowledgedSince(d.bugKey(), at) || acknowledgedSince(key, at) || reports.get(key) != null) {
            return;
        }
        Evidence report = Evidences.of(feedback);
        Report opened = new Report(report, false, d.release(), shipment(d.release()));
        OffsetDateTime baseline = baseline(opened);
        if (shipped().values().stream().anyMatch(r -> r.fixes().contains(d.bugKey())
                && r.release().time().isAfter(baseline))) {
            return;
        }
        List<Shipped> later = releasesAfter(feedback.time());
        boolean alerted = later.size() >= settings().threshold();
        if (alerted) {
            emit(unacknowledged(d.bugKey(), d.customerId(), opened, later), timestamp);
            opened = opened.asAlerted();
        } else {
            due.put(dueKey(report, key), key);
        }
        reports.put(key, opened);
    }

    /** Whether an acknowledgement kept under the key (a bug, or a bug and customer) came at or after the time. */
    private boolean acknowledgedSince(String key, long at) {
        Long acknowledgedAt = acknowledged.get(key);
        return acknowledgedAt != null && acknowledgedAt >= at;
    }

    /** The report's baseline: the shipment of the release it names when known, else the report itself. */
    private OffsetDateTime baseline(Report report) {
        if (report.baseline() != null) {
            return report.baseline();
        }
        OffsetDateTime shipment = shipment(report.release());
        return shipment != null ? shipment : report.report().time();
    }

    /** The earliest known shipment of the named release, or null. */
    private OffsetDateTime shipment(String release) {
        if (release == null) {
            return null;
        }
        return shipped().values().stream().filter(r -> release.equals(r.name())).map(r -> r.release().time())
                .min(OffsetDateTime::compareTo).orElse(null);
    }

    /** Remembers the acknowledgement and closes the reports it acknowledges: those made at or before it. */
    private void acknowledge(Feedback feedback) {
        FeedbackData d = feedback.data();
        long at = millis(feedback.time());
        String key = d.customerId() == null ? d.bugKey() : reportKey(d.bugKey(), d.customerId());
        Long known = acknowledged.get(key);
        if (known == null || known < at) {
            acknowledged.put(key, at);
        }
        if (d.customerId() == null) {
            close(d.bugKey(), report -> millis(report.report().time()) <= at);
            return;
        }
        Report report = reports.get(key);
        if (report != null && millis(report.report().time()) <= at) {
            close(key, report);
        }
    }

    private void shipped(long timestamp, Feedback release) {
        List<String> fixes = release.data().fixes() == null ? List.of()
                : List.copyOf(Bounded.first(release.data().fixes(), MAX_FIXES));
        Evidence shipped = Evidences.of(release);
        String releaseKey = timeKey(shipped.time()) + SEP + release.source() + SEP + release.id();
        Shipped value = new Shipped(shipped, fixes, release.data().release());
        releases.put(releaseKey, value);
        shipped().put(releaseKey, value);
        while (shipped().size() > MAX_RELEASES) {
            releases.delete(shipped().pollFirstEntry().getKey());
        }
        // fixed: the reports of each bug whose baseline is before the release; later ones are reopened, still open
        fixes.forEach(bug -> close(bug, report -> baseline(report).isBefore(shipped.time())));

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
            emit(unacknowledged(bugKey, customer, report, releasesAfter(report.report().time())),
                    timestamp);
            reports.put(reportKey, report.asAlerted());
        }
    }

    /** Closes the reports of the bug that the test selects (fixed, or acknowledged to all). */
    private void close(String bugKey, Predicate<Report> which) {
        List<KeyValue<String, Report>> open = new ArrayList<>();
        try (KeyValueIterator<String, Report> all = reports.prefixScan(bugKey + SEP, new StringSerializer())) {
            all.forEachRemaining(entry -> {
                if (which.test(entry.value)) {
                    open.add(entry);
                }
            });
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

    private Alert unacknowledged(String bugKey, String customer, Report opened, List<Shipped> since) {
        Evidence report = opened.report();
        OffsetDateTime baseline = baseline(opened);
        boolean reopened = shipped().values().stream().anyMatch(r -> r.fixes().contains(bugKey)
                && !r.release().time().isAfter(baseline));
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(report);
        since.forEach(s -> evidence.add(s.release()));
        List<String> shipped = since.stream().map(s -> s.release().said()).toList();
        OffsetDateTime at = since.get(since.size() - 1).release().time();
        String summary = "Customer " + customer + " reported bug " + bugKey + " on "
                + report.time().toLocalDate() + (reopened ? " (on a release that was to fix it)" : "") + " and "
                + shipped.size()
                + " releases have shipped since without acknowledging or fixing it: tell the customer where it stands.";
        List<String> departments = report.department() == null ? List.of() : List.of(report.department());
        return alert(customer, departments, "bug:" + bugKey, summary, evidence, at,
                Map.of("bugKey", bugKey, "releases", shipped.size(), "reopened", reopened), bugKey, report.id());
    }
}
