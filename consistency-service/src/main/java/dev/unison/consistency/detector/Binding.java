package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Fact;
import dev.unison.contracts.Alert;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where a detector reads and writes its state and where its alerts go. The stream processor binds it to its task's
 * stores and forwards alerts to cx.alerts.v1 ({@link Detector#init}); a pre-send check ({@code POST /check}) binds it to
 * a read-only view of the owner's stores whose writes are kept aside and dropped, and collects the alerts as findings.
 * Either way the detector runs the same {@link Detector#evaluate} code: what an event raises given the state it finds.
 */
public interface Binding {
    /** The detector's store of the given name. */
    <S> KeyValueStore<String, S> store(String name);

    /** The stored settings of a rule (from cx.rules.v1; null when only the defaults apply), raw or with timestamp. */
    Object ruleSettings(String ruleId);

    /** The canonical fact of a question, or null. */
    Fact fact(String question);

    /** An alert the event raises (its rule enabled). */
    void emit(Alert alert, long timestamp);

    /** Whether this is the live stream (counted in the metrics) rather than a check. */
    boolean live();
}
