package dev.unison.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mutations of valid events for property tests: drop a field, repeat it with other content, give it another JSON
 * type, lengthen it past its limits, nest it deep, or re-encode it (NUL, unpaired surrogates, invalid UTF-8, BOM,
 * trailing bytes). Each mutant says what was done, so a failing try names its input.
 */
public final class EventMutations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What was done to which event, and the bytes that came of it. */
    public record Mutant(String description, byte[] body) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** The kinds of mutation. */
    public enum Kind { DROP, DUPLICATE, RETYPE, LENGTHEN, NEST, REENCODE }

    private EventMutations() {
    }

    /** One mutation of one of the events (each a structured CloudEvent in JSON). */
    public static Arbitrary<Mutant> of(List<String> validEvents) {
        return Combinators.combine(Arbitraries.of(validEvents), Arbitraries.of(Kind.values()),
                Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 1_000))
                .as(EventMutations::mutate);
    }

    /** Applies a mutation; {@code pick} and {@code size} choose the field and the measure of the change. */
    public static Mutant mutate(String event, Kind kind, int pick, int size) {
        ObjectNode root;
        try {
            root = (ObjectNode) JSON.readTree(event);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object: " + event, e);
        }
        List<String> paths = paths(root, "");
        String path = paths.get(pick % paths.size());
        String type = root.path("type").asText();
        String what = type + " " + kind + " " + path;
        switch (kind) {
            case DROP -> {
                remove(root, path);
                return mutant(what, root);
            }
            case DUPLICATE -> {
                // the same name twice in one object, the second with other content
                String text = root.toString();
                String name = path.substring(path.lastIndexOf('/') + 1);
                String needle = "\"" + name + "\":";
                int at = text.indexOf(needle);
                if (at < 0) {
                    return mutant(what + " (not found)", root);
                }
                String copy = needle + (size % 2 == 0 ? "\"other content\"," : size + ",");
                return new Mutant(what, (text.substring(0, at) + copy + text.substring(at))
                        .getBytes(StandardCharsets.UTF_8));
            }
            case RETYPE -> {
                JsonNode[] values = {NODES.numberNode(size), NODES.numberNode(size + 0.5), NODES.booleanNode(true),
                        NODES.nullNode(), NODES.arrayNode().add("x"), NODES.objectNode().put("k", "v"),
                        NODES.textNode(""), NODES.textNode(String.valueOf(size))};
                JsonNode value = values[size % values.length];
                set(root, path, value);
                return mutant(what + " to " + value, root);
            }
            case LENGTHEN -> {
                int[] lengths = {65, 129, 201, 501, 2_001, 4_001, 70_000};
                int length = lengths[size % lengths.length];
                String unit = size % 3 == 0 ? "\uD83D\uDE00" : size % 3 == 1 ? "é" : "a";
                set(root, path, NODES.textNode(unit.repeat(length / unit.length())));
                return mutant(what + " to " + length + " chars of " + unit, root);
            }
            case NEST -> {
                int[] depths = {1, 5, 30, 33, 200, 5_000};
                int depth = depths[size % depths.length];
                JsonNode value = get(root, path);
                if (depth > 1_000) {
                    // too deep for a tree to write: built as text
                    String deep = "[".repeat(depth) + value + "]".repeat(depth);
                    set(root, path, NODES.textNode("\u0001NEST\u0001"));
                    return new Mutant(what + " " + depth + " deep",
                            root.toString().replace("\"\\u0001NEST\\u0001\"", deep).getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < depth; i++) {
                    value = i % 2 == 0 ? NODES.arrayNode().add(value) : NODES.objectNode().set("n", value);
                }
                set(root, path, value);
                return mutant(what + " " + depth + " deep", root);
            }
            case REENCODE -> {
                return reencode(root, path, what, size);
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static Mutant reencode(ObjectNode root, String path, String what, int size) {
        String[] inserts = {"\u0000", "\uD800", "\uDC00", "\uD800x", "x\uDBFF", "\u0000\u0000", "\u001b[31m", "\n\r",
                "\u2028", "\uFEFF"};
        int choice = size % (inserts.length + 6);
        if (choice < inserts.length) {
            JsonNode old = get(root, path);
            String text = old != null && old.isTextual() ? old.textValue() : "v";
            set(root, path, NODES.textNode(text.substring(0, text.length() / 2) + inserts[choice]
                    + text.substring(text.length() / 2)));
            return mutant(what + " with " + escaped(inserts[choice]), root);
        }
        String marker = "\"" + lastName(path) + "\":\"";
        String text = new String(root.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        int at = text.indexOf(marker);
        int into = at < 0 ? 1 : at + marker.length();
        return switch (choice - inserts.length) {
            case 0 -> raw(what + " with byte 0xff", text, into, "\u00ff");
            case 1 -> raw(what + " with an overlong NUL (0xc0 0x80)", text, into, "\u00c0\u0080");
            case 2 -> raw(what + " with an encoded surrogate (0xed 0xa0 0x80)", text, into, "\u00ed\u00a0\u0080");
            case 3 -> raw(what + " with a cut sequence (0xe2 0x82)", text, into, "\u00e2\u0082");
            case 4 -> new Mutant(what + " after a BOM", concat(new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                    root.toString().getBytes(StandardCharsets.UTF_8)));
            default -> new Mutant(what + " with trailing bytes", concat(root.toString()
                    .getBytes(StandardCharsets.UTF_8), size % 2 == 0 ? "{}".getBytes() : "x".getBytes()));
        };
    }

    private static Mutant raw(String what, String latin1, int at, String bytes) {
        return new Mutant(what, (latin1.substring(0, at) + bytes + latin1.substring(at))
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }

    private static Mutant mutant(String what, JsonNode root) {
        return new Mutant(what, root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Every member path of the event ("/id", "/data/customerId", "/data/agent/id", "/data/fields/0"). */
    private static List<String> paths(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String path = prefix + "/" + field.getKey();
                out.add(path);
                out.addAll(paths(field.getValue(), path));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String path = prefix + "/" + i;
                out.add(path);
                out.addAll(paths(node.get(i), path));
            }
        }
        return out;
    }

    private static String lastName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static JsonNode parent(JsonNode root, String path) {
        String parent = path.substring(0, path.lastIndexOf('/'));
        return parent.isEmpty() ? root : root.at(parent);
    }

    private static JsonNode get(JsonNode root, String path) {
        return root.at(path);
    }

    private static void set(JsonNode root, String path, JsonNode value) {
        JsonNode parent = parent(root, path);
        if (parent instanceof ObjectNode object) {
            object.set(lastName(path), value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(lastName(path)), value);
        }
    }

    private static void remove(JsonNode root, String path) {
        JsonNode parent = parent(root, path);
        if (parent instanceof ObjectNode object) {
            object.remove(lastName(path));
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(lastName(path)));
        }
    }
}
