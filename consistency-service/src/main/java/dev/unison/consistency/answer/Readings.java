package dev.unison.consistency.answer;

import java.time.LocalDate;
import java.time.MonthDay;

/** Helpers of readings: the reading in words, and date arithmetic on dates with or without a year. */
final class Readings {
    private Readings() {
    }

    /** The reading with its {@code means} filled in. */
    static Reading described(Reading r) {
        return new Reading(r.type(), r.unit(), r.low(), r.lowIncluded(), r.high(), r.highIncluded(), r.anchor(),
                r.polarity(), r.condition(), r.said(), means(r));
    }

    private static String means(Reading r) {
        if (!r.isRead()) {
            return r.means();
        }
        StringBuilder s = new StringBuilder();
        if (r.polarity() != null) {
            s.append(r.polarity());
            if (r.hasValue()) {
                s.append(Vocabulary.standard().isMoney(r.unit()) ? ", at " : ", ");
            }
        }
        if (r.hasValue()) {
            s.append(bounds(r));
        }
        if (r.anchor() != null) {
            String[] a = r.anchor().split(":", 2);
            s.append(' ').append(a[0]).append(' ').append(a[1]);
        }
        if (r.condition() != null) {
            s.append(Reading.EXTRA_COST.equals(r.condition()) ? ", at an extra cost" : ", on condition: "
                    + r.condition());
        }
        return s.toString();
    }

    private static String bounds(Reading r) {
        if (Reading.NO_COST.equals(r.unit())) {
            return "no cost";
        }
        String lo = amount(r.low(), r.unit());
        String hi = amount(r.high(), r.unit());
        if (r.low() != null && r.low().equals(r.high())) {
            return (Reading.DAY_OF_YEAR.equals(r.unit()) ? "on " : "") + lo;
        }
        if (r.low() != null && r.high() != null) {
            return "between " + lo + " and " + hi;
        }
        if (r.low() != null) {
            return (r.lowIncluded() ? "at least " : "more than ") + lo;
        }
        return (r.highIncluded() ? "at most " : "less than ") + hi;
    }

    private static String amount(String n, String unit) {
        if (n == null || Reading.DAY_OF_YEAR.equals(unit) || Reading.NUMBER.equals(unit)) {
            return n;
        }
        if (Vocabulary.standard().isMoney(unit)) {
            int slash = unit.indexOf('/');
            return slash < 0 ? unit + " " + n : unit.substring(0, slash) + " " + n + " per "
                    + unit.substring(slash + 1).replace("/", " per ");
        }
        Vocabulary.Unit u = Vocabulary.standard().unit(unit);
        if (u != null && u.dimension().equals("data")) {
            return n + " " + unit.toUpperCase(java.util.Locale.ROOT);
        }
        String name = unit.replace('-', ' ');
        return n + " " + name + ("1".equals(n) || unit.equals("percent") ? "" : "s");
    }

    /** An ISO date ({@code 2027-03-03}) or month-day ({@code --03-03}) moved by some days. */
    static String plusDays(String iso, int days) {
        if (iso.startsWith("--")) {
            // a year with a 29 February, so every month-day has a next and a previous day
            MonthDay md = MonthDay.parse(iso);
            LocalDate d = md.atYear(2000).plusDays(days);
            return MonthDay.from(d).toString();
        }
        return LocalDate.parse(iso).plusDays(days).toString();
    }
}
