package dev.unison.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' files: Prometheus alerting rules valid and their unit tests passing (promtool, from Debian's
 * prometheus package), the Grafana dashboard well formed, every panel on the Prometheus datasource variable.
 */
class ObservabilityFilesTest {
    private static final Path PROMETHEUS = Repo.path("deploy/prometheus");
    private static final Path DASHBOARD = Repo.path("deploy/grafana/dashboards/unison.json");
    /** unison_* series in PromQL: a meter's name with the suffix Prometheus gives its type. */
    private static final Pattern QUERIED = Pattern.compile("\\bunison_[a-z0-9_]+");
    private static final List<String> SUFFIXES = List.of("_total", "_seconds_bucket", "_seconds_count", "_seconds_sum",
            "_seconds_max", "");
    /** Meter names written as string literals in the main sources ("unison.alerts.stored"). */
    private static final Pattern METER_NAME = Pattern.compile("\"(unison\\.[a-z0-9.]+)\"");

    @Test
    void theAlertingRulesAreValid() throws Exception {
        assumePromtool();
        String out = promtool("check", "rules", PROMETHEUS.resolve("unison-rules.yml").toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void theAlertingRulesFireAsTheirUnitTestsExpect() throws Exception {
        assumePromtool();
        String out = promtool("test", "rules", PROMETHEUS.resolve("unison-rules.test.yml").toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void thePrometheusOfTheComposeProfileAndOfTheKubernetesOverlayIsValidAndScrapesEveryService() throws Exception {
        assumePromtool();
        String k8s = Kustomization.load(Repo.path("deploy/k8s/overlays/observability"))
                .object("ConfigMap", "prometheus-config").path("data").path("prometheus.yml").asText();
        Path k8sCopy = Files.createTempFile("prometheus-k8s", ".yml");
        try {
            Files.writeString(k8sCopy, k8s);
            for (Path config : List.of(PROMETHEUS.resolve("prometheus.yml"), k8sCopy)) {
                // syntax only: the rule file's path is the container's
                assertThat(promtool("check", "config", "--syntax-only", config.toString())).contains("SUCCESS");
            }
        } finally {
            Files.delete(k8sCopy);
        }
        String compose = Files.readString(PROMETHEUS.resolve("prometheus.yml"));
        for (Repo.AppService app : Repo.appServices()) {
            String job = "unison-" + app.module().replace("-service", "");
            // the rules and the dashboard name services by these jobs (up{job=~"unison-.*"}, job="unison-consistency")
            assertThat(compose).contains("job_name: " + job).contains(app.module() + ":" + app.port());
            assertThat(k8s).contains("job_name: " + job);
        }
        // the realm of the local run and of docker compose has that client, whose service account may only read metrics
        JsonNode realm = new ObjectMapper().readTree(Repo.path("launcher/src/main/resources/unison-realm.json").toFile());
        JsonNode client = Stream.of(realm.path("clients").spliterator()).flatMap(sp -> java.util.stream.StreamSupport
                .stream(sp, false)).filter(c -> c.path("clientId").asText().equals("unison-prometheus")).findFirst()
                .orElseThrow();
        assertThat(compose).contains("client_id: unison-prometheus")
                .contains("client_secret: " + client.path("secret").asText());
        assertThat(client.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(realm.path("users").findParents("serviceAccountClientId").stream()
                .filter(u -> u.path("serviceAccountClientId").asText().equals("unison-prometheus"))
                .map(u -> u.path("realmRoles").toString()).toList()).containsExactly("[\"metrics\"]");
    }

    @Test
    void everyDashboardPanelQueriesPrometheusThroughTheDatasourceVariable() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(panel.path("description").asText()).as("description of %s", title).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as("a query of %s", title).isNotBlank());
        }
    }

    @Test
    void everyUnisonMetricTheRulesAndTheDashboardQueryIsOneTheServicesMake() throws IOException {
        Set<String> made = meterNames();
        assertThat(made).contains("unison_alerts_stored", "unison_consumer_lag");
        Set<String> queried = new TreeSet<>();
        Matcher m = QUERIED.matcher(Files.readString(PROMETHEUS.resolve("unison-rules.yml")) + Files.readString(DASHBOARD));
        while (m.find()) {
            queried.add(m.group());
        }
        assertThat(queried).isNotEmpty();
        for (String metric : queried) {
            assertThat(SUFFIXES.stream().anyMatch(suffix -> metric.endsWith(suffix)
                    && made.contains(metric.substring(0, metric.length() - suffix.length()))))
                    .as("%s is made by a meter of the main sources (one of %s)", metric, made).isTrue();
        }
    }

    private static Set<String> meterNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : Repo.modules()) {
            Path sources = Repo.path(module + "/src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = METER_NAME.matcher(Files.readString(file));
                    while (m.find()) {
                        names.add(m.group(1).replace('.', '_'));
                    }
                }
            }
        }
        return names;
    }

    private static void assumePromtool() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(dir, "promtool"));
        }
        Assumptions.assumeTrue(found, "promtool is not installed (.ci/run installs Debian's prometheus package)");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
