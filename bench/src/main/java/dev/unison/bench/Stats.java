package dev.unison.bench;

import java.util.Arrays;

/** Percentiles of a set of samples (nearest-rank). */
public final class Stats {
    private final double[] sorted;

    public Stats(double[] samples) {
        this.sorted = samples.clone();
        Arrays.sort(this.sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** The nearest-rank percentile: the smallest sample with at least p % of the samples at or below it. */
    public double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        if (p <= 0) {
            return sorted[0];
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
