package dev.unison.consistency.answer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unison.contracts.EventJson;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * Reads the structured {@code value} of an answer (contract: {@code contracts/.../schemas/answer-value.json}):
 * {@code {"type": "quantity", "amount": 30, "unit": "day", "comparator": "at-most", "after": "delivery"}},
 * {@code {"type": "money", "amount": 10, "currency": "EUR", "per": "month"}},
 * {@code {"type": "interval", "min": 2, "max": 3, "unit": "business-day"}},
 * {@code {"type": "boolean", "value": true, "condition": {"type": "money", ...}}},
 * {@code {"type": "date", "date": "2027-03-03", "comparator": "at-most"}}. A plain boolean or number is read as
 * such, a string as answer text; an object without a type is compared by its JSON.
 */
final class StructuredValue {
    private static final Set<String> COMPARATORS = Set.of("exactly", "at-least", "more-than", "at-most", "less-than");

    private StructuredValue() {
    }

    static Reading read(JsonNode value, AnswerReader reader, String locale) {
        if (value.isBoolean()) {
            return Readings.described(new Reading(Reading.BOOLEAN, null, null, false, null, false, null,
                    value.asBoolean() ? "yes" : "no", null, value.toString(), null));
        }
        if (value.isNumber()) {
            return quantity(value.decimalValue(), Reading.NUMBER, "exactly", null, value.toString());
        }
        if (value.isTextual()) {
            return reader.readText(value.asText(), locale);
        }
        if (!value.isObject() || !value.has("type")) {
            return Reading.unread(canonical(value), "a structured value without a type");
        }
        try {
            return typed(value, canonical(value));
        } catch (IllegalArgumentException | DateTimeException e) {
            return Reading.unread(canonical(value), "a structured value the reader cannot use: " + e.getMessage());
        }
    }

    private static Reading typed(JsonNode v, String said) {
        String type = v.path("type").asText();
        String anchor = v.has("after") ? "after:" + v.path("after").asText()
                : v.has("before") ? "before:" + v.path("before").asText() : null;
        switch (type) {
            case "quantity" -> {
                Reading r = quantity(number(v, "amount"), unit(v), comparator(v), anchor, said);
                return r;
            }
            case "money" -> {
                return quantity(number(v, "amount"), money(v), comparator(v), null, said);
            }
            case "interval" -> {
                String unit = v.has("currency") ? money(v) : unit(v);
                BigDecimal min = v.has("min") ? number(v, "min") : null;
                BigDecimal max = v.has("max") ? number(v, "max") : null;
                if (min == null && max == null) {
                    throw new IllegalArgumentException("an interval needs min or max");
                }
                boolean minOpen = v.path("minExclusive").asBoolean(false);
                boolean maxOpen = v.path("maxExclusive").asBoolean(false);
                return Readings.described(new Reading(type(unit), unit, min == null ? null : AnswerReader.plain(min),
                        min != null && !minOpen, max == null ? null : AnswerReader.plain(max), max != null && !maxOpen,
                        anchor, null, null, said, null));
            }
            case "date" -> {
                String iso = LocalDate.parse(v.path("date").asText()).toString();
                Reading exact = new Reading(Reading.DATE, Reading.DAY_OF_YEAR, iso, true, iso, true, null, null, null,
                        said, null);
                return Readings.described(bound(exact, comparator(v)));
            }
            case "boolean" -> {
                if (!v.path("value").isBoolean()) {
                    throw new IllegalArgumentException("a boolean needs a true or false value");
                }
                String polarity = v.path("value").asBoolean() ? "yes" : "no";
                JsonNode condition = v.path("condition");
                if (condition.isTextual()) {
                    return Readings.described(new Reading(Reading.BOOLEAN, null, null, false, null, false, null,
                            polarity, condition.asText().toLowerCase(java.util.Locale.ROOT), said, null));
                }
                if (condition.isObject()) {
                    Reading c = typed(condition, said);
                    boolean free = Reading.NO_COST.equals(c.unit());
                    return Readings.described(new Reading(Reading.BOOLEAN, free ? null : c.unit(), free ? null : c.low(),
                            !free && c.lowIncluded(), free ? null : c.high(), !free && c.highIncluded(), c.anchor(),
                            polarity, null, said, null));
                }
                return Readings.described(new Reading(Reading.BOOLEAN, null, null, false, null, false, null, polarity,
                        null, said, null));
            }
            default -> throw new IllegalArgumentException("unknown type '" + type + "'");
        }
    }

    private static Reading quantity(BigDecimal amount, String unit, String comparator, String anchor, String said) {
        String n = AnswerReader.plain(amount);
        Reading exact = new Reading(type(unit), unit, n, true, n, true, anchor, null, null, said, null);
        return Readings.described(bound(exact, comparator));
    }

    private static Reading bound(Reading r, String comparator) {
        boolean date = Reading.DAY_OF_YEAR.equals(r.unit());
        String x = r.low();
        return switch (comparator) {
            case "at-least" -> with(r, x, true, null, false);
            case "more-than" -> date ? with(r, Readings.plusDays(x, 1), true, null, false) : with(r, x, false, null, false);
            case "at-most" -> with(r, null, false, x, true);
            case "less-than" -> date ? with(r, null, false, Readings.plusDays(x, -1), true) : with(r, null, false, x, false);
            default -> r;
        };
    }

    private static Reading with(Reading r, String low, boolean lowIn, String high, boolean highIn) {
        return new Reading(r.type(), r.unit(), low, lowIn, high, highIn, r.anchor(), r.polarity(), r.condition(),
                r.said(), r.means());
    }

    private static String type(String unit) {
        return Reading.DAY_OF_YEAR.equals(unit) ? Reading.DATE
                : Reading.NO_COST.equals(unit) || Vocabulary.standard().isMoney(unit) ? Reading.MONEY : Reading.QUANTITY;
    }

    private static BigDecimal number(JsonNode v, String field) {
        if (!v.path(field).isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return v.path(field).decimalValue();
    }

    private static String comparator(JsonNode v) {
        String c = v.path("comparator").asText("exactly");
        if (!COMPARATORS.contains(c)) {
            throw new IllegalArgumentException("unknown comparator '" + c + "'");
        }
        return c;
    }

    private static String unit(JsonNode v) {
        String unit = v.path("unit").asText(null);
        if (unit == null) {
            return Reading.NUMBER;
        }
        if (Vocabulary.standard().unit(unit) == null) {
            throw new IllegalArgumentException("unknown unit '" + unit + "'");
        }
        return unit;
    }

    private static String money(JsonNode v) {
        String currency = v.path("currency").asText("");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("a currency is three capital letters (ISO 4217)");
        }
        String per = v.path("per").asText(null);
        if (per != null && Vocabulary.standard().unit(per) == null) {
            throw new IllegalArgumentException("unknown period '" + per + "'");
        }
        return per == null ? currency : currency + "/" + per;
    }

    private static String canonical(JsonNode value) {
        try {
            Object tree = EventJson.MAPPER.convertValue(value, Object.class);
            return EventJson.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }
}
