package dev.unison.consistency.detector;

import dev.unison.consistency.store.ObjectCachedStore;
import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.FactBook;
import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleBook;
import dev.unison.consistency.rule.RuleSettings;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Evidence;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A detector: a processor that keeps what it needs to know in its own persistent store (with a changelog) and
 * forwards alerts keyed by customer id. State is kept even while the rule is disabled; only alerts are held back.
 * <p>
 * All of a rule's detection is in {@link #evaluate}: what one event raises given the state the detector's
 * {@link Binding} finds. The stream processor binds it to the task's stores ({@link #init}); {@code POST /check} binds
 * a new detector to a read-only view of the owner's stores and keeps the alerts as findings, so a check and the stream
 * can never disagree on what an event raises.
 */
public abstract class Detector<V> extends ContextualProcessor<String, V, String, Alert> {
    /** Per store and task: enough for the customers active at one time on one partition, small beside the heap. */
    static final int CACHED_VALUES = 1_000;

    /** Named on an alert whose evidence names no department and whose rule has no owners. */
    static final String UNASSIGNED = "unassigned";

    protected final Rule rule;
    private final DetectorMetrics metrics;
    private final Map<Rule, RuleSettings> defaults;
    private RuleBook rules;
    private Binding binding;

    protected Detector(Rule rule, DetectorSupport support) {
        this.rule = rule;
        this.metrics = support.metrics();
        this.defaults = support.defaults();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        KeyValueStore<String, Object> settings = context.getStateStore(RuleBook.STORE);
        FactBook facts = FactBook.of(context);
        String task = context.taskId().toString();
        bind(new Binding() {
            @Override
            public <S> KeyValueStore<String, S> store(String name) {
                // the values of the last CACHED_VALUES keys used kept as objects
                return new ObjectCachedStore<>(context.getStateStore(name), CACHED_VALUES, task);
            }

            @Override
            public Object ruleSettings(String ruleId) {
                return settings.get(ruleId);
            }

            @Override
            public Fact fact(String question) {
                return facts.get(question);
            }

            @Override
            public void emit(Alert alert, long timestamp) {
                context.forward(new Record<>(alert.customerId(), alert, timestamp));
            }

            @Override
            public boolean live() {
                return true;
            }
        });
    }

    /** Binds the detector to its state and output, and opens its stores ({@link #open}). */
    public final void bind(Binding binding) {
        this.binding = binding;
        this.rules = new RuleBook(binding::ruleSettings, defaults);
        open(binding);
    }

    /** Takes the detector's stores from the binding. */
    protected abstract void open(Binding binding);

    /**
     * What the event (of the record key: the customer id, or the key it was repartitioned by) raises given the state
     * the binding finds: its alerts go to the binding's {@link Binding#emit},
     * its state changes to the binding's stores. The stream and {@code POST /check} both run this.
     */
    public abstract void evaluate(String key, V event, long timestamp);

    @Override
    public final void process(Record<String, V> record) {
        evaluate(record.key(), record.value(), record.timestamp());
    }

    /** The canonical fact of a question, or null. */
    protected Fact fact(String question) {
        return binding.fact(question);
    }

    /** Whether the detector runs in the stream (its counters count) rather than in a check. */
    protected boolean live() {
        return binding.live();
    }

    protected RuleSettings settings() {
        return rules.settings(rule);
    }

    /** Forwards the alert unless its rule is disabled. */
    protected void emit(Alert alert, long timestamp) {
        Rule of = alert.rule().equals(rule.id()) ? rule : Rule.byId(alert.rule()).orElseThrow();
        if (!rules.settings(of).isEnabled()) {
            return;
        }
        binding.emit(alert, timestamp);
        if (binding.live()) {
            metrics.alert(of);
        }
    }

    /**
     * An alert of this rule naming the given departments (those in its evidence) and the rule's configured owners;
     * its id is derived from the rule, the customer and the given parts only.
     */
    protected Alert alert(String customerId, Collection<String> departments, String fingerprint, String summary,
                          List<Evidence> evidence, OffsetDateTime detectedAt, Map<String, Object> details,
                          String... idParts) {
        return alert(rule, customerId, departments, fingerprint, summary, evidence, detectedAt, details, idParts);
    }

    /** An alert of another rule this detector also finds (conflicting-answers finds answers-not-comparable). */
    protected Alert alert(Rule rule, String customerId, Collection<String> departments, String fingerprint,
                          String summary, List<Evidence> evidence, OffsetDateTime detectedAt,
                          Map<String, Object> details, String... idParts) {
        String[] parts = new String[idParts.length + 2];
        parts[0] = rule.id();
        parts[1] = customerId;
        System.arraycopy(idParts, 0, parts, 2, idParts.length);
        TreeSet<String> named = new TreeSet<>();
        departments.stream().filter(d -> d != null && !d.isBlank()).forEach(named::add);
        named.addAll(rules.settings(rule).ownersOrNone());
        if (named.isEmpty()) {
            // an alert names at least one department (alert.json): the rule's default owners
            List<String> builtIn = defaults.get(rule).ownersOrNone();
            named.addAll(builtIn.isEmpty() ? List.of(UNASSIGNED) : builtIn);
        }
        return new Alert(Alert.deterministicId(parts), rule.id(), rules.settings(rule).severity(), customerId,
                List.copyOf(named), rule.id() + ":" + fingerprint, summary, evidence, detectedAt, details);
    }

    /** "billing" → "Billing", to start a summary with a department. */
    protected static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Two event ids in a fixed order, so an alert id does not depend on which event came first. */
    protected static String ordered(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }
}
