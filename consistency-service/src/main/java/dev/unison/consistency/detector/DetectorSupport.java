package dev.unison.consistency.detector;

import dev.unison.consistency.service.DetectorMetrics;
import dev.unison.consistency.service.Rule;
import dev.unison.consistency.service.RuleSettings;

import java.time.Duration;
import java.util.Map;

/** What every detector is built with: counters, the default settings of the rules, and how often to punctuate. */
public record DetectorSupport(DetectorMetrics metrics, Map<Rule, RuleSettings> defaults, Duration punctuateEvery) {
}
