package dev.unison.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A kustomization read the way kustomize reads it, for the parts this project uses: its resources (files, or
 * directories holding a kustomization, read recursively), its strategic-merge patches (applied as a merge of maps,
 * which is what they are here: replica counts), and its `images` list. What cannot be read is a problem, not an
 * exception, so the checks can list it with the rest.
 */
record Kustomization(Path dir, JsonNode kustomization, List<Doc> docs, List<String> problems) {

    /** One object of a manifest file. */
    record Doc(Path file, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        String describe() {
            return kind() + " " + name() + " (" + Repo.ROOT.relativize(file) + ")";
        }
    }

    static Kustomization load(Path dir) {
        List<String> problems = new ArrayList<>();
        List<Doc> docs = new ArrayList<>();
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            problems.add(dir + " has no kustomization.yaml");
            return new Kustomization(dir, Repo.YAML.createObjectNode(), docs, problems);
        }
        JsonNode kustomization = Repo.yaml(file);
        Set<Path> listed = new HashSet<>();
        listed.add(file);
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            listed.add(path);
            if (Files.isDirectory(path)) {
                Kustomization nested = load(path);
                docs.addAll(nested.docs());
                problems.addAll(nested.problems());
            } else if (Files.isRegularFile(path)) {
                Repo.yamlDocuments(path).forEach(node -> docs.add(new Doc(path, node)));
            } else {
                problems.add(rel(file) + " lists the resource " + resource.asText() + ", which does not exist");
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (!patch.has("path")) {
                continue;
            }
            Path path = dir.resolve(patch.path("path").asText()).normalize();
            listed.add(path);
            if (!Files.isRegularFile(path)) {
                problems.add(rel(file) + " lists the patch " + patch.path("path").asText() + ", which does not exist");
                continue;
            }
            for (JsonNode node : Repo.yamlDocuments(path)) {
                Optional<Doc> target = docs.stream()
                        .filter(d -> d.kind().equals(node.path("kind").asText())
                                && d.name().equals(node.path("metadata").path("name").asText()))
                        .findFirst();
                if (target.isEmpty()) {
                    problems.add(rel(path) + " patches " + node.path("kind").asText() + " "
                            + node.path("metadata").path("name").asText() + ", which the kustomization does not have");
                } else {
                    JsonNode merged = target.get().node().deepCopy();
                    merge((ObjectNode) merged, node);
                    docs.set(docs.indexOf(target.get()), new Doc(target.get().file(), merged));
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .map(Path::normalize)
                    .filter(f -> !listed.contains(f))
                    .forEach(f -> problems.add(rel(f) + " is not listed in " + rel(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Kustomization(dir, kustomization, docs, problems);
    }

    private static void merge(ObjectNode into, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode target && e.getValue().isObject()) {
                merge(target, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private static String rel(Path path) {
        return Repo.ROOT.relativize(path).toString();
    }

    /** A deep copy, for tests that break one object and expect the checks to notice. */
    Kustomization copy() {
        List<Doc> copies = new ArrayList<>();
        docs.forEach(d -> copies.add(new Doc(d.file(), d.node().deepCopy())));
        return new Kustomization(dir, kustomization.deepCopy(), copies, new ArrayList<>(problems));
    }

    /** The one object of that kind and name; fails the calling test if there is none. */
    ObjectNode object(String kind, String name) {
        return (ObjectNode) docs.stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name)).node();
    }

    List<Doc> ofKind(String... kinds) {
        Set<String> wanted = Set.of(kinds);
        return docs.stream().filter(d -> wanted.contains(d.kind())).toList();
    }
}
