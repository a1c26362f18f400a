package dev.unison.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules the Kubernetes manifests must keep. Every object is first read as the typed Kubernetes API object its
 * apiVersion and kind name (the fabric8 model), and any field that model does not know is a problem, as a misspelt
 * field would be for `kubectl apply --validate=strict`. Then the references between objects and to the repository.
 */
final class KubeChecks {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The typed model of each apiVersion/kind the manifests use. */
    static final Map<String, Class<?>> MODELS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "batch/v1/Job", Job.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final Pattern HOST_PORT = Pattern.compile("(?:jdbc:postgresql://)?([a-z0-9.-]+):(\\d+)");

    private KubeChecks() {
    }

    static List<String> check(Kustomization k, List<Repo.AppService> apps) {
        List<String> problems = new ArrayList<>(k.problems());
        for (Kustomization.Doc doc : k.docs()) {
            problems.addAll(typed(doc));
        }
        Map<String, Set<String>> configMaps = keys(k, "ConfigMap");
        Map<String, Set<String>> secrets = keys(k, "Secret");
        List<Kustomization.Doc> workloads = k.ofKind("Deployment", "StatefulSet");
        List<Kustomization.Doc> services = k.ofKind("Service");

        for (Kustomization.Doc doc : k.ofKind("Deployment", "StatefulSet", "Job")) {
            JsonNode template = doc.node().path("spec").path("template");
            JsonNode pod = template.path("spec");
            if (!doc.kind().equals("Job")) {
                JsonNode labels = template.path("metadata").path("labels");
                JsonNode selector = doc.node().path("spec").path("selector").path("matchLabels");
                if (selector.isEmpty() || !matches(selector, labels)) {
                    problems.add(doc.describe() + ": its selector does not select its own pod template");
                }
            }
            for (JsonNode volume : pod.path("volumes")) {
                String map = volume.path("configMap").path("name").asText(null);
                if (map != null && !configMaps.containsKey(map)) {
                    problems.add(doc.describe() + " mounts the ConfigMap " + map + ", which is not in the kustomization");
                }
            }
            for (JsonNode container : pod.path("containers")) {
                references(doc, container, configMaps, secrets, problems);
                if (doc.kind().equals("Job")) {
                    continue;
                }
                String c = doc.describe() + " container " + container.path("name").asText();
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    if (!container.has(probe)) {
                        problems.add(c + " has no " + probe);
                    }
                }
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    JsonNode port = container.path(probe).path("httpGet").path("port");
                    if (!port.isMissingNode() && containerPort(container, port).isEmpty()) {
                        problems.add(c + " " + probe + " asks port " + port.asText() + ", which it does not expose");
                    }
                }
                JsonNode requests = container.path("resources").path("requests");
                for (String resource : List.of("cpu", "memory")) {
                    if (!requests.hasNonNull(resource)) {
                        problems.add(c + " requests no " + resource);
                    }
                }
                JsonNode memoryLimit = container.path("resources").path("limits").path("memory");
                if (!memoryLimit.isMissingNode() && requests.has("memory")
                        && bytes(memoryLimit).compareTo(bytes(requests.path("memory"))) < 0) {
                    problems.add(c + " memory limit is below its request");
                }
            }
            if (doc.kind().equals("StatefulSet")) {
                String serviceName = doc.node().path("spec").path("serviceName").asText();
                if (services.stream().noneMatch(s -> s.name().equals(serviceName))) {
                    problems.add(doc.describe() + " serviceName " + serviceName + " is not a Service here");
                }
            }
        }

        for (Kustomization.Doc service : services) {
            JsonNode selector = service.node().path("spec").path("selector");
            List<Kustomization.Doc> selected = workloads.stream().filter(w -> !selector.isEmpty() && matches(selector,
                    w.node().path("spec").path("template").path("metadata").path("labels"))).toList();
            if (selected.isEmpty()) {
                problems.add(service.describe() + " selects no pods of any Deployment or StatefulSet");
            }
            for (JsonNode port : service.node().path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                for (Kustomization.Doc w : selected) {
                    boolean found = false;
                    for (JsonNode container : w.node().path("spec").path("template").path("spec").path("containers")) {
                        found |= containerPort(container, target).isPresent();
                    }
                    if (!found) {
                        problems.add(service.describe() + " targets port " + target.asText() + ", which "
                                + w.describe() + " does not expose");
                    }
                }
            }
        }
        for (Kustomization.Doc budget : k.ofKind("PodDisruptionBudget")) {
            JsonNode selector = budget.node().path("spec").path("selector").path("matchLabels");
            if (workloads.stream().noneMatch(w -> !selector.isEmpty()
                    && matches(selector, w.node().path("spec").path("template").path("metadata").path("labels")))) {
                problems.add(budget.describe() + " selects no pods");
            }
        }

        for (Repo.AppService app : apps) {
            checkApp(k, app, configMaps, secrets, services, problems);
        }
        checkInfrastructure(k, apps, services, problems);
        return problems;
    }

    private static void checkApp(Kustomization k, Repo.AppService app, Map<String, Set<String>> configMaps,
                                 Map<String, Set<String>> secrets, List<Kustomization.Doc> services,
                                 List<String> problems) {
        List<Kustomization.Doc> found = k.ofKind("Deployment", "StatefulSet").stream()
                .filter(w -> images(w).contains(app.image())).toList();
        if (found.size() != 1) {
            problems.add("expected one Deployment or StatefulSet running " + app.image() + ", found " + found.size());
            return;
        }
        Kustomization.Doc workload = found.get(0);
        String w = workload.describe();
        JsonNode pod = workload.node().path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        if (containerPort(container, MAPPER.getNodeFactory().numberNode(app.port())).isEmpty()) {
            problems.add(w + " does not expose the service's port " + app.port());
        }
        probe(w, container, "readinessProbe", "/q/health/ready", app.port(), problems);
        probe(w, container, "livenessProbe", "/q/health/live", app.port(), problems);

        Map<String, String> env = environment(k, container);
        if (!String.valueOf(app.port()).equals(env.get("QUARKUS_HTTP_PORT"))) {
            problems.add(w + " QUARKUS_HTTP_PORT is " + env.get("QUARKUS_HTTP_PORT") + ", expected " + app.port());
        }
        if (!env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
            problems.add(w + " has no KAFKA_BOOTSTRAP_SERVERS");
        }
        Set<String> secretKeys = secretKeys(container, secrets);
        if (app.database().isPresent()) {
            String url = env.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "");
            String database = url.substring(url.lastIndexOf('/') + 1);
            if (!database.equals(app.database().get())) {
                problems.add(w + " QUARKUS_DATASOURCE_JDBC_URL '" + url + "' is not its database "
                        + app.database().get());
            } else if (!Repo.initSqlDatabases().contains(database)) {
                problems.add(w + " uses the database " + database + ", which init.sql does not create");
            }
            for (String key : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                if (!secretKeys.contains(key)) {
                    problems.add(w + " does not take " + key + " from a Secret");
                }
            }
        } else if (env.containsKey("QUARKUS_DATASOURCE_JDBC_URL")) {
            problems.add(w + " keeps no tables but has QUARKUS_DATASOURCE_JDBC_URL");
        }
        Set<String> mounts = new TreeSet<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        String stateDir = env.get("KAFKA_STREAMS_STATE_DIR");
        if (stateDir != null) {
            if (!mounts.contains(stateDir)) {
                problems.add(w + " KAFKA_STREAMS_STATE_DIR " + stateDir + " is not a mounted volume");
            }
            // A Kafka Streams service scales by the partitions of its input topics: more replicas get no task.
            Optional<String> partitions = env.entrySet().stream().filter(e -> e.getKey().endsWith("_PARTITIONS"))
                    .map(Map.Entry::getValue).findFirst();
            int replicas = workload.node().path("spec").path("replicas").asInt(1);
            if (partitions.isEmpty()) {
                problems.add(w + " has no *_PARTITIONS setting to bound its replicas by");
            } else if (replicas < 1 || replicas > Integer.parseInt(partitions.get())) {
                problems.add(w + " has " + replicas + " replicas, more than the " + partitions.get()
                        + " partitions of its input topics (or fewer than 1)");
            }
        }
        if (services.stream().noneMatch(s -> s.name().equals(app.module())
                && matches(s.node().path("spec").path("selector"),
                workload.node().path("spec").path("template").path("metadata").path("labels"))
                && s.node().path("spec").path("ports").findValuesAsText("port").contains(String.valueOf(app.port())))) {
            problems.add("no Service " + app.module() + " on port " + app.port() + " selecting " + w);
        }
    }

    /** Kafka and PostgreSQL, where the kustomization runs them: where the services look for them, they answer. */
    private static void checkInfrastructure(Kustomization k, List<Repo.AppService> apps,
                                            List<Kustomization.Doc> services, List<String> problems) {
        List<Kustomization.Doc> kafka = k.ofKind("StatefulSet", "Deployment").stream()
                .filter(w -> images(w).contains("apache/kafka")).toList();
        List<Kustomization.Doc> postgres = k.ofKind("StatefulSet", "Deployment").stream()
                .filter(w -> images(w).contains("postgres")).toList();
        for (Kustomization.Doc broker : kafka) {
            JsonNode container = broker.node().path("spec").path("template").path("spec").path("containers").get(0);
            String tag = container.path("image").asText().replaceFirst("^[^:]*:", "");
            if (!tag.equals(Repo.kafkaVersion())) {
                problems.add(broker.describe() + " runs Kafka " + tag + ", the project builds against "
                        + Repo.kafkaVersion());
            }
            if (!environment(k, container).getOrDefault("KAFKA_PROCESS_ROLES", "").contains("controller")) {
                problems.add(broker.describe() + " is not a KRaft controller");
            }
        }
        for (Kustomization.Doc db : postgres) {
            boolean init = false;
            for (Kustomization.Doc map : k.ofKind("ConfigMap")) {
                for (JsonNode sql : map.node().path("data")) {
                    if (sql.asText().equals(Repo.read(Repo.initSql()))) {
                        init = db.node().path("spec").path("template").path("spec").path("volumes")
                                .findValuesAsText("name").contains(map.name()) || init;
                    }
                }
            }
            if (!init) {
                problems.add(db.describe() + " does not mount a ConfigMap holding deploy/postgres/init.sql as it is");
            }
        }
        if (kafka.isEmpty() && postgres.isEmpty()) {
            return;
        }
        for (Repo.AppService app : apps) {
            k.ofKind("Deployment", "StatefulSet").stream().filter(w -> images(w).contains(app.image())).forEach(w -> {
                Map<String, String> env = environment(k,
                        w.node().path("spec").path("template").path("spec").path("containers").get(0));
                List<String> addresses = new ArrayList<>();
                if (!kafka.isEmpty()) {
                    addresses.add(env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", ""));
                }
                if (!postgres.isEmpty() && env.containsKey("QUARKUS_DATASOURCE_JDBC_URL")) {
                    addresses.add(env.get("QUARKUS_DATASOURCE_JDBC_URL"));
                }
                for (String address : addresses) {
                    Matcher m = HOST_PORT.matcher(address);
                    if (!m.lookingAt() || services.stream().noneMatch(s -> s.name().equals(m.group(1))
                            && s.node().path("spec").path("ports").findValuesAsText("port").contains(m.group(2)))) {
                        problems.add(w.describe() + " looks for " + address + ", which no Service here answers");
                    }
                }
            });
        }
        for (Kustomization.Doc job : k.ofKind("Job")) {
            JsonNode container = job.node().path("spec").path("template").path("spec").path("containers").get(0);
            Map<String, String> env = environment(k, container);
            if (!env.containsKey("TOPICS")) {
                continue;
            }
            Set<String> topics = new TreeSet<>();
            topics.addAll(List.of(env.get("TOPICS").trim().split("\\s+")));
            topics.addAll(List.of(env.getOrDefault("COMPACTED_TOPICS", "").trim().split("\\s+")));
            topics.addAll(List.of(env.getOrDefault("KEYED_COMPACTED_TOPICS", "").trim().split("\\s+")));
            Set<String> missing = new TreeSet<>(Repo.topics());
            missing.removeAll(topics);
            if (!missing.isEmpty()) {
                problems.add(job.describe() + " does not create the topics " + missing);
            }
            problems.addAll(Repo.topicListProblems(job.describe(), env));
            for (Kustomization.Doc w : k.ofKind("Deployment", "StatefulSet")) {
                Map<String, String> wenv = environment(k,
                        w.node().path("spec").path("template").path("spec").path("containers").get(0));
                wenv.forEach((key, value) -> {
                    if (key.endsWith("_PARTITIONS") && !value.equals(env.get("PARTITIONS"))) {
                        problems.add(w.describe() + " " + key + "=" + value + " but " + job.describe()
                                + " creates topics of " + env.get("PARTITIONS") + " partitions");
                    }
                });
            }
        }
    }

    private static void probe(String w, JsonNode container, String probe, String path, int port,
                              List<String> problems) {
        JsonNode get = container.path(probe).path("httpGet");
        if (!get.path("path").asText().equals(path)) {
            problems.add(w + " " + probe + " is not an HTTP GET of " + path);
        } else if (!containerPort(container, get.path("port")).equals(Optional.of(port))) {
            problems.add(w + " " + probe + " does not ask the service's port " + port);
        }
    }

    /** The envFrom and valueFrom references of a container name ConfigMaps and Secrets (and keys) that exist. */
    private static void references(Kustomization.Doc doc, JsonNode container, Map<String, Set<String>> configMaps,
                                   Map<String, Set<String>> secrets, List<String> problems) {
        String c = doc.describe() + " container " + container.path("name").asText();
        for (JsonNode from : container.path("envFrom")) {
            ref(c, from.path("configMapRef"), "ConfigMap", configMaps, null, problems);
            ref(c, from.path("secretRef"), "Secret", secrets, null, problems);
        }
        for (JsonNode env : container.path("env")) {
            JsonNode from = env.path("valueFrom");
            ref(c, from.path("configMapKeyRef"), "ConfigMap", configMaps, from.path("configMapKeyRef").path("key"),
                    problems);
            ref(c, from.path("secretKeyRef"), "Secret", secrets, from.path("secretKeyRef").path("key"), problems);
        }
    }

    private static void ref(String c, JsonNode ref, String kind, Map<String, Set<String>> objects, JsonNode key,
                            List<String> problems) {
        if (ref.isMissingNode() || ref.path("optional").asBoolean(false)) {
            return;
        }
        String name = ref.path("name").asText();
        if (!objects.containsKey(name)) {
            problems.add(c + " takes its environment from the " + kind + " " + name
                    + ", which is not in the kustomization");
        } else if (key != null && !objects.get(name).contains(key.asText())) {
            problems.add(c + " takes the key " + key.asText() + " of the " + kind + " " + name + ", which has no such key");
        }
    }

    /** The environment a container gets: its envFrom ConfigMaps (values) and Secrets (names only), then env. */
    static Map<String, String> environment(Kustomization k, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            for (String kind : List.of("configMapRef", "secretRef")) {
                String name = from.path(kind).path("name").asText(null);
                if (name == null) {
                    continue;
                }
                k.docs().stream().filter(d -> d.name().equals(name)
                        && d.kind().equals(kind.equals("configMapRef") ? "ConfigMap" : "Secret")).forEach(d -> {
                    for (String field : List.of("data", "stringData")) {
                        d.node().path(field).fields().forEachRemaining(e -> env.put(e.getKey(),
                                kind.equals("configMapRef") ? e.getValue().asText() : "<secret>"));
                    }
                });
            }
        }
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "<from " + e.path("valueFrom")
                    .fieldNames().next() + ">");
        }
        return env;
    }

    private static Set<String> secretKeys(JsonNode container, Map<String, Set<String>> secrets) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode from : container.path("envFrom")) {
            String name = from.path("secretRef").path("name").asText(null);
            if (name != null) {
                keys.addAll(secrets.getOrDefault(name, Set.of()));
            }
        }
        for (JsonNode e : container.path("env")) {
            if (e.path("valueFrom").has("secretKeyRef")) {
                keys.add(e.path("name").asText());
            }
        }
        return keys;
    }

    private static Map<String, Set<String>> keys(Kustomization k, String kind) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Kustomization.Doc d : k.ofKind(kind)) {
            Set<String> keys = new TreeSet<>();
            for (String field : List.of("data", "stringData", "binaryData")) {
                d.node().path(field).fieldNames().forEachRemaining(keys::add);
            }
            out.put(d.name(), keys);
        }
        return out;
    }

    /** The port number a probe or Service port names (a number, or the name of one of the container's ports). */
    static Optional<Integer> containerPort(JsonNode container, JsonNode port) {
        for (JsonNode p : container.path("ports")) {
            if (port.isInt() ? p.path("containerPort").asInt() == port.asInt()
                    : p.path("name").asText().equals(port.asText())) {
                return Optional.of(p.path("containerPort").asInt());
            }
        }
        return Optional.empty();
    }

    /** The images of a workload's containers, without their tags. */
    static Set<String> images(Kustomization.Doc workload) {
        Set<String> images = new TreeSet<>();
        workload.node().path("spec").path("template").path("spec").path("containers")
                .forEach(c -> images.add(c.path("image").asText().replaceFirst(":[^/]*$", "")));
        return images;
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        if (!selector.isObject()) {
            return false;
        }
        List<Boolean> all = new ArrayList<>();
        selector.fields().forEachRemaining(e -> all.add(e.getValue().asText().equals(labels.path(e.getKey()).asText())));
        return !all.isEmpty() && !all.contains(false);
    }

    private static BigDecimal bytes(JsonNode quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity.asText()));
    }

    /** Reads the object as its typed model; fields the model does not know are problems. */
    static List<String> typed(Kustomization.Doc doc) {
        List<String> problems = new ArrayList<>();
        String type = doc.node().path("apiVersion").asText() + "/" + doc.kind();
        Class<?> model = MODELS.get(type);
        if (model == null) {
            problems.add(doc.describe() + ": no model for " + type + " (add it to KubeChecks.MODELS)");
            return problems;
        }
        if (doc.name().isEmpty()) {
            problems.add(doc.describe() + " has no metadata.name");
        }
        try {
            Object typed = MAPPER.treeToValue(doc.node(), model);
            unknownFields(typed, doc.kind(), problems, doc);
        } catch (Exception e) {
            problems.add(doc.describe() + " is not a valid " + type + ": " + e.getMessage().split("\n")[0]);
        }
        return problems;
    }

    private static void unknownFields(Object value, String path, List<String> problems, Kustomization.Doc doc)
            throws InvocationTargetException, IllegalAccessException {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", problems, doc);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), problems, doc);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getName().equals("getClass")) {
                continue;
            }
            Object child = method.invoke(value);
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(doc.describe() + ": unknown field(s) " + extra.keySet() + " in " + path);
                }
                continue;
            }
            String field = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            unknownFields(child, path + "." + field, problems, doc);
        }
    }
}
