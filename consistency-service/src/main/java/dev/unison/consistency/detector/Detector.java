package dev.unison.consistency.detector;

import dev.unison.consistency.store.ObjectCachedStore;
import dev.unison.consistency.detector.DetectorMetrics;
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

    protected Detector(Rule rule, DetectorSupport support) {
        this.rule = rule;
        this.metrics = support.metrics();
        this.defaults = support.defaults();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        super.init(context);
        KeyValueStore<String, Object> store = context.getStateStore(RuleBook.STORE);
        rules = new RuleBook(store::get, defaults);
    }

    protected RuleSettings settings() {
        return rules.settings(rule);
    }

    /** The detector's store, with the values of the last {@value #CACHED_VALUES} keys it used kept as objects. */
    protected <S> KeyValueStore<String, S> store(String name) {
        return new ObjectCachedStore<>(context().getStateStore(name), CACHED_VALUES, context().taskId().toString());
    }

    /** Forwards the alert unless its rule is disabled. */
    protected void emit(Alert alert, long timestamp) {
        Rule of = alert.rule().equals(rule.id()) ? rule : Rule.byId(alert.rule()).orElseThrow();
        if (!rules.settings(of).isEnabled()) {
            return;
        }
        context().forward(new Record<>(alert.customerId(), alert, timestamp));
        metrics.alert(of);
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
