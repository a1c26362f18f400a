package dev.unison.consistency.answer;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The labelled pairs of {@code answers/pairs.txt} and {@code answers/pairs-unseen.txt} (written after the reader, not
 * tuned against; its figure is printed on its own line): two answers to one question, and whether a customer hears
 * the same thing (same), two things (different) or cannot tell (not-comparable). A conflict alert is raised on
 * "different", so precision and recall are those of "different"; they are printed by class, with every pair the
 * reader gets wrong, and the test fails when either falls below {@value #FLOOR} overall, naming the classes below it.
 */
class AnswerPairsTest {
    static final double FLOOR = 0.95;

    record Pair(String a, String b, String expected, String category, String file, int line) {
    }

    /** Counts of one class: conflicts found, missed and false, and how many of the three labels were right. */
    static final class Score {
        int pairs;
        int right;
        int truePositive;
        int falsePositive;
        int falseNegative;

        double precision() {
            return truePositive + falsePositive == 0 ? 1 : (double) truePositive / (truePositive + falsePositive);
        }

        double recall() {
            return truePositive + falseNegative == 0 ? 1 : (double) truePositive / (truePositive + falseNegative);
        }

        void add(String expected, String got) {
            pairs++;
            right += expected.equals(got) ? 1 : 0;
            boolean shouldAlert = expected.equals("different");
            boolean alerts = got.equals("different");
            truePositive += shouldAlert && alerts ? 1 : 0;
            falsePositive += !shouldAlert && alerts ? 1 : 0;
            falseNegative += shouldAlert && !alerts ? 1 : 0;
        }
    }

    static List<Pair> pairs(String file) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        try (InputStream in = AnswerPairsTest.class.getResourceAsStream("/answers/" + file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|");
                assertThat(f).as("line %d: answer A | answer B | label | class", n).hasSize(4);
                String label = f[2].trim();
                assertThat(label).as("line %d", n).isIn("same", "different", "not-comparable");
                pairs.add(new Pair(f[0].trim(), f[1].trim(), label, f[3].trim(), file, n));
            }
        }
        return pairs;
    }

    static String label(Agreement agreement) {
        return agreement.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Test
    void labelledPairsAreComparedAsCustomersReadThem() throws IOException {
        List<Pair> pairs = new ArrayList<>(pairs("pairs.txt"));
        pairs.addAll(pairs("pairs-unseen.txt"));
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(500);
        Score unseen = new Score();
        AnswerReader reader = AnswerReader.standard();
        Map<String, Score> byClass = new TreeMap<>();
        Score overall = new Score();
        StringBuilder wrong = new StringBuilder();
        for (Pair p : pairs) {
            Reading a = reader.read(p.a());
            Reading b = reader.read(p.b());
            String got = label(Agreement.of(a, b));
            byClass.computeIfAbsent(p.category(), c -> new Score()).add(p.expected(), got);
            overall.add(p.expected(), got);
            if (p.file().equals("pairs-unseen.txt")) {
                unseen.add(p.expected(), got);
            }
            // the comparison does not depend on the order of the answers
            assertThat(label(Agreement.of(b, a))).as("line %d reversed", p.line()).isEqualTo(got);
            if (!got.equals(p.expected())) {
                wrong.append(String.format("  %s:%d [%s] \"%s\" | \"%s\": expected %s, got %s (%s | %s)%n",
                        p.file(), p.line(), p.category(), p.a(), p.b(), p.expected(), got, a.means(), b.means()));
            }
        }
        StringBuilder report = new StringBuilder(String.format("%n%-15s %6s %9s %10s %7s%n", "class", "pairs",
                "labels ok", "precision", "recall"));
        byClass.forEach((c, s) -> report.append(row(c, s)));
        report.append(row("overall", overall));
        report.append(row("(unseen)", unseen));
        System.out.println(report);
        System.out.println("Pairs read otherwise than labelled:\n" + wrong);

        List<String> fell = byClass.entrySet().stream()
                .filter(e -> e.getValue().precision() < FLOOR || e.getValue().recall() < FLOOR)
                .map(e -> String.format("%s (precision %.3f, recall %.3f)", e.getKey(), e.getValue().precision(),
                        e.getValue().recall()))
                .toList();
        assertThat(overall.precision() >= FLOOR && overall.recall() >= FLOOR)
                .as("conflict precision %.3f and recall %.3f overall must reach %.2f; below it: %s",
                        overall.precision(), overall.recall(), FLOOR, fell)
                .isTrue();
    }

    private static String row(String name, Score s) {
        return String.format("%-15s %6d %8.1f%% %10.3f %7.3f%n", name, s.pairs, 100.0 * s.right / s.pairs,
                s.precision(), s.recall());
    }
}
