package dev.unison.consistency.answer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.EventJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words answers are read with: the language tables ({@code answers/<language>.json}, listed in
 * {@code answers/languages}) merged into one phrase tree, each phrase with its roles (a unit, a comparator, a number
 * word...) and the language it comes from; the units ({@code answers/units.json}); and each language's conventions
 * (decimal separator, day or month first in numeric dates). A phrase may have several roles; the reader picks by
 * context ("min" after a number is minutes, before one it is a minimum).
 */
final class Vocabulary {
    enum Kind {
        NUMBER, SCALE, JOINER, ARTICLE, ORDINAL, UNIT, COUNT, CURRENCY, PERIOD_WORD, PERIOD_MARK, COMPARATOR,
        POST_COMPARATOR, BETWEEN, BETWEEN_JOINER, RANGE_JOINER, ALTERNATIVE_JOINER, MONTH, DATE_WORD, YES, NO, AVAILABLE, UNAVAILABLE,
        NO_COST, CONDITION, COST, ANCHOR, RELATION, NEGATION, STOP
    }

    /** One role of a phrase: its kind, the key it stands for (a unit, a comparator, a currency...), its number. */
    record Role(Kind kind, String key, BigDecimal number, String language) {
    }

    /** A language's ways of writing numbers and dates. */
    record Conventions(String language, boolean dayFirst, char decimalSeparator) {
    }

    /** A unit: its dimension and its size in the dimension's base unit. */
    record Unit(String key, String dimension, BigDecimal size) {
    }

    /** A token of an answer: a number, a numeric date, a word, or a sign; offsets into the cleaned text. */
    record Token(String text, char type, int start, int end) {
        static final char NUMBER = 'n';
        static final char DATE = 'd';
        static final char WORD = 'w';
        static final char SIGN = 's';
    }

    static final class Node {
        final Map<String, Node> next = new HashMap<>(4);
        List<Role> roles;
    }

