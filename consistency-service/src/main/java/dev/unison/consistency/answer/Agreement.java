package dev.unison.consistency.answer;

import dev.unison.consistency.answer.Vocabulary.Unit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Objects;

/**
 * Whether two readings say the same thing to a customer. Values are the same when they promise the same set
 * ("within 30 days" and "up to thirty days"), or when one is a single value on the other's stated bound, open on
 * the other side ("30 days" and "within 30 days", "at least 30 days"); otherwise they differ ("more than 30 days"
 * and "30 days", "2-3 days" and "3 days", "at least" and "at most"). Units convert inside a dimension (12 months
 * and 1 year, 24 hours and 1 day, 1 GB and 1000 MB) and never across dimensions: calendar and business days, days
 * and months differ. A number said alone compares with any amount. Two different events a duration counts from
 * differ. A yes differs from a no; a yes at a price differs from a plain or free yes, and from a yes at another
 * price. Free, no charge, included and 0 EUR are one value. A reading that cannot be compared (unread, a date
 * against a duration, a restriction the reader could not read) is {@link #NOT_COMPARABLE}: no conflict is claimed.
 */
public enum Agreement {
    SAME, DIFFERENT, NOT_COMPARABLE;

    /** Amounts converted to a base unit are compared to 12 digits (120 a year is 10 a month). */
    private static final MathContext SIGNIFICANT = new MathContext(12);

    public static Agreement of(Reading a, Reading b) {
        if (!a.isRead() || !b.isRead()) {
            return !a.isRead() && !b.isRead() && a.said().equals(b.said()) ? SAME : NOT_COMPARABLE;
        }
        boolean boolA = Reading.BOOLEAN.equals(a.type());
        boolean boolB = Reading.BOOLEAN.equals(b.type());
        if (boolA && boolB) {
            return booleans(a, b);
        }
        if (boolA || boolB) {
            return booleanAndValue(boolA ? a : b, boolA ? b : a);
        }
        Agreement values = values(a, b);
        return values == SAME ? conditions(a.condition(), b.condition()) : values;
    }

    private static Agreement booleans(Reading a, Reading b) {
        if (!a.polarity().equals(b.polarity())) {
            return DIFFERENT;
        }
        if ("no".equals(a.polarity())) {
            return SAME;
        }
        Cost costA = cost(a);
        Cost costB = cost(b);
        if ((costA == Cost.NONE) != (costB == Cost.NONE)) {
            return DIFFERENT; // a plain or free yes against a yes at a price
        }
        if (costA == Cost.AMOUNT && costB == Cost.AMOUNT) {
            return values(a.value(), b.value());
        }
        if (costA == Cost.NONE && a.hasValue() && b.hasValue()) {
            Agreement values = values(a.value(), b.value());
            if (values != SAME) {
                return values;
            }
        }
        return conditions(restriction(a), restriction(b));
    }

    private static Agreement booleanAndValue(Reading bool, Reading value) {
        if ("no".equals(bool.polarity())) {
            return NOT_COMPARABLE;
        }
        boolean money = isMoney(value);
        Cost cost = cost(bool);
        if (cost == Cost.AMOUNT || (bool.hasValue() && !money)) {
            Agreement values = values(bool.value(), value);
            return values == SAME ? conditions(restriction(bool), value.condition()) : values;
        }
        if (!money) {
            return NOT_COMPARABLE;
        }
        boolean free = isZero(value);
        if (cost == Cost.UNKNOWN) {
            return free ? DIFFERENT : SAME;
        }
        // a plain yes to a question of cost is "included"
        return free ? conditions(restriction(bool), value.condition()) : DIFFERENT;
    }

    private enum Cost { NONE, AMOUNT, UNKNOWN }

    private static Cost cost(Reading yes) {
        if (yes.hasValue() && isMoney(yes) && !isZero(yes)) {
            return Cost.AMOUNT;
        }
        return Reading.EXTRA_COST.equals(yes.condition()) ? Cost.UNKNOWN : Cost.NONE;
    }

    private static String restriction(Reading r) {
        return Reading.EXTRA_COST.equals(r.condition()) ? null : r.condition();
    }

    /** Restrictions the reader could not read: the same words, or none on either side; else not comparable. */
    private static Agreement conditions(String a, String b) {
        return Objects.equals(a, b) ? SAME : NOT_COMPARABLE;
    }

    private static boolean isMoney(Reading r) {
        return Reading.NO_COST.equals(r.unit()) || Vocabulary.standard().isMoney(r.unit());
    }

    private static boolean isZero(Reading r) {
        return Reading.NO_COST.equals(r.unit()) || (r.low() != null && r.low().equals(r.high())
                && new BigDecimal(r.low()).signum() == 0);
    }

