package dev.unison.consistency.catalogue;

import dev.unison.consistency.catalogue.StateReader.StatePart;
import dev.unison.consistency.config.ConsistencyConfig;
import dev.unison.consistency.detector.AutomationLoopDetector;
import dev.unison.consistency.detector.CompanyAnswersDetector;
import dev.unison.consistency.detector.ConflictingAnswersDetector;
import dev.unison.consistency.detector.DuplicateOutreachDetector;
import dev.unison.consistency.detector.RenewalOnlyContactDetector;
import dev.unison.consistency.detector.RepeatedInfoRequestDetector;
import dev.unison.consistency.detector.TicketMazeDetector;
import dev.unison.consistency.detector.UnacknowledgedBugDetector;
import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.consistency.store.StateSerde;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.Feedback;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Repartitioned;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Every rule of the service, one entry each. Adding a rule: its id in {@link Rule} and in {@code alert.json}'s enum,
 * its detector in {@code detector/}, its entry here, its tests (consistency-service README, "Adding a rule").
 */
public final class RuleCatalogue {
    public static final List<RuleEntry> ENTRIES = List.of(
            new RuleEntry(Rule.CONFLICTING_ANSWERS,
                    "Departments give different answers to one question (to one customer, or within the window to any "
                            + "customers), or an answer departs from the company's canonical fact",
                    RuleSettings.builtIn(Alert.WARNING).window(Duration.ofDays(7)).build(),
                    "the departments whose answers contradict each other (against a canonical fact: the department "
                            + "that departs from it)",
                    List.of(in -> in.detect(in.touches(), ConflictingAnswersDetector.STORE,
                                    ConflictingAnswersDetector.Answers.class,
                                    () -> new ConflictingAnswersDetector(in.support())),
                            RuleCatalogue::acrossCustomers),
                    StateReader.byCustomerAndKey(ConflictingAnswersDetector.STORE),
                    List.of(new CheckedDetector(StatePart.CUSTOMER, ConflictingAnswersDetector.STORE,
                            ConflictingAnswersDetector::new),
                            new CheckedDetector(StatePart.QUESTION, CompanyAnswersDetector.STORE,
                            CompanyAnswersDetector::new))),
            new RuleEntry(Rule.REPEATED_INFO_REQUEST,
                    "A department asks for information the customer already gave anyone, or that was asked for within "
                            + "the window",
                    RuleSettings.builtIn(Alert.WARNING).window(Duration.ofDays(30)).build(),
                    "the department that asked again and every department that already holds a field asked for",
                    List.of(in -> in.detect(in.touches(), RepeatedInfoRequestDetector.STORE,
                            RepeatedInfoRequestDetector.Ledger.class,
                            () -> new RepeatedInfoRequestDetector(in.support()))),
                    StateReader.byCustomer(RepeatedInfoRequestDetector.STORE),
                    List.of(new CheckedDetector(StatePart.CUSTOMER, RepeatedInfoRequestDetector.STORE,
                            RepeatedInfoRequestDetector::new))),
            new RuleEntry(Rule.RENEWAL_ONLY_CONTACT,
                    "Renewal outreach, or a renewal date within the notice period, with no other outbound contact in "
                            + "the look-back",
                    RuleSettings.builtIn(Alert.WARNING).lookBack(Duration.ofDays(90)).noticePeriod(Duration.ofDays(30))
                            .build(),
                    "the departments that contacted the customer in the look-back and the one that owns the account",
                    List.of(in -> in.detect(in.touches(), RenewalOnlyContactDetector.STORE,
                            RenewalOnlyContactDetector.Renewal.class,
                            () -> new RenewalOnlyContactDetector(in.support()),
                            in.store(RenewalOnlyContactDetector.DATES_STORE, Serdes.String()))),
                    StateReader.byCustomer(RenewalOnlyContactDetector.STORE),
                    List.of(new CheckedDetector(StatePart.CUSTOMER, RenewalOnlyContactDetector.STORE,
                            RenewalOnlyContactDetector::new))),
            new RuleEntry(Rule.DUPLICATE_OUTREACH,
                    "At least threshold departments send the same content to one customer within the window",
                    RuleSettings.builtIn(Alert.INFO).window(Duration.ofDays(2)).threshold(2).build(),
                    "the departments that sent the same content",
                    List.of(in -> in.detect(in.touches(), DuplicateOutreachDetector.STORE,
                            DuplicateOutreachDetector.Outbox.class,
                            () -> new DuplicateOutreachDetector(in.support()))),
                    StateReader.byCustomer(DuplicateOutreachDetector.STORE),
                    List.of(new CheckedDetector(StatePart.CUSTOMER, DuplicateOutreachDetector.STORE,
                            DuplicateOutreachDetector::new))),
            new RuleEntry(Rule.TICKET_MAZE,
                    "One issue spawns threshold or more cases and hand-offs, or an internal approval waits longer than "
                            + "maxWait",
                    RuleSettings.builtIn(Alert.WARNING).threshold(3).maxWait(Duration.ofDays(3)).build(),
                    "every department the issue's cases were opened in or handed between; for an approval, the one "
                            + "that requested it and the one that granted it",
                    List.of(in -> in.detect(in.touches(), TicketMazeDetector.STORE, TicketMazeDetector.Maze.class,
                            () -> new TicketMazeDetector(in.support()),
                            in.store(TicketMazeDetector.PENDING_STORE, Serdes.String()))),
                    StateReader.byCustomer(TicketMazeDetector.STORE),
                    List.of(new CheckedDetector(StatePart.CUSTOMER, TicketMazeDetector.STORE,
                            TicketMazeDetector::new))),
            new RuleEntry(Rule.UNACKNOWLEDGED_BUG,
                    "A customer's bug report is neither acknowledged nor fixed over threshold releases",
                    RuleSettings.builtIn(Alert.CRITICAL).threshold(2).owners("product").build(),
                    "the department that took the customer's report, and product (its default owners)",
                    List.of(RuleCatalogue::bugLedger),
                    new StateReader(StatePart.BUGS, UnacknowledgedBugDetector.STORE,
                            customer -> UnacknowledgedBugDetector.LEDGER_KEY, RuleCatalogue::bugsOf),
                    List.of(new CheckedDetector(StatePart.BUGS, UnacknowledgedBugDetector.STORE,
                            UnacknowledgedBugDetector::new))),
            new RuleEntry(Rule.AUTOMATION_LOOP,
                    "A customer's last threshold requests got only automated answers, and no person joined within the "
                            + "grace period",
                    RuleSettings.builtIn(Alert.WARNING).threshold(3).gracePeriod(Duration.ofMinutes(15)).build(),
                    "the departments whose automated answers make up the streak",
                    List.of(in -> in.detect(in.touches(), AutomationLoopDetector.STORE, AutomationLoopDetector.Loop.class,
                            () -> new AutomationLoopDetector(in.support()),
                            in.store(AutomationLoopDetector.DUE_STORE, Serdes.String()))),
                    StateReader.byCustomer(AutomationLoopDetector.STORE),
                    List.of(new CheckedDetector(StatePart.CUSTOMER, AutomationLoopDetector.STORE,
                            AutomationLoopDetector::new))),
            new RuleEntry(Rule.ANSWERS_NOT_COMPARABLE,
                    "Two departments' answers to one question could not be compared (one could not be read, or says "
                            + "something of another kind): no conflict is claimed, the answers are listed for review",
                    RuleSettings.builtIn(Alert.INFO).build(),
                    "the departments whose answers could not be compared (against a canonical fact: the department "
                            + "that answered); found by conflicting-answers' detectors",
                    List.of(),
                    null,
                    List.of()));

