package dev.unison.feedback.service;

import dev.unison.feedback.repository.Tally;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * CSAT, NPS and CES of a set of survey answers, each with its number of answers n, so that a figure from 3 answers
 * is not read like one from 3,000. A value is null when n is 0. Values are rounded to two decimals.
 *
 * @param csat  percentage of csat answers scoring 4 or 5 on the 1–5 scale (0–100)
 * @param nps   percentage of promoters (9–10) minus percentage of detractors (0–6), in points (−100 to 100)
 * @param ces   mean ces score
 * @param answers all survey answers counted (csat, nps and ces together)
 */
public record Scores(Score csat, Score nps, Score ces, long answers) {

    /** One figure and the number of answers behind it. */
    public record Score(Double value, long n) {
    }

    public static Scores of(Tally t) {
        Double csat = t.csatAnswers() == 0 ? null : round(100.0 * t.csatSatisfied() / t.csatAnswers());
        Double nps = t.npsAnswers() == 0 ? null
                : round(100.0 * (t.promoters() - t.detractors()) / t.npsAnswers());
        Double ces = t.cesAnswers() == 0 ? null : round((double) t.cesSum() / t.cesAnswers());
        return new Scores(new Score(csat, t.csatAnswers()), new Score(nps, t.npsAnswers()),
                new Score(ces, t.cesAnswers()), t.answers());
    }

    static Double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    /** a − b of each figure, or null where either is missing. */
    public static Difference difference(Scores a, Scores b) {
        return new Difference(minus(a.csat, b.csat), minus(a.nps, b.nps), minus(a.ces, b.ces));
    }

    private static Double minus(Score a, Score b) {
        return a.value() == null || b.value() == null ? null : round(a.value() - b.value());
    }

    /** Differences of CSAT (percentage points), NPS (points) and CES (score). */
    public record Difference(Double csat, Double nps, Double ces) {
    }
}
