package dev.unison.consistency.answer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one answer says, typed, so that a person can audit it: {@code type} is quantity, money, date, boolean or
 * unread. Values are a set a customer would take the answer to promise: {@code low}..{@code high} in {@code unit}
 * (either side null when open, each side included or not), so "30 days" is [30, 30] day, "within 30 days" is
 * (.., 30] day, "more than 30 days" is (30, ..) day and "2-3 business days" is [2, 3] business-day. Money has its
 * currency (and period) as the unit ("EUR", "EUR/month"), or {@code no-cost} for "free", "included" and their kind;
 * dates are ISO dates ({@code --03-03} when no year was said). A boolean has its {@code polarity} (yes or no) and
 * may carry a value it depends on in the same fields ("yes, for an extra €10 a month": yes with EUR/month 10) and a
 * {@code condition} (the words of a restriction it could not read as a value, or {@value #EXTRA_COST}).
 * {@code anchor} is the event a duration counts from or to ("after:delivery"). {@code said} is the part of the
 * answer that was read (the whole cleaned text when nothing could be read), {@code means} the reading in words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reading(String type, String unit, String low, boolean lowIncluded, String high, boolean highIncluded,
                      String anchor, String polarity, String condition, String said, String means) {
    public static final String QUANTITY = "quantity";
    public static final String MONEY = "money";
    public static final String DATE = "date";
    public static final String BOOLEAN = "boolean";
    public static final String UNREAD = "unread";
    /** The unit of money that costs nothing: free, included, no charge, 0 EUR. */
    public static final String NO_COST = "no-cost";
    /** The unit of a number said without one. */
    public static final String NUMBER = "number";
    /** The unit of dates. */
    public static final String DAY_OF_YEAR = "date";
    /** The condition of a yes that costs something the answer does not say: "yes, for a fee". */
    public static final String EXTRA_COST = "extra cost";

    /** An answer that could not be read: {@code why} says what was in the way. */
    public static Reading unread(String text, String why) {
        return new Reading(UNREAD, null, null, false, null, false, null, null, null,
                text.replaceAll("[.,;:!?()\"]+", " ").replaceAll("\\s+", " ").trim(), why);
    }

    @JsonIgnore
    public boolean isRead() {
        return !UNREAD.equals(type);
    }

    /** Whether the reading holds a value (a quantity, money, a date, or the value a boolean depends on). */
    @JsonIgnore
    public boolean hasValue() {
        return unit != null;
    }

    /** One string per reading: equal readings have equal keys (the stores keep one slot per department and key). */
    @JsonIgnore
    public String key() {
        if (!isRead()) {
            return "unread:" + said;
        }
        StringBuilder key = new StringBuilder(type);
        if (polarity != null) {
            key.append(':').append(polarity);
        }
        if (unit != null) {
            key.append(':').append(unit).append(lowIncluded ? '[' : '(').append(low == null ? "" : low).append(',')
                    .append(high == null ? "" : high).append(highIncluded ? ']' : ')');
        }
        if (anchor != null) {
            key.append(':').append(anchor);
        }
        if (condition != null) {
            key.append(':').append(condition);
        }
        return key.toString();
    }

    /** The value this reading holds, as a reading of its own (for a boolean, the value it depends on). */
    Reading value() {
        String valueType = DAY_OF_YEAR.equals(unit) ? DATE
                : NO_COST.equals(unit) || Vocabulary.standard().isMoney(unit) ? MONEY : QUANTITY;
        return new Reading(valueType, unit, low, lowIncluded, high, highIncluded, anchor, null, null, said, means);
    }
}
