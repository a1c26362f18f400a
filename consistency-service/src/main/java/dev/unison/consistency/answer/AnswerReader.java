package dev.unison.consistency.answer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.consistency.answer.Vocabulary.Conventions;
import dev.unison.consistency.answer.Vocabulary.Kind;
import dev.unison.consistency.answer.Vocabulary.Role;
import dev.unison.consistency.answer.Vocabulary.Token;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what an answer says ({@link Reading}): a structured {@code value} sent with the answer wins
 * ({@link StructuredValue}); otherwise the text is read with the language tables ({@link Vocabulary}). The text may
 * be a longer sentence: the reader finds the value in it ("You can return it within 30 days of delivery" is at most
 * 30 days after delivery) and ignores words it does not know, unless they follow a condition ("yes, but only on the
 * premium plan"). It does not guess: an answer with two values, a negated value, a number with a unit it does not
 * know or nothing it knows is unread, and compared with nothing but the same text.
 * <p>
 * Numbers and numeric dates follow the conventions of the source's locale when one is configured for it, else of
 * the language the answer is written in (German, French and Spanish words: decimal comma, day first), else of the
 * service's default locale. A date whose day is over 12, or written with dots, is day first whatever the locale.
 */
public final class AnswerReader {
    /** Readings of texts already read: the function is pure and departments repeat a small set of answers. */
    private static final int MAX_REMEMBERED = 10_000;
    private static final AnswerReader STANDARD = new AnswerReader("en", Map.of());

    private final Vocabulary words = Vocabulary.standard();
    private final String defaultLocale;
    private final TreeMap<String, String> sourceLocales = new TreeMap<>();
    private final Map<String, Reading> memo = new ConcurrentHashMap<>();

    /**
     * A reader whose default locale is {@code defaultLocale} (a language table: en, en-GB, de, fr, es...) and whose
     * answers from a source starting with one of {@code sourceLocales}' keys follow that key's locale.
     */
    public AnswerReader(String defaultLocale, Map<String, String> sourceLocales) {
        this.defaultLocale = known(defaultLocale);
        sourceLocales.forEach((source, locale) -> this.sourceLocales.put(source, known(locale)));
    }

    /** English, month first, for every source. */
    public static AnswerReader standard() {
        return STANDARD;
    }

    /** The locales there are tables for. */
    public static List<String> locales() {
        return List.copyOf(Vocabulary.standard().conventions.keySet());
    }

    private String known(String locale) {
        if (!words.conventions.containsKey(locale)) {
            throw new IllegalArgumentException("no answer table for locale '" + locale + "' (known: "
                    + String.join(", ", words.conventions.keySet()) + ")");
        }
        return locale;
    }

    /** The reading of an answer: its structured value when there is one, otherwise its text's. */
    public Reading read(String answer, JsonNode value, String source) {
        String locale = localeOf(source);
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            return StructuredValue.read(value, this, locale);
        }
        return readText(answer == null ? "" : answer, locale);
    }

    public Reading read(String answer) {
        return read(answer, null, null);
    }

    /** The locale configured for a source (the longest configured prefix), or null. */
    String localeOf(String source) {
        if (source == null || sourceLocales.isEmpty()) {
            return null;
        }
        Map.Entry<String, String> e = sourceLocales.floorEntry(source);
        while (e != null) {
            if (source.startsWith(e.getKey())) {
                return e.getValue();
            }
            e = sourceLocales.lowerEntry(e.getKey());
        }
        return null;
    }

    Reading readText(String text, String locale) {
        String key = locale == null ? text : locale + '\u0001' + text;
        Reading known = memo.get(key);
        if (known == null) {
            known = new Parse(text, locale).reading();
            if (memo.size() >= MAX_REMEMBERED) {
                memo.clear(); // a bound, not an eviction policy
            }
            memo.put(key, known);
        }
        return known;
    }

    // ---- the reading of one text

    /** A phrase of the answer: one or more tokens, with the roles the tables give it (none: a word not known). */
    private static final class Item {
        final String text;
        final char type;
        final int start;
        final int end;
        final List<Role> roles;
        /** The kinds of the roles as bits: asked many times per item. */
        final long kinds;
        BigDecimal number;
        boolean wordNumber;

        Item(String text, char type, int start, int end, List<Role> roles) {
            this.text = text;
            this.type = type;
            this.start = start;
            this.end = end;
            this.roles = roles == null ? List.of() : roles;
            long k = 0;
            for (Role r : this.roles) {
                k |= 1L << r.kind().ordinal();
            }
            this.kinds = k;
        }

        boolean has(Kind kind) {
            return (kinds & (1L << kind.ordinal())) != 0;
        }

        Role role(Kind kind) {
            for (Role r : roles) {
                if (r.kind() == kind) {
                    return r;
                }
            }
            return null;
        }

        boolean only(Kind kind) {
            return kinds == 1L << kind.ordinal();
        }

        boolean unknownWord() {
            return type == Token.WORD && roles.isEmpty();
        }

        boolean sign(String s) {
            return type == Token.SIGN && text.equals(s);
        }

        boolean integer() {
            return number != null && number.signum() >= 0 && number.stripTrailingZeros().scale() <= 0;
        }
    }

    /** A value found in the answer: an amount or range in a unit, or a date or date range; items [from, to). */
    private static final class Value {
        String unit;
        String low;
        String high;
        boolean lowIncluded = true;
        boolean highIncluded = true;
        String anchor;
        boolean prefixCurrency;
        boolean weak;
        int from;
        int to;

        boolean exact() {
            return low != null && low.equals(high);
        }

        String key() {
            return unit + (lowIncluded ? "[" : "(") + low + "," + high + (highIncluded ? "]" : ")") + anchor;
        }
    }

    private final class Parse {
        final String cleaned;
        final String locale;
        final List<Item> items;
        Conventions conventions;
        String unreadable;
        int spanStart = Integer.MAX_VALUE;
        int spanEnd = -1;

        Parse(String text, String locale) {
            this.cleaned = Vocabulary.clean(text);
            this.locale = locale;
            this.items = match(Vocabulary.tokens(cleaned));
        }

        /** Greedy longest match of the tokens against the phrase tree. */
        private List<Item> match(List<Token> tokens) {
            List<Item> out = new ArrayList<>(tokens.size());
            int i = 0;
            while (i < tokens.size()) {
                Token t = tokens.get(i);
                if (t.type() == Token.NUMBER || t.type() == Token.DATE) {
                    out.add(new Item(t.text(), t.type(), t.start(), t.end(), null));
                    i++;
                    continue;
                }
                Vocabulary.Node node = words.root;
                int best = -1;
                List<Role> roles = null;
                for (int j = i; j < tokens.size(); j++) {
                    node = node.next.get(tokens.get(j).text());
                    if (node == null) {
                        break;
                    }
                    if (node.roles != null) {
                        best = j;
                        roles = node.roles;
                    }
                }
                if (best < 0) {
                    out.add(new Item(t.text(), t.type(), t.start(), t.end(), null));
                    i++;
                } else {
                    Token last = tokens.get(best);
                    out.add(new Item(cleaned.substring(t.start(), last.end()), t.type(), t.start(), last.end(), roles));
                    i = best + 1;
                }
            }
            return out;
        }

        /** The language the words of the answer belong to, when they belong to one other than English. */
        private String language() {
            Map<String, Integer> votes = new HashMap<>();
            for (Item item : items) {
                String language = null;
                for (Role r : item.roles) {
                    if (language == null) {
                        language = r.language();
                    } else if (!language.equals(r.language())) {
                        language = "";
                    }
                }
                if (language != null && !language.isEmpty() && !language.startsWith("en")) {
                    votes.merge(language, 1, Integer::sum);
                }
            }
            return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        }

        Reading reading() {
            String language = locale != null ? locale : language();
            conventions = words.conventions.get(language != null ? language : defaultLocale);
            numbers();

            List<Value> values = new ArrayList<>();
            String polarity = null;
            String state = null;
            boolean negated = false;
            boolean conditional = false;
            boolean cost = false;
            boolean unknownUnit = false;
            List<String> restriction = new ArrayList<>();
            int firstContent = firstContent();
            int consumed = 0;
            int i = 0;
            while (i < items.size()) {
                Item item = items.get(i);
                if (i == firstContent && (item.has(Kind.YES) || item.has(Kind.NO)) && !item.has(Kind.NO_COST)
                        && item.number == null) {
                    polarity = item.has(Kind.YES) ? "yes" : "no";
                    use(item);
                    i++;
                    consumed = i;
                    continue;
                }
                Value value = value(i);
                if (value != null) {
                    comparator(value, consumed);
                    after(value);
                    values.add(value);
                    for (int k = value.from; k < value.to; k++) {
                        use(items.get(k));
                    }
                    if (!value.weak && value.unit.equals(Reading.NUMBER) && value.to < items.size()
                            && items.get(value.to).unknownWord()) {
                        unknownUnit = true;
                    }
                    i = value.to;
                    consumed = i;
                    continue;
                }
                if (item.has(Kind.UNAVAILABLE)) {
                    state = "no";
                    use(item);
                } else if (item.has(Kind.AVAILABLE)) {
                    state = negatedBefore(i) ? "no" : "yes";
                    use(item);
                } else if (item.has(Kind.NEGATION) && noCostAhead(i) > i) {
                    // "no shipping charge", "no setup fee": nothing to pay
                    Value free = new Value();
                    free.unit = Reading.NO_COST;
                    free.low = free.high = "0";
                    free.from = i;
                    free.to = noCostAhead(i);
                    values.add(free);
                    use(item);
                    use(items.get(free.to - 1));
                    i = free.to;
                    consumed = i;
                    continue;
                } else if (item.has(Kind.COST)) {
                    cost = true;
                    conditional = true;
                    use(item);
                } else if (item.has(Kind.CONDITION) && (!values.isEmpty() || polarity != null || state != null)) {
                    conditional = true;
                } else if (item.has(Kind.NEGATION) && !item.has(Kind.COMPARATOR) && !negatesState(i)) {
                    negated = true;
                } else if (conditional && item.unknownWord()) {
                    restriction.add(item.text);
                    use(item);
                }
                i++;
            }

            if (unreadable != null) {
                return Reading.unread(cleaned, unreadable);
            }
            if (unknownUnit) {
                return Reading.unread(cleaned, "a number with a unit the tables do not know");
            }
            List<Value> strong = new ArrayList<>();
            Map<String, Value> distinct = new HashMap<>();
            for (Value v : values) {
                if (!v.weak && distinct.putIfAbsent(v.key(), v) == null) {
                    strong.add(v);
                }
            }
            if (strong.isEmpty() && values.size() == 1 && polarity == null && state == null) {
                strong.add(values.get(0)); // a number said alone, in words: "thirty"
            }
            if (strong.size() > 1) {
                return Reading.unread(cleaned, "several values (" + strong.stream()
                        .map(v -> describe(v)).reduce((a, b) -> a + "; " + b).orElse("") + ")");
            }
            Value value = strong.isEmpty() ? null : strong.get(0);
            if (negated && value != null) {
                return Reading.unread(cleaned, "a value with a negation the reader cannot place");
            }
            if (polarity != null && state != null && !polarity.equals(state)) {
                if (!("no".equals(polarity) && value != null)) {
                    return Reading.unread(cleaned, "both yes and no");
                }
            }
            String condition = restriction.isEmpty() ? null : String.join(" ", restriction);
            if ("no".equals(state) && value != null && !"no".equals(polarity)) {
                return Reading.unread(cleaned, "a value said not to be available");
            }
            String said = spanEnd < 0 ? cleaned : cleaned.substring(spanStart, spanEnd);
            if (value != null && ("no".equals(polarity) || (polarity == null && !"yes".equals(state)))) {
                // "No, 30 days" corrects the question: the value is the answer
                return reading(typeOf(value.unit), value, null, condition, said);
            }
            String yesOrNo = polarity != null ? polarity : state;
            if (yesOrNo == null) {
                return Reading.unread(cleaned, negated ? "a negation of something the reader does not know"
                        : "no value, yes or no the reader knows");
            }
            if ("no".equals(yesOrNo)) {
                return reading(Reading.BOOLEAN, null, "no", condition, said);
            }
            if (value != null && Reading.NO_COST.equals(value.unit)) {
                value = null; // "yes, it's included": a yes at no cost is a plain yes
            } else if (value != null && words.isMoney(value.unit)) {
                condition = null; // the price is the condition
            } else if (value == null && cost) {
                condition = Reading.EXTRA_COST;
            }
            return reading(Reading.BOOLEAN, value, "yes", condition, said);
        }

        private Reading reading(String type, Value v, String polarity, String condition, String said) {
            Reading r = new Reading(type, v == null ? null : v.unit, v == null ? null : v.low,
                    v != null && v.lowIncluded, v == null ? null : v.high, v != null && v.highIncluded,
                    v == null ? null : v.anchor, polarity, condition, said, null);
            return Readings.described(r);
        }

        private String typeOf(String unit) {
            return Reading.DAY_OF_YEAR.equals(unit) ? Reading.DATE
                    : Reading.NO_COST.equals(unit) || words.isMoney(unit) ? Reading.MONEY : Reading.QUANTITY;
        }

        private String describe(Value v) {
            return Readings.described(new Reading(typeOf(v.unit), v.unit, v.low, v.lowIncluded, v.high,
                    v.highIncluded, v.anchor, null, null, null, null)).means();
        }

        private void use(Item item) {
            spanStart = Math.min(spanStart, item.start);
            spanEnd = Math.max(spanEnd, item.end);
        }

        private int firstContent() {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).type != Token.SIGN) {
                    return i;
                }
            }
            return -1;
        }

        /** After a negation, one or two unknown words and a cost ("no setup fee"): the index after it, else -1. */
        private int noCostAhead(int i) {
            for (int k = i + 1; k < Math.min(items.size(), i + 4); k++) {
                Item item = items.get(k);
                if (item.has(Kind.COST)) {
                    return k + 1;
                }
                if (!item.unknownWord() && !item.only(Kind.STOP)) {
                    return -1;
                }
            }
            return -1;
        }

        private boolean negatedBefore(int i) {
            for (int k = i - 1; k >= Math.max(0, i - 2); k--) {
                if (items.get(k).has(Kind.NEGATION)) {
                    return true;
                }
            }
            return false;
        }

        private boolean negatesState(int i) {
            for (int k = i + 1; k < Math.min(items.size(), i + 3); k++) {
                if (items.get(k).has(Kind.AVAILABLE)) {
                    return true;
                }
            }
            return i == firstContent() && items.get(i).has(Kind.NO);
        }

        // ---- numbers

        /** Gives number items their value: digits by the conventions, number words summed ("twenty one"). */
        private void numbers() {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (item.type == Token.NUMBER) {
                    Item next = at(i + 1);
                    item.number = literal(item.text, next != null && next.type == Token.SIGN && next.has(Kind.CURRENCY));
                    if (i + 1 < items.size() && items.get(i + 1).has(Kind.SCALE)) {
                        item.number = item.number.multiply(items.get(i + 1).role(Kind.SCALE).number());
                        items.remove(i + 1);
                    }
                } else if (item.has(Kind.NUMBER) || (item.has(Kind.SCALE) && !item.has(Kind.UNIT))) {
                    wordNumber(i);
                }
            }
        }

        /** Sums the number words from i on into item i, removing the others. */
        private void wordNumber(int i) {
            Item first = items.get(i);
            BigDecimal total = BigDecimal.ZERO;
            BigDecimal current = BigDecimal.ZERO;
            BigDecimal last = null;
            int j = i;
            int end = first.end;
            while (j < items.size()) {
                Item item = items.get(j);
                Role scale = item.role(Kind.SCALE);
                Role small = item.role(Kind.NUMBER);
                if (j > i && (item.has(Kind.JOINER) || item.sign("-")) && j + 1 < items.size()
                        && joins(last, items.get(j + 1).role(Kind.NUMBER))) {
                    j++;
                    continue;
                }
                if (scale != null && (j > i || small == null)) {
                    current = current.signum() == 0 ? scale.number() : current.multiply(scale.number());
                    if (scale.number().compareTo(BigDecimal.valueOf(1000)) >= 0) {
                        total = total.add(current);
                        current = BigDecimal.ZERO;
                    }
                    last = scale.number();
                } else if (small != null && (j == i || joins(last, small))) {
                    current = current.add(small.number());
                    last = small.number();
                } else {
                    break;
                }
                end = item.end;
                j++;
            }
            Item number = new Item(cleaned.substring(first.start, end), Token.NUMBER, first.start, end, first.roles);
            number.number = total.add(current);
            number.wordNumber = true;
            for (int k = j - 1; k > i; k--) {
                items.remove(k);
            }
            items.set(i, number);
        }

        /** Whether a number word follows on: "twenty one", "hundred and five", not "two three". */
        private boolean joins(BigDecimal last, Role next) {
            if (last == null || next == null) {
                return false;
            }
            BigDecimal n = next.number();
            boolean tens = last.compareTo(BigDecimal.valueOf(20)) >= 0 && last.compareTo(BigDecimal.valueOf(100)) < 0
                    && last.remainder(BigDecimal.TEN).signum() == 0;
            boolean scale = last.compareTo(BigDecimal.valueOf(100)) >= 0;
            return (tens && n.compareTo(BigDecimal.TEN) < 0 && n.signum() > 0) || (scale && n.compareTo(last) < 0);
        }

        /**
         * "1,500.00", "1.500,00", "50,00", "1,500" (grouping in English, 1.5 in German); "1.500 €" groups, as the
         * sign after the amount is the continental way of writing money.
         */
        private BigDecimal literal(String raw, boolean signAfter) {
            int dots = 0;
            int commas = 0;
            for (int k = 0; k < raw.length(); k++) {
                char c = raw.charAt(k);
                dots += c == '.' ? 1 : 0;
                commas += c == ',' ? 1 : 0;
            }
            String s;
            if (dots > 0 && commas > 0) {
                char decimal = raw.lastIndexOf('.') > raw.lastIndexOf(',') ? '.' : ',';
                s = raw.replace(decimal == '.' ? "," : ".", "").replace(',', '.');
            } else if (dots + commas == 0) {
                s = raw;
            } else {
                char sep = dots > 0 ? '.' : ',';
                int after = raw.length() - raw.lastIndexOf(sep) - 1;
                boolean grouping = dots + commas > 1
                        || (after == 3 && (sep != conventions.decimalSeparator() || (sep == '.' && signAfter)));
                s = grouping ? raw.replace(String.valueOf(sep), "") : raw.replace(sep, '.');
            }
            return new BigDecimal(s);
        }

        // ---- values

        private Item at(int i) {
            return i < items.size() ? items.get(i) : null;
        }

        private Value value(int i) {
            Value date = date(i);
            if (date != null) {
                return date;
            }
            Item item = items.get(i);
            if (item.has(Kind.NO_COST)) {
                Value v = new Value();
                v.unit = Reading.NO_COST;
                v.low = v.high = "0";
                v.from = i;
                v.to = i + 1;
                return v;
            }
            Value amount = amount(i);
            if (amount != null) {
                return range(amount);
            }
            // "a year", "an hour": one of the unit
            Item next = at(i + 1);
            if (item.has(Kind.ARTICLE) && next != null && next.has(Kind.UNIT) && !words.isMoney(next.role(Kind.UNIT).key())) {
                Value v = new Value();
                v.unit = next.role(Kind.UNIT).key();
                v.low = v.high = "1";
                v.from = i;
                v.to = i + 2;
                return v;
            }
            return null;
        }

        /** An amount at i: [currency] number [-] [unit | count | currency] [+] [per period]. */
        private Value amount(int i) {
            Item item = items.get(i);
            String currency = null;
            int j = i;
            if (item.has(Kind.CURRENCY) && at(i + 1) != null && at(i + 1).number != null) {
                currency = item.role(Kind.CURRENCY).key();
                j = i + 1;
            }
            Item number = at(j);
            if (number == null || number.number == null) {
                return null;
            }
            Value v = new Value();
            v.from = i;
            v.prefixCurrency = currency != null;
            v.low = v.high = plain(number.number);
            j++;
            boolean plus = false;
            if (at(j) != null && at(j).sign("+")) {
                plus = true;
                j++;
            }
            if (number.wordNumber && number.number.compareTo(BigDecimal.ONE) < 0 && at(j) != null
                    && at(j).has(Kind.ARTICLE) && at(j + 1) != null && at(j + 1).has(Kind.UNIT)) {
                j++; // "half a year", "half an hour"
            }
            if (at(j) != null && at(j).sign("-") && at(j + 1) != null
                    && (at(j + 1).has(Kind.UNIT) || at(j + 1).has(Kind.COUNT))) {
                j++; // "30-day"
            }
            Item unit = at(j);
            String key = null;
            if (currency == null && unit != null && unit.has(Kind.CURRENCY)) {
                currency = unit.role(Kind.CURRENCY).key();
                j++;
            } else if (currency != null && unit != null && currency.equals(unit.has(Kind.CURRENCY)
                    ? unit.role(Kind.CURRENCY).key() : null)) {
                j++; // "$50 USD"
            } else if (currency == null && unit != null && unit.has(Kind.UNIT)) {
                key = unit.role(Kind.UNIT).key();
                j++;
            } else if (currency == null && unit != null && unit.has(Kind.COUNT)) {
                key = unit.role(Kind.COUNT).key();
                j++;
            }
            if (at(j) != null && at(j).sign("+")) {
                plus = true;
                j++;
            }
            if (currency != null) {
                StringBuilder money = new StringBuilder(currency);
                j = per(money, j);
                key = money.toString();
            }
            v.unit = key == null ? Reading.NUMBER : key;
            v.weak = key == null && number.wordNumber;
            if (v.weak && number.number.compareTo(BigDecimal.ONE) < 0) {
                return null; // "half" alone is half of something not said
            }
            if (plus) {
                v.high = null;
                v.highIncluded = false;
            }
            v.to = j;
            return v;
        }

        /** "a month", "per user per month", "/month", "monthly" after money: appended to the money's unit. */
        private int per(StringBuilder money, int j) {
            for (int round = 0; round < 2; round++) {
                Item mark = at(j);
                Item unit = at(j + 1);
                if (mark != null && mark.has(Kind.PERIOD_WORD)) {
                    money.append('/').append(mark.role(Kind.PERIOD_WORD).key());
                    return j + 1;
                }
                if (mark != null && (mark.has(Kind.PERIOD_MARK) || mark.has(Kind.ARTICLE)) && unit != null) {
                    if (unit.has(Kind.COUNT)) {
                        money.append('/').append(unit.role(Kind.COUNT).key());
                        j += 2;
                        continue;
                    }
                    if (unit.has(Kind.UNIT) && words.unit(unit.role(Kind.UNIT).key()).dimension().endsWith("time")) {
                        money.append('/').append(unit.role(Kind.UNIT).key());
                        return j + 2;
                    }
                }
                return j;
            }
            return j;
        }

        /** "2-3 days", "2 to 3 days", "between 2 and 3 days", "€10-€20": a range of two amounts. */
        private Value range(Value first) {
            Item joiner = at(first.to);
            if (joiner == null) {
                return first;
            }
            boolean between = first.from > 0 && items.get(first.from - 1).has(Kind.BETWEEN);
            boolean unitless = first.unit.equals(Reading.NUMBER);
            // "2 or 3 days" is a range; "30 days or 60 days" two answers
            boolean joins = joiner.has(Kind.RANGE_JOINER) || (between && joiner.has(Kind.BETWEEN_JOINER))
                    || (unitless && joiner.has(Kind.ALTERNATIVE_JOINER));
            if (!joins || at(first.to + 1) == null) {
                return first;
            }
            Value second = amount(first.to + 1);
            if (second == null || second.low == null || second.high == null || first.high == null) {
                return first;
            }
            BigDecimal high = new BigDecimal(second.high);
            if (!unitless && !first.unit.equals(second.unit)) {
                // "6 months to 1 year": the high end in the low end's unit, when they share a dimension
                Vocabulary.Unit u1 = words.unit(first.unit);
                Vocabulary.Unit u2 = words.unit(second.unit);
                if (u1 == null || u2 == null || !u1.dimension().equals(u2.dimension())) {
                    return first;
                }
                high = high.multiply(u2.size()).divide(u1.size(), java.math.MathContext.DECIMAL64);
            }
            if (new BigDecimal(first.low).compareTo(unitless ? new BigDecimal(second.low) : high) >= 0) {
                return first;
            }
            Value range = new Value();
            range.unit = unitless ? second.unit : first.unit;
            range.low = first.low;
            range.high = unitless ? second.high : plain(high);
            range.from = between ? first.from - 1 : first.from;
            range.to = second.to;
            range.prefixCurrency = first.prefixCurrency;
            return range;
        }

        /** A date at i: numeric (3/3/2027, 15.03.2027, 2027-03-15) or written (March 3, 2027; 3. März 2027). */
        private Value date(int i) {
            Item item = items.get(i);
            if (item.type == Token.DATE) {
                return dateValue(numericDate(item.text), i, i + 1);
            }
            Integer month = null;
            Integer day = null;
            int j = i;
            if (item.has(Kind.MONTH) && !(item.has(Kind.UNIT) && i > 0 && items.get(i - 1).number != null)) {
                month = item.role(Kind.MONTH).number().intValue();
                j = skip(i + 1, Kind.DATE_WORD);
                Item d = at(j);
                if (d != null && d.integer() && !d.wordNumber && d.number.intValue() >= 1 && d.number.intValue() <= 31
                        && d.text.length() <= 2) {
                    day = d.number.intValue();
                    j = skip(j + 1, Kind.ORDINAL);
                } else if (d != null && d.integer() && d.text.length() == 4) {
                    unreadable = "a month without a day";
                    return null;
                } else {
                    return null;
                }
            } else if (item.integer() && !item.wordNumber && item.text.length() <= 2 && item.number.intValue() >= 1
                    && item.number.intValue() <= 31) {
                j = skip(i + 1, Kind.ORDINAL);
                if (at(j) != null && at(j).sign(".")) {
                    j++;
                }
                j = skip(j, Kind.DATE_WORD);
                Item m = at(j);
                if (m == null || !m.has(Kind.MONTH)) {
                    return null;
                }
                day = item.number.intValue();
                month = m.role(Kind.MONTH).number().intValue();
                j++;
            } else {
                return null;
            }
            int k = j;
            if (at(k) != null && at(k).sign(",")) {
                k++;
            }
            k = skip(k, Kind.DATE_WORD);
            Item y = at(k);
            Integer year = null;
            if (y != null && y.integer() && !y.wordNumber && y.text.length() == 4) {
                year = y.number.intValue();
                j = k + 1;
            }
            try {
                String iso = year != null ? LocalDate.of(year, month, day).toString()
                        : MonthDay.of(month, day).toString();
                return dateValue(iso, i, j);
            } catch (DateTimeException e) {
                unreadable = "not a date: " + cleaned.substring(item.start, at(j - 1).end);
                return null;
            }
        }

        private int skip(int j, Kind kind) {
            while (at(j) != null && at(j).has(kind) && at(j).number == null) {
                j++;
            }
            return j;
        }

        private String numericDate(String text) {
            try {
                String[] parts = text.split("[./-]");
                if (parts[0].length() == 4) {
                    return LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                            Integer.parseInt(parts[2])).toString();
                }
                int a = Integer.parseInt(parts[0]);
                int b = Integer.parseInt(parts[1]);
                int year = Integer.parseInt(parts[2]);
                year = parts[2].length() == 2 ? 2000 + year : year;
                boolean dayFirst = a > 12 || (b <= 12 && (text.indexOf('.') >= 0 || conventions.dayFirst()));
                return LocalDate.of(year, dayFirst ? b : a, dayFirst ? a : b).toString();
            } catch (DateTimeException | NumberFormatException e) {
                unreadable = "not a date: " + text;
                return null;
            }
        }

        private Value dateValue(String iso, int from, int to) {
            if (iso == null) {
                return null;
            }
            Value v = new Value();
            v.unit = Reading.DAY_OF_YEAR;
            v.low = v.high = iso;
            v.from = from;
            v.to = to;
            return v;
        }

        // ---- what surrounds a value

        /** A comparator before the value ("at least", "within", "no later than"), skipping a stop word or two. */
        private void comparator(Value v, int consumed) {
            if (v.low == null || !v.low.equals(v.high) && v.high != null) {
                return; // a range, or "30+"
            }
            if (v.high == null) {
                return;
            }
            int k = v.from - 1;
            int skipped = 0;
            while (k >= consumed && skipped < 2 && (items.get(k).only(Kind.STOP) || items.get(k).only(Kind.ARTICLE))) {
                k--;
                skipped++;
            }
            Role comparator = k >= consumed ? items.get(k).role(Kind.COMPARATOR) : null;
            if (comparator != null) {
                bound(v, comparator.key());
                use(items.get(k));
                v.from = k;
            }
        }

        /** After the value: a comparator ("or more", "at the latest"), then what a duration counts from. */
        private void after(Value v) {
            Item next = at(v.to);
            if (next != null && next.has(Kind.POST_COMPARATOR) && v.exact()) {
                bound(v, next.role(Kind.POST_COMPARATOR).key());
                v.to++;
            }
            next = at(v.to);
            if (next == null || !next.has(Kind.RELATION) || Reading.DAY_OF_YEAR.equals(v.unit) || words.isMoney(v.unit)) {
                return;
            }
            String relation = next.role(Kind.RELATION).key();
            for (int k = v.to + 1; k < Math.min(items.size(), v.to + 5); k++) {
                Item item = items.get(k);
                if (item.has(Kind.ANCHOR)) {
                    v.anchor = relation + ":" + item.role(Kind.ANCHOR).key();
                    v.to = k + 1;
                    return;
                }
                if (!(item.unknownWord() || item.has(Kind.STOP) || item.has(Kind.RELATION)
                        || item.has(Kind.DATE_WORD))) {
                    return;
                }
            }
        }

        private void bound(Value v, String comparator) {
            boolean date = Reading.DAY_OF_YEAR.equals(v.unit);
            String x = v.low;
            switch (comparator) {
                case "at-least" -> v.high = null;
                case "more-than" -> {
                    v.high = null;
                    if (date) {
                        v.low = Readings.plusDays(x, 1);
                    } else {
                        v.lowIncluded = false;
                    }
                }
                case "at-most" -> v.low = null;
                case "less-than" -> {
                    v.low = null;
                    if (date) {
                        v.high = Readings.plusDays(x, -1);
                    } else {
                        v.highIncluded = false;
                    }
                }
                default -> {
                    // exactly
                }
            }
            if (v.low == null) {
                v.lowIncluded = false;
            }
            if (v.high == null) {
                v.highIncluded = false;
            }
        }
    }

    static String plain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
