package dev.unison.consistency.rule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Violation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of one rule, kept on the compacted topic cx.rules.v1 under the rule's id. Each rule reads
 * {@code enabled}, {@code severity}, {@code owners} (departments named on every alert of the rule, besides those in
 * its evidence) and the parameters its built-in settings give a value ({@link #parameterNames()}); the others stay
 * null. Built by name: {@code RuleSettings.builtIn(Alert.WARNING).window(Duration.ofDays(7)).build()} for a rule's
 * defaults, {@code RuleSettings.patch().threshold(3).build()} for a change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSettings(
        Boolean enabled,
        String severity,
        @JsonSerialize(using = DurationText.class) Duration window,
        @JsonSerialize(using = DurationText.class) Duration lookBack,
        @JsonSerialize(using = DurationText.class) Duration noticePeriod,
        @JsonSerialize(using = DurationText.class) Duration maxWait,
        Integer threshold,
        @JsonSerialize(using = DurationText.class) Duration gracePeriod,
        List<String> owners) {

    private static final Set<String> SEVERITIES = Set.of(Alert.INFO, Alert.WARNING, Alert.CRITICAL);
    /** Longest duration a rule takes: event times minus it stay far inside the dates Java can hold. */
    static final Duration MAX_DURATION = Duration.ofDays(3650);
    /** Largest threshold a rule takes. */
    static final int MAX_THRESHOLD = 50;
    /** Owners a rule names at most, and what a department's name is. */
    static final int MAX_OWNERS = 10;
    private static final Pattern DEPARTMENT = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");

    /** The parameters besides enabled, severity and owners, by name. */
    private static final List<String> PARAMETERS = List.of("window", "lookBack", "noticePeriod", "maxWait",
            "threshold", "gracePeriod");

    /** A rule's built-in settings: enabled, of the given severity, no owners; add its parameters by name. */
    public static Builder builtIn(String severity) {
        return new Builder().enabled(true).severity(severity).owners();
    }

    /** A change of settings: only what is set is put over the settings in force. */
    public static Builder patch() {
        return new Builder();
    }

    /**
     * The parameters (besides enabled, severity and owners) these settings give a value: for a rule's built-in
     * settings, the parameters the rule reads.
     */
    @JsonIgnore
    public Set<String> parameterNames() {
        Object[] values = {window, lookBack, noticePeriod, maxWait, threshold, gracePeriod};
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                names.add(PARAMETERS.get(i));
            }
        }
        return names;
    }

    /** The departments every alert of the rule names; none when unset. */
    public List<String> ownersOrNone() {
        return owners == null ? List.of() : owners;
    }

    public boolean isEnabled() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** These settings with every non-null field of the patch put over them. */
    public RuleSettings with(RuleSettings patch) {
        return new RuleSettings(
                patch.enabled != null ? patch.enabled : enabled,
                patch.severity != null ? patch.severity : severity,
                patch.window != null ? patch.window : window,
                patch.lookBack != null ? patch.lookBack : lookBack,
                patch.noticePeriod != null ? patch.noticePeriod : noticePeriod,
                patch.maxWait != null ? patch.maxWait : maxWait,
                patch.threshold != null ? patch.threshold : threshold,
                patch.gracePeriod != null ? patch.gracePeriod : gracePeriod,
                patch.owners != null ? List.copyOf(patch.owners) : owners);
    }

    /**
     * What is wrong with this patch for the rule, which reads the given parameters: unknown parameters, bad severity,
     * non-positive values.
     */
    public List<Violation> problemsFor(Rule rule, Set<String> parameters) {
        List<Violation> problems = new ArrayList<>();
        if (severity != null && !SEVERITIES.contains(severity)) {
            problems.add(new Violation("/severity", "must be one of " + SEVERITIES));
        }
        check(rule, parameters, "window", window, problems);
        check(rule, parameters, "lookBack", lookBack, problems);
        check(rule, parameters, "noticePeriod", noticePeriod, problems);
        check(rule, parameters, "maxWait", maxWait, problems);
        if (threshold != null) {
            if (!parameters.contains("threshold")) {
                problems.add(unknown(rule, parameters, "threshold"));
            } else if (threshold < 2 || threshold > MAX_THRESHOLD) {
                problems.add(new Violation("/threshold", "must be from 2 to " + MAX_THRESHOLD));
            }
        }
        if (gracePeriod != null) {
            if (!parameters.contains("gracePeriod")) {
                problems.add(unknown(rule, parameters, "gracePeriod"));
            } else if (gracePeriod.isNegative() || gracePeriod.compareTo(MAX_DURATION) > 0) {
                problems.add(new Violation("/gracePeriod", "must be an ISO-8601 duration from PT0S to P3650D"));
            }
        }
        if (owners != null) {
            if (owners.size() > MAX_OWNERS) {
                problems.add(new Violation("/owners", "at most " + MAX_OWNERS + " departments"));
            }
            for (int i = 0; i < owners.size() && i < MAX_OWNERS; i++) {
                if (owners.get(i) == null || !DEPARTMENT.matcher(owners.get(i)).matches()) {
                    problems.add(new Violation("/owners/" + i,
                            "a department is lower-case letters, digits, '.', '_' or '-' (at most 64)"));
                }
            }
        }
        return problems;
    }

    private static void check(Rule rule, Set<String> parameters, String name, Duration value,
                              List<Violation> problems) {
        if (value == null) {
            return;
        }
        if (!parameters.contains(name)) {
            problems.add(unknown(rule, parameters, name));
        } else if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
            problems.add(new Violation("/" + name, "must be a positive ISO-8601 duration of at most P3650D, e.g. P7D"));
        }
    }

    private static Violation unknown(Rule rule, Set<String> parameters, String name) {
        return new Violation("/" + name, rule.id() + " has no setting '" + name + "'; it reads enabled, severity, owners and "
                + parameters);
    }

    /** Settings by name; what is not set stays null. */
    public static final class Builder {
        private Boolean enabled;
        private String severity;
        private Duration window;
        private Duration lookBack;
        private Duration noticePeriod;
        private Duration maxWait;
        private Integer threshold;
        private Duration gracePeriod;
        private List<String> owners;

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder severity(String severity) {
            this.severity = severity;
            return this;
        }

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        public Builder lookBack(Duration lookBack) {
            this.lookBack = lookBack;
            return this;
        }

        public Builder noticePeriod(Duration noticePeriod) {
            this.noticePeriod = noticePeriod;
            return this;
        }

        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        public Builder threshold(int threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder gracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
            return this;
        }

        public Builder owners(String... owners) {
            this.owners = List.of(owners);
            return this;
        }

        public Builder owners(List<String> owners) {
            this.owners = owners;
            return this;
        }

        public RuleSettings build() {
            return new RuleSettings(enabled, severity, window, lookBack, noticePeriod, maxWait, threshold, gracePeriod,
                    owners);
        }
    }
}
