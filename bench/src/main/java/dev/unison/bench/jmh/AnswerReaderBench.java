package dev.unison.bench.jmh;

import dev.unison.consistency.answer.Agreement;
import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.answer.Reading;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * consistency-service's reading of one answer (on the path of every answer-given touch), over a mix of answers as
 * agents write them: {@code seenAnswer} repeats 16 texts (served by the reader's memo, as in production where
 * departments repeat themselves); {@code newAnswer} makes each text new by an agent's name in letters at its end (a
 * word the reader passes over), so every call reads; {@code compare} is the comparison of two readings the detectors make per other department's answer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnswerReaderBench {
    private static final String[] ANSWERS = {"30 days", "thirty days", "30-day", "within 14 days of delivery",
            "Two weeks", "€1,200.00", "50,00 €", "Yes, it's available.", "No, that is not supported",
            "yes, for an extra €10 a month", "no later than March 3rd, 2027", "3.3.2027", "between 3 and 5 business days",
            "Please contact support for a refund", "You can return it within 30 days of delivery", "more than 30 days"};
    private final AnswerReader reader = new AnswerReader("en", Map.of());
    private final Reading[] readings = new Reading[ANSWERS.length];
    private int next;
    private long reference;

    public AnswerReaderBench() {
        for (int i = 0; i < ANSWERS.length; i++) {
            readings[i] = reader.read(ANSWERS[i]);
        }
    }

    @Benchmark
    public Reading seenAnswer() {
        String answer = ANSWERS[next];
        next = (next + 1) % ANSWERS.length;
        return reader.read(answer);
    }

    @Benchmark
    public Reading newAnswer() {
        String answer = ANSWERS[next] + " (agent " + letters(reference++) + ")";
        next = (next + 1) % ANSWERS.length;
        return reader.read(answer);
    }

    private static String letters(long n) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return s.toString();
    }

    @Benchmark
    public Agreement compare() {
        Reading a = readings[next];
        next = (next + 1) % ANSWERS.length;
        return Agreement.of(a, readings[next]);
    }
}
