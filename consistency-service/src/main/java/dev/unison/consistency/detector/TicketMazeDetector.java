package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Evidence;
import dev.unison.contracts.Touch;
import dev.unison.contracts.TouchData;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ticket-maze: one issue of a customer spawns {@code threshold} or more cases and hand-offs, or an internal approval
 * the customer waits on stays pending longer than {@code maxWait} (checked when it is granted, and by wall-clock
 * punctuation while it is pending). Keeps, per customer, each issue's cases, hand-offs and departments, and the
 * pending approvals.
 */
public class TicketMazeDetector extends Detector<Touch> {
    private static final Set<String> KINDS = Set.of(EventTypes.CASE_OPENED, EventTypes.CASE_TRANSFERRED,
            EventTypes.APPROVAL_REQUESTED, EventTypes.APPROVAL_GRANTED);
    public static final String STORE = "ticket-maze";
    /** Pending approvals: key = request time + customer + approval, so the punctuation reads only the overdue. */
    public static final String PENDING_STORE = "ticket-maze-pending";
    private static final int MAX_EVIDENCE = 20;
    /** Issues remembered per customer (the least recently changed goes first). */
    static final int MAX_ISSUES = 20;
    /** Cases remembered per customer (which issue each belongs to) and per issue. */
    static final int MAX_CASES = 200;
    /** Departments named per issue. */
    static final int MAX_DEPARTMENTS = 50;
    /** Approvals remembered per customer, pending or alerted and not yet granted (the oldest go first). */
    static final int MAX_APPROVALS = 50;

    /** The cases and hand-offs of one issue. */
    public record Issue(Set<String> cases, int handoffs, Set<String> departments, List<Evidence> evidence,
                        boolean alerted) {
        int steps() {
            return cases.size() + handoffs;
        }
    }

    /** An approval requested and not yet granted. */
    public record Pending(String department, String caseId, Evidence evidence, boolean alerted) {
    }

    /** Everything the rule knows of one customer. */
    public record Maze(Map<String, Issue> issues, Map<String, String> issueOfCase, Map<String, Pending> approvals) {
    }

    private final Duration punctuateEvery;
    private KeyValueStore<String, Maze> mazes;
    private KeyValueStore<String, String> pending;

    public TicketMazeDetector(DetectorSupport support) {
        super(Rule.TICKET_MAZE, support);
        this.punctuateEvery = support.punctuateEvery();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        context.schedule(punctuateEvery, PunctuationType.WALL_CLOCK_TIME, this::approvalsOverdue);
    }

    @Override
    protected void open(Binding binding) {
        mazes = binding.store(STORE);
        pending = binding.store(PENDING_STORE);
    }

