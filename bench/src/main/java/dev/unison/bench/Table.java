package dev.unison.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The bench's results: one row per measure, printed and written as a Markdown table. */
public final class Table {
    /** How a measured value is judged against its target. */
    public enum Goal { AT_LEAST, AT_MOST, NONE }

    /** One measure: value and unit, and the target when the issue sets one. */
    public record Row(String measure, double value, String unit, Goal goal, double target, String note) {
        public String verdict() {
            if (goal == Goal.NONE || Double.isNaN(value)) {
                return "";
            }
            boolean pass = goal == Goal.AT_LEAST ? value >= target : value <= target;
            return pass ? "pass" : "FAIL";
        }

        public String targetText() {
            return switch (goal) {
                case AT_LEAST -> "≥ " + format(target);
                case AT_MOST -> "≤ " + format(target);
                case NONE -> "";
            };
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public Table add(String measure, double value, String unit) {
        return add(measure, value, unit, Goal.NONE, Double.NaN, "");
    }

    public Table add(String measure, double value, String unit, Goal goal, double target, String note) {
        rows.add(new Row(measure, value, unit, goal, target, note == null ? "" : note));
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** A number with about three significant digits, thousands grouped. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| measure | value | unit | target | verdict | note |\n");
        out.append("|---|---:|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(r.measure()).append(" | ").append(format(r.value())).append(" | ").append(r.unit())
                    .append(" | ").append(r.targetText()).append(" | ").append(r.verdict()).append(" | ")
                    .append(r.note().replace("|", "/")).append(" |\n");
        }
        return out.toString();
    }
}