    private static final Pattern TOKEN = Pattern.compile(
            "(?<date>\\d{4}-\\d{1,2}-\\d{1,2}(?!\\d)|\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})(?![\\d]))"
                    + "|(?<number>\\d+(?:[.,]\\d+)*)"
                    + "|(?<word>[a-z]'(?=\\p{L})|\\p{L}+(?:'\\p{L}+)*)"
                    + "|(?<sign>[€$£¥%+/\\-:,;.()!?&])");
    private static final Pattern GROUPING_SPACE = Pattern.compile("(?<=\\d)[\\u00A0\\u202F\\u2009](?=\\d{3})");
    private static final Pattern DASHES = Pattern.compile("[\\u2010-\\u2015\\u2212]");
    private static final Pattern QUOTES = Pattern.compile("[\\u2018\\u2019\\u02BC`´]");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u202F\\u2009]+");
    /** "1 000 €": a space between one to three digits and three more groups them (French, and written by hand). */
    private static final Pattern GROUPED = Pattern.compile("(?<![\\d.,])(\\d{1,3}) (?=\\d{3}(?![\\d]))");

    private static final Vocabulary STANDARD = load();

    final Node root = new Node();
    final Map<String, Conventions> conventions = new LinkedHashMap<>();
    final Map<String, Unit> units = new HashMap<>();
    final Map<String, String> families = new HashMap<>();
    final Map<String, BigDecimal> tolerance = new HashMap<>();
    /** Units of two dimensions customers take as one (a month and 30 days): unit → other unit → how many. */
    final Map<String, Map<String, BigDecimal>> equivalences = new HashMap<>();

    private Vocabulary() {
    }

    static Vocabulary standard() {
        return STANDARD;
    }

    /** Lower case, one kind of dash and quote, single spaces; spaces that group digits ("1 500") dropped. */
    static String clean(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        t = GROUPING_SPACE.matcher(t).replaceAll("");
        t = DASHES.matcher(t).replaceAll("-");
        t = QUOTES.matcher(t).replaceAll("'");
        t = SPACES.matcher(t).replaceAll(" ").trim();
        return GROUPED.matcher(t).replaceAll("$1");
    }

    static List<Token> tokens(String cleaned) {
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(cleaned);
        while (m.find()) {
            char type = m.group("date") != null ? Token.DATE : m.group("number") != null ? Token.NUMBER
                    : m.group("word") != null ? Token.WORD : Token.SIGN;
            tokens.add(new Token(m.group(), type, m.start(), m.end()));
        }
        return tokens;
    }

    boolean isMoney(String unit) {
        if (unit == null) {
            return false;
        }
        // currencies are ISO 4217 codes, the only units in capitals
        return unit.length() >= 3 && Character.isUpperCase(unit.charAt(0)) && Character.isUpperCase(unit.charAt(1))
                && Character.isUpperCase(unit.charAt(2)) && (unit.length() == 3 || unit.charAt(3) == '/');
    }

    /**
     * The dimension of a unit and its size in the dimension's base: money per period is money per base of the
     * period's dimension ("EUR/year" is EUR per calendar-time, size 1/12); a count noun is count:noun; null when the
     * unit is not known.
     */
    Unit unit(String key) {
        Unit known = units.get(key);
        if (known != null || key == null) {
            return known;
        }
        if (isMoney(key)) {
            String[] parts = key.split("/");
            StringBuilder dimension = new StringBuilder("money:").append(parts[0]);
            BigDecimal size = BigDecimal.ONE;
            for (int i = 1; i < parts.length; i++) {
                Unit per = units.get(parts[i]);
                if (per == null) {
                    dimension.append('/').append(parts[i]);
                } else {
                    dimension.append('/').append(per.dimension());
                    size = size.divide(per.size(), MathContext.DECIMAL64);
                }
            }
            return new Unit(key, dimension.toString(), size);
        }
        return null;
    }

    /** The family of a dimension (durations, amounts, counts, data, dates). */
    String family(String dimension) {
        int colon = dimension.indexOf(':');
        return families.getOrDefault(colon < 0 ? dimension : dimension.substring(0, colon), dimension);
    }

    // ---- loading

    private static Vocabulary load() {
        Vocabulary v = new Vocabulary();
        JsonNode units = json("answers/units.json");
        units.path("families").fields().forEachRemaining(e -> v.families.put(e.getKey(), e.getValue().asText()));
        units.path("units").fields().forEachRemaining(e -> v.units.put(e.getKey(), new Unit(e.getKey(),
                e.getValue().path("dimension").asText(), new BigDecimal(e.getValue().path("size").asText()))));
        units.path("tolerance").fields().forEachRemaining(e -> {
            if (!e.getKey().equals("_")) {
                v.tolerance.put(e.getKey(), new BigDecimal(e.getValue().asText()));
            }
        });
        units.path("equivalences").fields().forEachRemaining(e -> {
            if (!e.getKey().equals("_")) {
                e.getValue().fields().forEachRemaining(to -> v.equivalences.computeIfAbsent(e.getKey(),
                        k -> new HashMap<>()).put(to.getKey(), new BigDecimal(to.getValue().asText())));
            }
        });
        for (String name : tableNames()) {
            v.add(json("answers/" + name + ".json"));
        }
        return v;
    }

    private static List<String> tableNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = resource("answers/languages");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static JsonNode json(String path) {
        try (InputStream in = resource(path)) {
            return EventJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer table " + path, e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = Vocabulary.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("answer table " + path + " is missing from the class path");
        }
        return in;
    }

    /** Adds one language table: its conventions and every phrase under its roles. */
    private void add(JsonNode table) {
        String language = table.path("language").asText();
        conventions.put(language, new Conventions(language,
                "day-first".equals(table.path("dateOrder").asText("month-first")),
                table.path("decimalSeparator").asText(".").charAt(0)));
        table.path("numbers").fields().forEachRemaining(e ->
                put(e.getKey(), new Role(Kind.NUMBER, null, e.getValue().decimalValue(), language)));
        table.path("scales").fields().forEachRemaining(e ->
                put(e.getKey(), new Role(Kind.SCALE, null, e.getValue().decimalValue(), language)));
        words(table, "joiners", Kind.JOINER, language);
        words(table, "articles", Kind.ARTICLE, language);
        words(table, "ordinalSuffixes", Kind.ORDINAL, language);
        keyed(table, "units", Kind.UNIT, language);
        keyed(table, "counts", Kind.COUNT, language);
        table.path("counts").fieldNames().forEachRemaining(noun ->
                units.putIfAbsent(noun, new Unit(noun, "count:" + noun, BigDecimal.ONE)));
        keyed(table, "currencies", Kind.CURRENCY, language);
        keyed(table, "periodWords", Kind.PERIOD_WORD, language);
        words(table, "periodMarkers", Kind.PERIOD_MARK, language);
        keyed(table, "comparators", Kind.COMPARATOR, language);
        keyed(table, "postComparators", Kind.POST_COMPARATOR, language);
        words(table, "between", Kind.BETWEEN, language);
        words(table, "betweenJoiners", Kind.BETWEEN_JOINER, language);
        words(table, "rangeJoiners", Kind.RANGE_JOINER, language);
        words(table, "alternativeJoiners", Kind.ALTERNATIVE_JOINER, language);
        JsonNode months = table.path("months");
        for (int m = 0; m < months.size(); m++) {
            for (JsonNode name : months.get(m)) {
                put(name.asText(), new Role(Kind.MONTH, null, BigDecimal.valueOf(m + 1), language));
            }
        }
        words(table, "dateWords", Kind.DATE_WORD, language);
        words(table, "yes", Kind.YES, language);
        words(table, "no", Kind.NO, language);
        words(table, "available", Kind.AVAILABLE, language);
        words(table, "unavailable", Kind.UNAVAILABLE, language);
        words(table, "noCost", Kind.NO_COST, language);
        words(table, "conditions", Kind.CONDITION, language);
        words(table, "costMarkers", Kind.COST, language);
        keyed(table, "anchors", Kind.ANCHOR, language);
        keyed(table, "relations", Kind.RELATION, language);
        words(table, "negations", Kind.NEGATION, language);
        words(table, "stopWords", Kind.STOP, language);
    }

    private void words(JsonNode table, String field, Kind kind, String language) {
        for (JsonNode phrase : table.path(field)) {
            put(phrase.asText(), new Role(kind, null, null, language));
        }
    }

    private void keyed(JsonNode table, String field, Kind kind, String language) {
        table.path(field).fields().forEachRemaining(e -> {
            if (!e.getKey().equals("_")) {
                for (JsonNode phrase : e.getValue()) {
                    put(phrase.asText(), new Role(kind, e.getKey(), null, language));
                }
            }
        });
    }

    private void put(String phrase, Role role) {
        List<Token> tokens = tokens(clean(phrase));
        if (tokens.isEmpty()) {
            return;
        }
        Node node = root;
        for (Token t : tokens) {
            node = node.next.computeIfAbsent(t.text(), k -> new Node());
        }
        if (node.roles == null) {
            node.roles = new ArrayList<>(2);
        }
        for (Role known : node.roles) {
            if (known.kind() == role.kind() && java.util.Objects.equals(known.key(), role.key())
                    && java.util.Objects.equals(known.number(), role.number())) {
                return; // the same phrase in two languages: one role, its first language
            }
        }
        node.roles.add(role);
    }
}