    @Override
    public void evaluate(String key, Touch touch, long timestamp) {
        String type = touch.type();
        if (!KINDS.contains(type)) {
            return; // most touches are none of this rule's business: spare the store read
        }
        TouchData d = touch.data();
        Maze known = mazes.get(touch.customerId());
        Maze maze = known != null ? known : new Maze(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        if (EventTypes.CASE_OPENED.equals(type) || EventTypes.CASE_TRANSFERRED.equals(type)) {
            step(timestamp, touch, maze);
        } else if (EventTypes.APPROVAL_REQUESTED.equals(type)) {
            Pending requested = new Pending(d.department(), d.caseId(), Evidences.of(touch), false);
            if (maze.approvals().putIfAbsent(d.approvalId(), requested) == null) {
                pending.put(pendingKey(touch.customerId(), d.approvalId(), requested), d.approvalId());
            }
        } else if (EventTypes.APPROVAL_GRANTED.equals(type)) {
            Pending pending = maze.approvals().remove(d.approvalId());
            if (pending != null && !pending.alerted()) {
                this.pending.delete(pendingKey(touch.customerId(), d.approvalId(), pending));
            }
            if (pending != null && !pending.alerted()
                    && Duration.between(pending.evidence().time(), touch.time()).compareTo(settings().maxWait()) > 0) {
                emit(approvalAlert(touch.customerId(), d.approvalId(), pending, Evidences.of(touch), touch.time()),
                        timestamp);
            }
        } else {
            return;
        }
        Bounded.keepLast(maze.issueOfCase(), MAX_CASES);
        Bounded.keepLast(maze.approvals(), MAX_APPROVALS);
        mazes.put(touch.customerId(), maze);
    }

    private void step(long timestamp, Touch touch, Maze maze) {
        TouchData d = touch.data();
        String issueKey = d.issueKey() != null ? d.issueKey()
                : maze.issueOfCase().getOrDefault(d.caseId(), d.caseId());
        Bounded.touch(maze.issueOfCase(), d.caseId(), issueKey, MAX_CASES);
        Issue known = maze.issues().get(issueKey);
        Issue issue = known != null ? known
                : new Issue(new LinkedHashSet<>(), 0, new LinkedHashSet<>(), new ArrayList<>(), false);
        boolean transfer = EventTypes.CASE_TRANSFERRED.equals(touch.type());
        issue.cases().add(d.caseId());
        issue.departments().add(d.department());
        if (transfer) {
            issue.departments().add(d.fromDepartment());
            issue.departments().add(d.toDepartment());
        } else if (d.toDepartment() != null) {
            issue.departments().add(d.toDepartment());
        }
        Bounded.keepLast(issue.cases(), MAX_CASES);
        Bounded.keepLast(issue.departments(), MAX_DEPARTMENTS);
        if (issue.evidence().size() < MAX_EVIDENCE) {
            issue.evidence().add(Evidences.of(touch));
        }
        Issue updated = new Issue(issue.cases(), issue.handoffs() + (transfer ? 1 : 0), issue.departments(),
                issue.evidence(), issue.alerted());
        RuleSettings settings = settings();
        if (!updated.alerted() && updated.steps() >= settings.threshold()) {
            String summary = "Customer " + touch.customerId() + "'s issue " + issueKey + " has gone through "
                    + updated.cases().size() + " case(s) and " + updated.handoffs() + " hand-off(s) across "
                    + String.join(", ", updated.departments()) + ": give it one owner who sees it through.";
            emit(alert(touch.customerId(), updated.departments(), "issue:" + issueKey, summary,
                    List.copyOf(updated.evidence()), touch.time(),
                    Map.of("issueKey", issueKey, "cases", updated.cases().size(), "handoffs", updated.handoffs()),
                    "issue", issueKey), timestamp);
            updated = new Issue(updated.cases(), updated.handoffs(), updated.departments(), updated.evidence(), true);
        }
        Bounded.touch(maze.issues(), issueKey, updated, MAX_ISSUES);
    }

    private Alert approvalAlert(String customer, String approvalId, Pending pending, Evidence granted,
                                OffsetDateTime at) {
        Duration waited = Duration.between(pending.evidence().time(), at);
        List<Evidence> evidence = granted == null ? List.of(pending.evidence()) : List.of(pending.evidence(), granted);
        Set<String> departments = new LinkedHashSet<>();
        departments.add(pending.department());
        if (granted != null && granted.department() != null) {
            departments.add(granted.department());
        }
        String summary = "Customer " + customer + " has waited " + waited.toHours() + " hours on internal approval "
                + approvalId + (granted == null ? " (still pending)" : "") + ", more than the "
                + settings().maxWait().toHours() + " hours allowed: decide it or tell the customer why it takes long.";
        return alert(customer, departments, "approval", summary, evidence, at,
                Map.of("approvalId", approvalId, "waitedHours", waited.toHours()), "approval", approvalId);
    }

    private static String pendingKey(String customer, String approvalId, Pending p) {
        return TimedKeys.timeKey(p.evidence().time().toInstant().toEpochMilli()) + TimedKeys.SEP + customer
                + TimedKeys.SEP + approvalId;
    }

    /** Alerts approvals still pending past the limit, once each: only those requested before now − maxWait. */
    void approvalsOverdue(long wallClock) {
        OffsetDateTime now = Instant.ofEpochMilli(wallClock).atOffset(ZoneOffset.UTC);
        long requestedBefore = wallClock - settings().maxWait().toMillis();
        for (String key : TimedKeys.keysUpTo(pending, TimedKeys.timeKey(0), TimedKeys.timeKey(requestedBefore))) {
            pending.delete(key);
            String customerAndApproval = TimedKeys.afterFirst(key);
            String customer = customerAndApproval.substring(0, customerAndApproval.lastIndexOf(TimedKeys.SEP));
            String approvalId = customerAndApproval.substring(customer.length() + 1);
            Maze maze = mazes.get(customer);
            Pending p = maze == null ? null : maze.approvals().get(approvalId);
            if (p == null || p.alerted()) {
                continue;
            }
            emit(approvalAlert(customer, approvalId, p, null, now), wallClock);
            maze.approvals().put(approvalId, new Pending(p.department(), p.caseId(), p.evidence(), true));
            mazes.put(customer, maze);
        }
    }
}
