package dev.unison.consistency.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unison.contracts.EventJson;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces an answer to the value it states, so answers are compared by value and not by text: "30 days",
 * "thirty days" and "30-day" all give {@code duration:P30D}; "14 days" gives {@code duration:P14D}. A structured
 * {@code value} sent by the producer wins over the text. Recognised: yes/no (and available / not available),
 * money, durations, dates, numbers (also written as words); anything else is compared as cleaned-up text.
 */
public final class AnswerNormalizer {
    private static final Map<String, Integer> SMALL = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
            Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
            Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14), Map.entry("fifteen", 15),
            Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
            Map.entry("nineteen", 19), Map.entry("twenty", 20), Map.entry("thirty", 30), Map.entry("forty", 40),
            Map.entry("fifty", 50), Map.entry("sixty", 60), Map.entry("seventy", 70), Map.entry("eighty", 80),
            Map.entry("ninety", 90));
    private static final Map<String, Integer> SCALES = Map.of("hundred", 100, "thousand", 1000);
    private static final Map<String, String> CURRENCIES = Map.ofEntries(
            Map.entry("$", "USD"), Map.entry("usd", "USD"), Map.entry("dollar", "USD"), Map.entry("dollars", "USD"),
            Map.entry("€", "EUR"), Map.entry("eur", "EUR"), Map.entry("euro", "EUR"), Map.entry("euros", "EUR"),
            Map.entry("£", "GBP"), Map.entry("gbp", "GBP"), Map.entry("pound", "GBP"), Map.entry("pounds", "GBP"));
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern MONEY = Pattern.compile(
            "^(?:([$€£]|usd|eur|gbp)\\s*)?(\\d+(?:\\.\\d+)?)\\s*([$€£]|usd|eur|gbp|dollars?|euros?|pounds?)?$");
    private static final Pattern DURATION = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(business days?|working days?|days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?)\\b");
    private static final Pattern ISO_DATE = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})$");
    private static final String MONTHS = "(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*";
    private static final Pattern MONTH_FIRST = Pattern.compile("^" + MONTHS + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})$");
    private static final Pattern DAY_FIRST = Pattern.compile("^(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTHS + ",?\\s+(\\d{4})$");
    private static final List<String> MONTH_KEYS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    private static final Pattern NEGATIVE = Pattern.compile(
            "^(no|nope|false|incorrect)\\b|\\b(not available|unavailable|not supported|unsupported|not included|"
                    + "not possible|not offered|isn't available|is not available|does not exist|doesn't exist)\\b");
    private static final Pattern POSITIVE = Pattern.compile(
            "^(yes|yeah|yep|sure|true|correct|of course)\\b|\\b(available|supported|included|possible|offered)\\b");

    /** Texts already normalised: the function is pure and the same answers recur (regular expressions cost). */
    private static final Map<String, String> RECENT = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 10_000;

    private AnswerNormalizer() {
    }

    /** The comparable value of an answer: the structured value when there is one, otherwise the text's. */
    public static String normalize(String answer, JsonNode value) {
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            if (value.isBoolean()) {
                return "bool:" + value.asBoolean();
            }
            if (value.isNumber()) {
                return "number:" + plain(value.decimalValue());
            }
            if (value.isTextual()) {
                return normalize(value.asText(), null);
            }
            try {
                Object tree = EventJson.MAPPER.convertValue(value, Object.class);
                return "json:" + EventJson.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                        .writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                return "json:" + value;
            }
        }
        String text = answer == null ? "" : answer;
        String known = RECENT.get(text);
        if (known == null) {
            known = normalizeText(text);
            if (RECENT.size() >= MAX_REMEMBERED) {
                RECENT.clear(); // departments repeat a small set of answers: a bound, not an eviction policy
            }
            RECENT.put(text, known);
        }
        return known;
    }

    static String normalizeText(String answer) {
        String text = answer.toLowerCase(Locale.ROOT)
                .replaceAll("[’']", "'")
                .replaceAll("(?<=\\d),(?=\\d{3}\\b)", "")
                .replaceAll("(?<=[a-z])-(?=[a-z0-9])|(?<=[0-9])-(?=[a-z])", " ")
                .replaceAll("[\"“”!?;:()]", " ")
                .replaceAll("\\.(?!\\d)", " ")
                .replaceAll("\\s+", " ")
                .trim();
        text = wordsToNumbers(text);
        String words = text.replace(",", " ").replaceAll("\\s+", " ").trim();
        int tokens = words.isEmpty() ? 0 : words.split(" ").length;

        String date = date(words);
        if (date != null) {
            return "date:" + date;
        }
        Matcher money = MONEY.matcher(words.replace(" ", ""));
        if (money.matches() && (money.group(1) != null || money.group(3) != null)) {
            String symbol = money.group(1) != null ? money.group(1) : money.group(3);
            return "money:" + CURRENCIES.get(symbol) + ":" + plain(new BigDecimal(money.group(2)));
        }
        Matcher numbers = NUMBER.matcher(words);
        int count = 0;
        while (numbers.find()) {
            count++;
        }
        Matcher duration = DURATION.matcher(words);
        if (count == 1 && tokens <= 8 && duration.find()) {
            return "duration:" + duration(new BigDecimal(duration.group(1)), duration.group(2));
        }
        if (tokens <= 6 || words.startsWith("yes") || words.startsWith("no ")) {
            if (NEGATIVE.matcher(words).find()) {
                return "bool:false";
            }
            if (POSITIVE.matcher(words).find()) {
                return "bool:true";
            }
        }
        if (words.matches("\\d+(\\.\\d+)?")) {
            return "number:" + plain(new BigDecimal(words));
        }
        if (words.matches("\\d+(\\.\\d+)? ?(%|percent)")) {
            return "percent:" + plain(new BigDecimal(words.replaceAll("[^0-9.]", "")));
        }
        return "text:" + words.replace(",", "");
    }

    /** "thirty" → "30", "one hundred and five" → "105", "twenty one" → "21"; other words stay. */
    static String wordsToNumbers(String text) {
        List<String> out = new ArrayList<>();
        String[] tokens = text.split(" ");
        int i = 0;
        while (i < tokens.length) {
            if (!SMALL.containsKey(tokens[i])) {
                out.add(tokens[i++]);
                continue;
            }
            long total = 0;
            long current = 0;
            while (i < tokens.length) {
                String t = tokens[i];
                if (SMALL.containsKey(t)) {
                    current += SMALL.get(t);
                } else if (SCALES.containsKey(t)) {
                    current = Math.max(current, 1) * SCALES.get(t);
                    if (SCALES.get(t) >= 1000) {
                        total += current;
                        current = 0;
                    }
                } else if (!("and".equals(t) && i + 1 < tokens.length && SMALL.containsKey(tokens[i + 1]))) {
                    break;
                }
                i++;
            }
            out.add(Long.toString(total + current));
        }
        return String.join(" ", out);
    }

    private static String duration(BigDecimal amount, String unit) {
        String n = plain(amount);
        if (unit.startsWith("business") || unit.startsWith("working")) {
            return "P" + n + "BD";
        }
        if (unit.startsWith("week")) {
            return "P" + plain(amount.multiply(BigDecimal.valueOf(7))) + "D";
        }
        if (unit.startsWith("day")) {
            return "P" + n + "D";
        }
        if (unit.startsWith("month")) {
            return "P" + n + "M";
        }
        if (unit.startsWith("year")) {
            return "P" + n + "Y";
        }
        if (unit.startsWith("h")) {
            return "PT" + n + "H";
        }
        return "PT" + n + "M";
    }

    private static String date(String words) {
        try {
            Matcher m = ISO_DATE.matcher(words);
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))).toString();
            }
            m = MONTH_FIRST.matcher(words);
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)))
                        .toString();
            }
            m = DAY_FIRST.matcher(words);
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)))
                        .toString();
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    private static int month(String name) {
        return MONTH_KEYS.indexOf(name.substring(0, 3)) + 1;
    }

    private static String plain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
