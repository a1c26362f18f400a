package dev.unison.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the kustomizations with the real kustomize (built into kubectl) and runs the same checks on what it renders:
 * proves that kustomize accepts the files and that the test's own reading of them (resources, patches) is kustomize's.
 * Runs only where kubectl is on the PATH (it is not a Maven Central artifact); everything else needs only the JDK.
 */
@EnabledIf("kubectlOnPath")
class KustomizeBuildTest {

    static boolean kubectlOnPath() {
        return kubectl().isPresent();
    }

    static java.util.Optional<Path> kubectl() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/k8s/base", "deploy/k8s/overlays/local", "deploy/k8s/overlays/observability"})
    void kustomizeRendersWhatTheChecksRead(String relative) throws Exception {
        Path dir = Repo.path(relative);
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process process = new ProcessBuilder(kubectl().orElseThrow().toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectErrorStream(false).start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("kubectl kustomize " + relative + ": " + errors).isZero();

            List<JsonNode> rendered = Repo.yamlDocuments(out);
            Kustomization read = Kustomization.load(dir);
            assertThat(names(rendered)).containsExactlyInAnyOrderElementsOf(
                    names(read.docs().stream().map(Kustomization.Doc::node).toList()));
            assertThat(rendered).filteredOn(d -> !d.path("kind").asText().equals("Namespace"))
                    .allSatisfy(d -> assertThat(d.path("metadata").path("namespace").asText()).isEqualTo("unison"));

            List<Kustomization.Doc> docs = new ArrayList<>();
            rendered.forEach(d -> docs.add(new Kustomization.Doc(dir.resolve("kustomization.yaml"), d)));
            Kustomization asRendered = new Kustomization(dir, read.kustomization(), docs, List.of());
            assertThat(KubeChecks.check(asRendered, Repo.appServices())).isEmpty();
            // The patches were applied as this test applies them.
            for (Kustomization.Doc doc : read.ofKind("Deployment", "StatefulSet")) {
                JsonNode same = rendered.stream().filter(r -> r.path("kind").asText().equals(doc.kind())
                        && r.path("metadata").path("name").asText().equals(doc.name())).findFirst().orElseThrow();
                assertThat(same.path("spec").path("replicas")).isEqualTo(doc.node().path("spec").path("replicas"));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Set<String> names(List<JsonNode> docs) {
        Set<String> names = new TreeSet<>();
        docs.forEach(d -> names.add(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()));
        return names;
    }
}