    private static Agreement values(Reading a, Reading b) {
        if (a.anchor() != null && b.anchor() != null && !a.anchor().equals(b.anchor())) {
            return DIFFERENT;
        }
        boolean dateA = Reading.DAY_OF_YEAR.equals(a.unit());
        boolean dateB = Reading.DAY_OF_YEAR.equals(b.unit());
        if (dateA || dateB) {
            return dateA && dateB ? bounds(a, b, BigDecimal.ONE, BigDecimal.ONE, null) : NOT_COMPARABLE;
        }
        if (Reading.NUMBER.equals(a.unit()) || Reading.NUMBER.equals(b.unit())) {
            return bounds(a, b, BigDecimal.ONE, BigDecimal.ONE, null);
        }
        if (isMoney(a) && isMoney(b) && (isZero(a) || isZero(b))) {
            return isZero(a) && isZero(b) ? SAME : DIFFERENT; // nothing to pay is nothing in any currency
        }
        Vocabulary words = Vocabulary.standard();
        Unit ua = words.unit(a.unit());
        Unit ub = words.unit(b.unit());
        if (ua == null || ub == null) {
            return NOT_COMPARABLE;
        }
        if (!ua.dimension().equals(ub.dimension())) {
            if (!words.family(ua.dimension()).equals(words.family(ub.dimension()))) {
                return NOT_COMPARABLE;
            }
            Agreement equivalent = equivalent(a, b, ua, ub, words);
            return equivalent != null ? equivalent : equivalent(b, a, ub, ua, words) != null ? SAME : DIFFERENT;
        }
        return bounds(a, b, ua.size(), ub.size(), words.tolerance.get(ua.dimension()));
    }

    /**
     * Whether a customer takes the two as one although their units do not convert: "1 month" and "30 days", "1 year"
     * and "365 days" (the equivalences of answers/units.json, on the unit said); null when there is none.
     */
    private static Agreement equivalent(Reading a, Reading b, Unit ua, Unit ub, Vocabulary words) {
        for (Map.Entry<String, Map<String, BigDecimal>> e : words.equivalences.entrySet()) {
            Unit from = words.unit(e.getKey());
            for (Map.Entry<String, BigDecimal> to : e.getValue().entrySet()) {
                Unit target = words.unit(to.getKey());
                if (from.key().equals(ua.key()) && target.dimension().equals(ub.dimension())) {
                    // months said, counted in days: 3 months is 90 days
                    Reading inTarget = scaled(a, BigDecimal.ONE, to.getValue(), target.key());
                    if (inTarget != null && bounds(inTarget, b, target.size(), ub.size(), null) == SAME) {
                        return SAME;
                    }
                }
            }
        }
        return null;
    }

    /** The reading's amounts in whole units of {@code from} (divided by per), times {@code factor}, in {@code unit}. */
    private static Reading scaled(Reading r, BigDecimal per, BigDecimal factor, String unit) {
        String low = scale(r.low(), per, factor);
        String high = scale(r.high(), per, factor);
        if ((r.low() != null && low == null) || (r.high() != null && high == null)) {
            return null;
        }
        return new Reading(r.type(), unit, low, r.lowIncluded(), high, r.highIncluded(), r.anchor(), null, null,
                null, null);
    }

    private static String scale(String amount, BigDecimal per, BigDecimal factor) {
        if (amount == null) {
            return null;
        }
        BigDecimal whole = new BigDecimal(amount).divide(per, MathContext.DECIMAL64);
        if (whole.stripTrailingZeros().scale() > 0) {
            return null; // only whole months, whole years
        }
        return whole.multiply(factor).toPlainString();
    }

    /** Same set, or a single value on the other's bound with the other side open. */
    private static Agreement bounds(Reading a, Reading b, BigDecimal sizeA, BigDecimal sizeB, BigDecimal tolerance) {
        boolean sameLow = a.low() == null ? b.low() == null
                : b.low() != null && a.lowIncluded() == b.lowIncluded() && eq(a.low(), sizeA, b.low(), sizeB, tolerance);
        boolean sameHigh = a.high() == null ? b.high() == null
                : b.high() != null && a.highIncluded() == b.highIncluded()
                && eq(a.high(), sizeA, b.high(), sizeB, tolerance);
        if (sameLow && sameHigh) {
            return SAME;
        }
        return onBound(a, b, sizeA, sizeB, tolerance) || onBound(b, a, sizeB, sizeA, tolerance) ? SAME : DIFFERENT;
    }

    private static boolean onBound(Reading single, Reading ray, BigDecimal sizeS, BigDecimal sizeR,
                                   BigDecimal tolerance) {
        if (single.low() == null || !single.low().equals(single.high())) {
            return false;
        }
        if (ray.low() != null && ray.high() == null && ray.lowIncluded()) {
            return eq(single.low(), sizeS, ray.low(), sizeR, tolerance);
        }
        if (ray.high() != null && ray.low() == null && ray.highIncluded()) {
            return eq(single.low(), sizeS, ray.high(), sizeR, tolerance);
        }
        return false;
    }

    private static boolean eq(String x, BigDecimal sizeX, String y, BigDecimal sizeY, BigDecimal tolerance) {
        if (x.startsWith("--") || y.startsWith("--") || x.indexOf('-', 1) > 0 || y.indexOf('-', 1) > 0) {
            // dates: a date said without its year is the same day in any year
            return x.startsWith("--") || y.startsWith("--") ? x.substring(x.length() - 5).equals(y.substring(y.length() - 5))
                    : x.equals(y);
        }
        BigDecimal bx = new BigDecimal(x).multiply(sizeX, MathContext.DECIMAL64).round(SIGNIFICANT);
        BigDecimal by = new BigDecimal(y).multiply(sizeY, MathContext.DECIMAL64).round(SIGNIFICANT);
        if (tolerance == null) {
            return bx.compareTo(by) == 0;
        }
        BigDecimal larger = bx.abs().max(by.abs());
        return larger.signum() == 0
                || bx.subtract(by).abs().divide(larger, MathContext.DECIMAL64).compareTo(tolerance) <= 0;
    }
}
