package dev.unison.contracts;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The limits every Unison service applies to JSON it reads, over REST and Kafka alike: the parser's
 * {@link StreamReadConstraints} (nesting, number, string, name and document length) and the text rule no schema can
 * say (no NUL, no unpaired surrogate, no non-finite number). The per-field limits (maxLength, maxItems,
 * maxProperties, ranges) are in the JSON Schemas; contracts/README.md has the table.
 */
public final class JsonLimits {
    /** Deepest nesting of objects and arrays in one document; an event needs 4 (envelope, data, value, one more). */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest number, in characters; a long or a double needs at most 25. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Longest string value, in characters; the schemas allow at most 4,000. */
    public static final int MAX_STRING_LENGTH = 65_536;
    /** Longest property name, in characters; the schemas allow at most 64. */
    public static final int MAX_NAME_LENGTH = 256;
    /** Largest document, in bytes: above the REST body limit (1 MiB) and Kafka's record limit (1 MB). */
    public static final long MAX_DOCUMENT_LENGTH = 2L * 1024 * 1024;
    /** Largest single event, in bytes, so that it fits in a Kafka record of the broker's default limit (1 MB). */
    public static final int MAX_EVENT_BYTES = 512 * 1024;
    /** Most problems listed in one problem document; {@code errorCount} says how many there were in all. */
    public static final int MAX_LISTED_ERRORS = 100;

    public static final StreamReadConstraints READ = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxDocumentLength(MAX_DOCUMENT_LENGTH)
            .build();

    private JsonLimits() {
    }

    /**
     * Every string (and property name) holding U+0000 or an unpaired surrogate, and every number that is not finite,
     * by its JSON Pointer below {@code prefix}. PostgreSQL refuses such text in json, jsonb and text columns, and a
     * lone surrogate is not Unicode text at all, so the contracts refuse them at the door.
     */
    public static List<Violation> textProblems(JsonNode node, String prefix) {
        List<Violation> out = new ArrayList<>();
        walk(node, prefix, out);
        return out;
    }

    private static void walk(JsonNode node, String pointer, List<Violation> out) {
        if (node.isTextual()) {
            String problem = textProblem(node.textValue());
            if (problem != null) {
                out.add(new Violation(pointer, problem));
            }
        } else if (node.isFloatingPointNumber()) {
            if (!Double.isFinite(node.doubleValue())) {
                out.add(new Violation(pointer, "number out of the range of a double"));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = pointer + "/" + escape(field.getKey());
                String problem = textProblem(field.getKey());
                if (problem != null) {
                    out.add(new Violation(child, "property name: " + problem));
                }
                walk(field.getValue(), child, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    /** What is wrong with the text, or null when it is fine. */
    public static String textProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "contains U+0000 (NUL) at character " + i + ", which text may not hold";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate \\u" + Integer.toHexString(c) + " at character " + i
                        + ", which is not Unicode text";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate \\u" + Integer.toHexString(c) + " at character " + i
                        + ", which is not Unicode text";
            }
        }
        return null;
    }

    /** A JSON Pointer token (RFC 6901): ~ as ~0, / as ~1. */
    static String escape(String token) {
        return token.indexOf('~') < 0 && token.indexOf('/') < 0 ? token
                : token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * The text made safe for one log line: control characters (newlines included) and unpaired surrogates escaped as
     * {@code \\uXXXX}, and cut to {@code max} characters, so text from a request or record can never forge a line.
     */
    public static String forLog(Object value, int max) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 16);
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (pairedHigh) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max && s.length() > max) {
            out.append("…(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }

    /** {@link #forLog(Object, int)} with room for a field or two of an event. */
    public static String forLog(Object value) {
        return forLog(value, 500);
    }
}
