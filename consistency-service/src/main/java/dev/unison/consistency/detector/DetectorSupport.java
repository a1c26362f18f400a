package dev.unison.consistency.detector;

import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.detector.DetectorMetrics;
import dev.unison.consistency.rule.Rule;
import dev.unison.consistency.rule.RuleSettings;

import java.time.Duration;
import java.util.Map;

/**
 * What every detector is built with: counters, the default settings of the rules, how often to punctuate, and how
 * answers are read.
 */
public record DetectorSupport(DetectorMetrics metrics, Map<Rule, RuleSettings> defaults, Duration punctuateEvery,
                              AnswerReader answers) {
    /** With answers read in English, month first. */
    public DetectorSupport(DetectorMetrics metrics, Map<Rule, RuleSettings> defaults, Duration punctuateEvery) {
        this(metrics, defaults, punctuateEvery, AnswerReader.standard());
    }
}
