package dev.unison.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy/k8s: the base and the local overlay, read as kustomize reads them and checked by KubeChecks. */
class KubernetesManifestsTest {

    static final Path BASE = Repo.path("deploy/k8s/base");
    static final Path LOCAL = Repo.path("deploy/k8s/overlays/local");
    static final Path OBSERVABILITY = Repo.path("deploy/k8s/overlays/observability");
    static List<Repo.AppService> apps;
    static Kustomization base;
    static Kustomization local;
    static Kustomization observability;

    @BeforeAll
    static void read() {
        apps = Repo.appServices();
        base = Kustomization.load(BASE);
        local = Kustomization.load(LOCAL);
        observability = Kustomization.load(OBSERVABILITY);
    }

    @Test
    void theBaseKeepsEveryRule() {
        assertThat(KubeChecks.check(base, apps)).isEmpty();
        assertThat(base.ofKind("Deployment", "StatefulSet")).hasSize(apps.size());
        assertThat(base.ofKind("ConfigMap")).isNotEmpty();
        assertThat(base.ofKind("Secret")).isNotEmpty();
    }

    @Test
    void theLocalOverlayKeepsEveryRule() {
        // The base, Kafka, PostgreSQL and the topics Job together: where the services look for Kafka and their
        // databases, a Service answers; the replicas patch applies to objects of the base.
        assertThat(KubeChecks.check(local, apps)).isEmpty();
        assertThat(local.object("StatefulSet", "consistency-service").path("spec").path("replicas").asInt())
                .isEqualTo(2);
        assertThat(local.ofKind("Job")).hasSize(1);
    }

    @Test
    void theObservabilityOverlayKeepsEveryRuleAndCarriesTheRepositorysFilesAsTheyAre() {
        // The local overlay plus Prometheus and Grafana: their ConfigMaps hold the rules, the dashboard and the
        // provisioning files of deploy/ unchanged, so what the build checks with promtool is what runs.
        assertThat(KubeChecks.check(observability, apps)).isEmpty();
        assertThat(observability.object("ConfigMap", "prometheus-config").path("data").path("unison-rules.yml")
                .asText()).isEqualTo(Repo.read(Repo.path("deploy/prometheus/unison-rules.yml")));
        assertThat(observability.object("ConfigMap", "grafana-dashboards").path("data").path("unison.json").asText())
                .isEqualTo(Repo.read(Repo.path("deploy/grafana/dashboards/unison.json")));
        assertThat(observability.object("ConfigMap", "grafana-provisioning-datasources").path("data")
                .path("prometheus.yml").asText())
                .isEqualTo(Repo.read(Repo.path("deploy/grafana/provisioning/datasources/prometheus.yml")));
        assertThat(observability.object("ConfigMap", "grafana-provisioning-dashboards").path("data")
                .path("unison.yml").asText())
                .isEqualTo(Repo.read(Repo.path("deploy/grafana/provisioning/dashboards/unison.yml")));
        // every service's pods are scraped, each through a headless Service that selects them
        String config = observability.object("ConfigMap", "prometheus-config").path("data").path("prometheus.yml")
                .asText();
        for (Repo.AppService app : apps) {
            assertThat(observability.object("Service", app.module() + "-pods").path("spec").path("clusterIP").asText())
                    .isEqualTo("None");
            assertThat(config).contains(app.module() + "-pods.unison.svc.cluster.local]").contains("port: " + app.port());
        }
    }

    @Test
    void everyServiceImageIsPinnedToTheProjectVersion() {
        List<String> pinned = base.kustomization().path("images").findValuesAsText("newTag");
        assertThat(base.kustomization().path("images").findValuesAsText("name"))
                .containsExactlyInAnyOrderElementsOf(apps.stream().map(Repo.AppService::image).toList());
        assertThat(pinned).containsOnly(Repo.projectVersion());
    }

