package dev.unison.bench.jmh;

import dev.unison.consistency.service.AnswerNormalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * consistency-service's answer normalisation, one answer per call, over a mix of answers as agents write them:
 * {@code seenAnswer} repeats 14 texts (served by the normaliser's memo, as in production where departments repeat
 * themselves); {@code newAnswer} makes each text new by a customer reference at its end, so every call normalises.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NormalizerBench {
    private static final String[] ANSWERS = {"30 days", "thirty days", "30-day", "14 days", "Two weeks",
            "€1,200.00", "1200 EUR", "Yes, it's available.", "No, that is not supported", "March 3rd, 2026",
            "2026-03-03", "within 5 business days", "Please contact support for a refund", "one hundred and twenty"};
    private int next;
    private long reference;

    @Benchmark
    public String seenAnswer() {
        String answer = ANSWERS[next];
        next = (next + 1) % ANSWERS.length;
        return AnswerNormalizer.normalize(answer, null);
    }

    @Benchmark
    public String newAnswer() {
        String answer = ANSWERS[next] + " (ref " + reference++ + ")";
        next = (next + 1) % ANSWERS.length;
        return AnswerNormalizer.normalize(answer, null);
    }
}
