package dev.unison.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {
    @Test
    void nearestRankPercentiles() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // 1..100, unsorted
        }
        Stats s = new Stats(samples);
        assertThat(s.percentile(50)).isEqualTo(50);
        assertThat(s.percentile(99)).isEqualTo(99);
        assertThat(s.percentile(100)).isEqualTo(100);
        assertThat(s.max()).isEqualTo(100);
        assertThat(new Stats(new double[] {7}).percentile(99)).isEqualTo(7);
        assertThat(new Stats(new double[0]).percentile(50)).isNaN();
    }

    @Test
    void rowsAreJudgedAgainstTheirTargets() {
        Table t = new Table()
                .add("ratio", 0.42, "ratio", Table.Goal.AT_LEAST, 0.3, "")
                .add("p99", 180, "ms", Table.Goal.AT_MOST, 150, "10k/s")
                .add("rate", 12345.6, "events/s");
        String md = t.markdown();
        assertThat(md).contains("| ratio | 0.42 | ratio | ≥ 0.30 | pass |");
        assertThat(md).contains("| p99 | 180 | ms | ≤ 150 | FAIL | 10k/s |");
        assertThat(md).contains("| rate | 12,346 | events/s |  |  |  |");
    }
}