    private RuleCatalogue() {
    }

    public static RuleEntry entry(Rule rule) {
        return ENTRIES.stream().filter(e -> e.rule() == rule).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no catalogue entry for rule " + rule.id()));
    }

    public static Optional<RuleEntry> byId(String id) {
        return ENTRIES.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Every rule's built-in settings. */
    public static Map<Rule, RuleSettings> builtInDefaults() {
        Map<Rule, RuleSettings> defaults = new EnumMap<>(Rule.class);
        ENTRIES.forEach(e -> defaults.put(e.rule(), e.defaults()));
        return defaults;
    }

    /** The built-in settings of each rule with the configured defaults ({@code consistency.rules."<rule>".*}) over them. */
    public static Map<Rule, RuleSettings> defaults(ConsistencyConfig config) {
        Map<Rule, RuleSettings> defaults = builtInDefaults();
        config.rules().forEach((id, d) -> Rule.byId(id).ifPresent(rule -> defaults.put(rule,
                defaults.get(rule).with(new RuleSettings(d.enabled().orElse(null), d.severity().orElse(null),
                        d.window().orElse(null), d.lookBack().orElse(null), d.noticePeriod().orElse(null),
                        d.maxWait().orElse(null), d.threshold().orElse(null), d.gracePeriod().orElse(null),
                        d.owners().orElse(null))))));
        return defaults;
    }

    /** Every detector a check runs on the given part of the state, in catalogue order. */
    public static List<CheckedDetector> checked(StatePart part) {
        return ENTRIES.stream().flatMap(e -> e.checked().stream()).filter(c -> c.part() == part).toList();
    }

    /** The state readers of one part, in catalogue order; the first one's store locates the part's owner. */
    public static List<StateReader> stateReaders(StatePart part) {
        return ENTRIES.stream().map(RuleEntry::state).filter(s -> s != null && s.part() == part).toList();
    }

    /** What every rule's reader finds of the customer in the given part, by rule id (rules that know nothing left out). */
    public static Map<String, Object> state(StatePart part, StoreReader stores, String customerId) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (RuleEntry e : ENTRIES) {
            if (e.state() != null && e.state().part() == part) {
                Object value = e.state().read().apply(stores, customerId);
                if (value != null) {
                    state.put(e.id(), value);
                }
            }
        }
        return state;
    }