    @Test
    void consistencyServiceScalesByPartitions() {
        ObjectNode set = base.object("StatefulSet", "consistency-service");
        int partitions = Integer.parseInt(base.object("ConfigMap", "consistency-service-config").path("data")
                .path("CONSISTENCY_PARTITIONS").asText());
        assertThat(set.path("spec").path("replicas").asInt()).isBetween(2, partitions);
        assertThat(set.path("spec").path("podManagementPolicy").asText()).isEqualTo("Parallel");
        assertThat(Repo.read(BASE.resolve("consistency-service.yaml")))
                .contains("Replicas beyond the partition count get no task");
    }

    @Test
    void everyYamlFileParses() {
        for (Kustomization k : List.of(base, local)) {
            assertThat(k.docs()).allSatisfy(d -> assertThat(d.node().path("kind").asText()).isNotEmpty());
        }
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                breakage("no readiness probe", "has no readinessProbe",
                        k -> container(k, "Deployment", "journey-service").remove("readinessProbe")),
                breakage("no liveness probe", "has no livenessProbe",
                        k -> container(k, "StatefulSet", "consistency-service").remove("livenessProbe")),
                breakage("readiness on the wrong path", "readinessProbe is not an HTTP GET of /q/health/ready",
                        k -> ((ObjectNode) container(k, "Deployment", "feedback-service").path("readinessProbe")
                                .path("httpGet")).put("path", "/health")),
                breakage("probe on a port the container does not have", "asks port admin, which it does not expose",
                        k -> ((ObjectNode) container(k, "Deployment", "feedback-service").path("livenessProbe")
                                .path("httpGet")).put("port", "admin")),
                breakage("no resource requests", "requests no cpu",
                        k -> ((ObjectNode) container(k, "Deployment", "notification-service").path("resources")
                                .path("requests")).remove("cpu")),
                breakage("a ConfigMap that does not exist", "takes its environment from the ConfigMap journey-config",
                        k -> ((ObjectNode) container(k, "Deployment", "journey-service").path("envFrom").get(1)
                                .path("configMapRef")).put("name", "journey-config")),
                breakage("a Secret that does not exist", "takes its environment from the Secret db",
                        k -> ((ObjectNode) container(k, "Deployment", "journey-service").path("envFrom").get(2)
                                .path("secretRef")).put("name", "db")),
                breakage("database password in a ConfigMap",
                        "does not take QUARKUS_DATASOURCE_PASSWORD from a Secret",
                        k -> ((ArrayNode) container(k, "Deployment", "notification-service").path("envFrom"))
                                .remove(2)),
                breakage("a Service selecting nothing", "selects no pods",
                        k -> ((ObjectNode) k.object("Service", "feedback-service").path("spec").path("selector"))
                                .put("app.kubernetes.io/name", "feedback")),
                breakage("a Service on a port nobody listens on", "targets port 8080",
                        k -> ((ObjectNode) k.object("Service", "journey-service").path("spec").path("ports").get(0))
                                .put("targetPort", 8080)),
                breakage("a misspelt field", "unknown field(s) [readinesProbe]",
                        k -> {
                            ObjectNode c = container(k, "Deployment", "journey-service");
                            c.set("readinesProbe", c.remove("readinessProbe"));
                        }),
                breakage("a wrong type", "is not a valid apps/v1/Deployment",
                        k -> ((ObjectNode) k.object("Deployment", "journey-service").path("spec"))
                                .put("replicas", "two")),
                breakage("more consistency-service replicas than partitions", "has 7 replicas, more than the 6",
                        k -> ((ObjectNode) k.object("StatefulSet", "consistency-service").path("spec"))
                                .put("replicas", 7)),
                breakage("state not on a volume", "KAFKA_STREAMS_STATE_DIR /deployments/state is not a mounted volume",
                        k -> container(k, "StatefulSet", "consistency-service").remove("volumeMounts")),
                breakage("a StatefulSet without its Service", "serviceName nowhere is not a Service here",
                        k -> ((ObjectNode) k.object("StatefulSet", "consistency-service").path("spec"))
                                .put("serviceName", "nowhere")),
                breakage("a selector that misses the pods", "its selector does not select its own pod template",
                        k -> ((ObjectNode) k.object("Deployment", "journey-service").path("spec").path("selector")
                                .path("matchLabels")).put("app.kubernetes.io/name", "journey")),
                breakage("the wrong port", "QUARKUS_HTTP_PORT is 8080, expected 8082",
                        k -> ((ObjectNode) k.object("ConfigMap", "feedback-service-config").path("data"))
                                .put("QUARKUS_HTTP_PORT", "8080")),
                breakage("the wrong database", "is not its database journey",
                        k -> ((ObjectNode) k.object("ConfigMap", "journey-service-config").path("data"))
                                .put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/feedback")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void aBrokenManifestIsCaught(String what, String expected, Consumer<Kustomization> breakIt) {
        Kustomization broken = base.copy();
        breakIt.accept(broken);
        assertThat(KubeChecks.check(broken, apps)).anySatisfy(p -> assertThat(p).contains(expected));
    }

    static Stream<Arguments> overlayBreakages() {
        return Stream.of(
                breakage("Kafka at an address no Service answers", "looks for kafka:9093",
                        k -> ((ObjectNode) k.object("ConfigMap", "unison-config").path("data"))
                                .put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093")),
                breakage("a topic the Job forgets", "does not create the topics [cx.touches.v1]",
                        k -> {
                            ObjectNode topics = (ObjectNode) container(k, "Job", "kafka-topics").path("env").get(2);
                            topics.put("value", topics.path("value").asText().replace("cx.touches.v1 ", ""));
                        }),
                breakage("the erasure requests compacted on one partition, not by customer",
                        "KEYED_COMPACTED_TOPICS lists [] but the topic catalogue has [cx.erasures.v1]",
                        k -> {
                            ObjectNode env = (ObjectNode) container(k, "Job", "kafka-topics").path("env").get(3);
                            ((ObjectNode) container(k, "Job", "kafka-topics").path("env").get(4)).put("value", "");
                            env.put("value", env.path("value").asText() + " cx.erasures.v1");
                        }),
                breakage("topics of fewer partitions than the service is told",
                        "CONSISTENCY_PARTITIONS=6 but Job kafka-topics",
                        k -> ((ObjectNode) container(k, "Job", "kafka-topics").path("env").get(1))
                                .put("value", "3")),
                breakage("an init script that drifted from deploy/postgres/init.sql",
                        "does not mount a ConfigMap holding deploy/postgres/init.sql",
                        k -> ((ObjectNode) k.object("ConfigMap", "postgres-init").path("data"))
                                .put("10-databases.sql", "CREATE DATABASE journey;\n")),
                breakage("the Secret key PostgreSQL reads is gone",
                        "takes the key QUARKUS_DATASOURCE_PASSWORD of the Secret unison-db, which has no such key",
                        k -> ((ObjectNode) k.object("Secret", "unison-db").path("stringData"))
                                .remove("QUARKUS_DATASOURCE_PASSWORD")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlayBreakages")
    void aBrokenOverlayIsCaught(String what, String expected, Consumer<Kustomization> breakIt) {
        Kustomization broken = local.copy();
        breakIt.accept(broken);
        assertThat(KubeChecks.check(broken, apps)).anySatisfy(p -> assertThat(p).contains(expected));
    }

    @Test
    void aKustomizationListingAMissingFileOrMissingAFileIsCaught(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gone.yaml\n");
        java.nio.file.Files.writeString(dir.resolve("forgotten.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: forgotten\n");
        Kustomization k = Kustomization.load(dir);
        assertThat(k.problems()).anySatisfy(p -> assertThat(p).contains("lists the resource gone.yaml, which does "
                + "not exist")).anySatisfy(p -> assertThat(p).contains("forgotten.yaml is not listed in"));
    }

    private static Arguments breakage(String what, String expected, Consumer<Kustomization> breakIt) {
        return Arguments.of(what, expected, breakIt);
    }

    private static ObjectNode container(Kustomization k, String kind, String name) {
        return (ObjectNode) k.object(kind, name).path("spec").path("template").path("spec").path("containers").get(0);
    }
}
