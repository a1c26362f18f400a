package dev.unison.feedback.repository;

/**
 * The raw counts behind CSAT, NPS and CES of a set of survey answers; tallies of disjoint sets add up, which the
 * finished percentages would not.
 *
 * @param csatAnswers csat answers (scale 1–5)
 * @param csatSatisfied csat answers of 4 or 5
 * @param npsAnswers nps answers (scale 0–10)
 * @param promoters nps answers of 9 or 10
 * @param detractors nps answers of 0 to 6
 * @param cesAnswers ces answers
 * @param cesSum sum of the ces scores
 */
public record Tally(long csatAnswers, long csatSatisfied, long npsAnswers, long promoters, long detractors,
                   long cesAnswers, long cesSum) {
    public static final Tally EMPTY = new Tally(0, 0, 0, 0, 0, 0, 0);

    /** The SQL select list that yields a tally over rows with columns metric and score, in this order. */
    static final String SQL = """
            count(*) FILTER (WHERE metric = 'csat'),
            count(*) FILTER (WHERE metric = 'csat' AND score >= 4),
            count(*) FILTER (WHERE metric = 'nps'),
            count(*) FILTER (WHERE metric = 'nps' AND score >= 9),
            count(*) FILTER (WHERE metric = 'nps' AND score <= 6),
            count(*) FILTER (WHERE metric = 'ces'),
            coalesce(sum(score) FILTER (WHERE metric = 'ces'), 0)""";

    public Tally plus(Tally o) {
        return new Tally(csatAnswers + o.csatAnswers, csatSatisfied + o.csatSatisfied, npsAnswers + o.npsAnswers,
                promoters + o.promoters, detractors + o.detractors, cesAnswers + o.cesAnswers, cesSum + o.cesSum);
    }

    public long answers() {
        return csatAnswers + npsAnswers + cesAnswers;
    }

    /** Reads the seven columns of {@link #SQL} starting at the given column. */
    static Tally read(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
        return new Tally(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3),
                rs.getLong(first + 4), rs.getLong(first + 5), rs.getLong(first + 6));
    }
}