    /**
     * conflicting-answers across customers and against canonical facts: answers repartitioned by question, so one
     * task sees every department's answers to a question.
     */
    private static KStream<String, Alert> acrossCustomers(TopologyInputs in) {
        KStream<String, ConflictingAnswersDetector.Given> byQuestion = in.touches()
                .filter((customer, touch) -> EventTypes.ANSWER_GIVEN.equals(touch.type()))
                .map((customer, touch) -> KeyValue.pair(touch.data().question(),
                        ConflictingAnswersDetector.Given.of(touch, in.support().answers())))
                .repartition(Repartitioned.with(Serdes.String(), StateSerde.of(ConflictingAnswersDetector.Given.class))
                        .withName("answers-by-question"));
        return in.detectCached(byQuestion, CompanyAnswersDetector.STORE, CompanyAnswersDetector.Recent.class,
                () -> new CompanyAnswersDetector(in.support()),
                in.store(CompanyAnswersDetector.TOLD_STORE, Serdes.Long()));
    }

    /** unacknowledged-bug: reports, acknowledgements and releases on one key, since a release concerns every bug. */
    private static KStream<String, Alert> bugLedger(TopologyInputs in) {
        KStream<String, Feedback> ledger = in.feedback()
                .filter((customer, f) -> EventTypes.BUG_REPORT.equals(f.type())
                        || EventTypes.BUG_ACKNOWLEDGED.equals(f.type()) || EventTypes.RELEASE_SHIPPED.equals(f.type()))
                .selectKey((customer, f) -> UnacknowledgedBugDetector.LEDGER_KEY)
                .repartition(Repartitioned.with(Serdes.String(), in.feedbackSerde()).withName("bug-ledger"));
        return in.detect(ledger, UnacknowledgedBugDetector.STORE, UnacknowledgedBugDetector.Report.class,
                () -> new UnacknowledgedBugDetector(in.support()),
                in.store(UnacknowledgedBugDetector.DUE_STORE, Serdes.String()),
                in.store(UnacknowledgedBugDetector.RELEASES_STORE,
                        StateSerde.of(UnacknowledgedBugDetector.Shipped.class)),
                in.store(UnacknowledgedBugDetector.ACKNOWLEDGED_STORE, Serdes.Long()));
    }

    /** The customer's bug reports, by bug: the ledger's keys are bug and customer. */
    private static Object bugsOf(StoreReader stores, String customerId) {
        Map<String, Object> bugs = new LinkedHashMap<>();
        stores.all(UnacknowledgedBugDetector.STORE).forEach((key, report) -> {
            String bug = UnacknowledgedBugDetector.bugOf(key, customerId);
            if (bug != null) {
                bugs.put(bug, report);
            }
        });
        return bugs.isEmpty() ? null : bugs;
    }

    static {
        List<Rule> listed = ENTRIES.stream().map(RuleEntry::rule).toList();
        if (!listed.equals(Arrays.asList(Rule.values()))) {
            throw new IllegalStateException("the catalogue lists " + listed + ", the rules are "
                    + Arrays.asList(Rule.values()));
        }
    }
}
