package dev.unison.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules docker-compose.yml must keep beyond its schema. Each check returns what is wrong, in words, so a test
 * asserts an empty list and a broken file shows every problem at once.
 */
final class ComposeChecks {

    /** Keys by which a service could take settings other than its environment (or change how it starts). */
    static final List<String> NOT_ENVIRONMENT = List.of("env_file", "configs", "secrets", "command", "entrypoint",
            "extends");

    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");

    private ComposeChecks() {
    }

    static List<String> check(JsonNode compose, Path root, List<Repo.AppService> apps) {
        List<String> problems = new ArrayList<>();
        JsonNode services = compose.path("services");
        if (!services.isObject() || services.isEmpty()) {
            problems.add("no services");
            return problems;
        }
        Set<String> oneShots = oneShots(services);
        Set<String> declaredVolumes = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declaredVolumes::add);

        services.fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode service = e.getValue();
            dependencies(service).keySet().stream().filter(d -> !services.has(d))
                    .forEach(d -> problems.add(name + " depends on " + d + ", which is not a service"));
            if (oneShots.contains(name)) {
                if (!"no".equals(service.path("restart").asText("no"))) {
                    problems.add(name + " is a one-shot (others wait for it to complete) but restarts");
                }
            } else {
                healthcheck(name, service).ifPresent(problems::add);
            }
            for (JsonNode volume : service.path("volumes")) {
                String source = volumeSource(volume);
                if (source.startsWith(".") || source.startsWith("/")) {
                    if (!Files.exists(root.resolve(source).normalize())) {
                        problems.add(name + " mounts " + source + ", which does not exist");
                    }
                } else if (!declaredVolumes.contains(source)) {
                    problems.add(name + " mounts the volume " + source + ", which is not declared under volumes");
                }
            }
        });

        Optional<String> kafka = infrastructure(services, "apache/kafka:", oneShots, problems);
        Optional<String> postgres = infrastructure(services, "postgres:", oneShots, problems);
        kafka.ifPresent(k -> checkKafka(services.get(k), k, problems));
        postgres.ifPresent(p -> checkPostgres(services.get(p), p, problems));
        Optional<String> topicsInit = oneShots.stream()
                .filter(s -> services.get(s).path("image").asText().startsWith("apache/kafka:")).findFirst();
        topicsInit.ifPresent(t -> checkTopicsInit(services.get(t), t, kafka, problems));
        services.fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().contains("zookeeper")) {
                problems.add(e.getKey() + " runs ZooKeeper: Kafka must run in KRaft mode");
            }
        });

        for (Repo.AppService app : apps) {
            JsonNode service = services.get(app.module());
            if (service == null) {
                problems.add("no service " + app.module());
                continue;
            }
            checkApp(app, service, root, services, kafka, postgres, topicsInit, problems);
        }
        return problems;
    }

    private static void checkApp(Repo.AppService app, JsonNode service, Path root, JsonNode services,
                                 Optional<String> kafka, Optional<String> postgres, Optional<String> topicsInit,
                                 List<String> problems) {
        String name = app.module();
        for (String key : NOT_ENVIRONMENT) {
            if (service.has(key)) {
                problems.add(name + " has " + key + ": settings must reach the services through environment only");
            }
        }
        String image = Repo.projectVersion();
        if (!service.path("image").asText().equals(app.image() + ":" + image)) {
            problems.add(name + " image is '" + service.path("image").asText() + "', expected " + app.image() + ":"
                    + image);
        }
        JsonNode build = service.path("build");
        if (!build.isObject()) {
            problems.add(name + " has no build section");
        } else {
            Path context = root.resolve(build.path("context").asText("-")).normalize();
            if (!context.equals(root.resolve(name))) {
                problems.add(name + " builds from " + context + ", expected its module directory");
            }
            Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
            if (!Files.isRegularFile(dockerfile)) {
                problems.add(name + " builds with " + dockerfile + ", which does not exist");
            } else {
                problems.addAll(DockerfileChecks.check(dockerfile, app));
            }
        }

        Map<String, String> env = environment(service);
        if (!String.valueOf(app.port()).equals(env.get("QUARKUS_HTTP_PORT"))) {
            problems.add(name + " QUARKUS_HTTP_PORT is " + env.get("QUARKUS_HTTP_PORT") + ", expected " + app.port());
        }
        if (!publishedContainerPorts(service).contains(app.port())) {
            problems.add(name + " publishes no port to its container port " + app.port());
        }
        String health = String.join(" ", texts(service.path("healthcheck").path("test")));
        if (!health.contains("localhost:" + app.port() + "/q/health/ready")) {
            problems.add(name + " healthcheck does not ask localhost:" + app.port() + "/q/health/ready: " + health);
        }
        Map<String, String> dependencies = dependencies(service);

        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null) {
            problems.add(name + " has no KAFKA_BOOTSTRAP_SERVERS");
        } else if (kafka.isPresent()) {
            String host = bootstrap.split(",")[0].split(":")[0];
            String port = bootstrap.split(",")[0].contains(":") ? bootstrap.split(",")[0].split(":")[1] : "9092";
            if (!host.equals(kafka.get())) {
                problems.add(name + " KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not the broker " + kafka.get());
            } else if (!listenerPorts(services.get(kafka.get())).contains(port)) {
                problems.add(name + " KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not a port the broker listens on");
            }
            requireCondition(name, dependencies, kafka.get(), "service_healthy", problems);
        }
        topicsInit.ifPresent(t -> requireCondition(name, dependencies, t, "service_completed_successfully", problems));

        String jdbc = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (app.database().isPresent()) {
            String database = app.database().get();
            if (jdbc == null) {
                problems.add(name + " has no QUARKUS_DATASOURCE_JDBC_URL");
            } else {
                Matcher m = JDBC.matcher(jdbc);
                if (!m.matches()) {
                    problems.add(name + " QUARKUS_DATASOURCE_JDBC_URL is not a PostgreSQL URL: " + jdbc);
                } else {
                    if (postgres.isPresent() && !m.group(1).equals(postgres.get())) {
                        problems.add(name + " database host " + m.group(1) + " is not the service " + postgres.get());
                    }
                    if (!m.group(3).equals(database)) {
                        problems.add(name + " uses the database " + m.group(3) + ", its own is " + database);
                    }
                    if (!Repo.initSqlDatabases().contains(m.group(3))) {
                        problems.add(name + " uses the database " + m.group(3) + ", which init.sql does not create");
                    }
                }
            }
            postgres.ifPresent(p -> {
                Map<String, String> pg = environment(services.get(p));
                if (!Objects.equals(pg.get("POSTGRES_USER"), env.get("QUARKUS_DATASOURCE_USERNAME"))) {
                    problems.add(name + " QUARKUS_DATASOURCE_USERNAME is not the POSTGRES_USER of " + p);
                }
                if (!Objects.equals(pg.get("POSTGRES_PASSWORD"), env.get("QUARKUS_DATASOURCE_PASSWORD"))) {
                    problems.add(name + " QUARKUS_DATASOURCE_PASSWORD is not the POSTGRES_PASSWORD of " + p);
                }
                requireCondition(name, dependencies, p, "service_healthy", problems);
            });
        } else {
            if (jdbc != null) {
                problems.add(name + " keeps no tables but has QUARKUS_DATASOURCE_JDBC_URL");
            }
            postgres.filter(dependencies::containsKey)
                    .ifPresent(p -> problems.add(name + " keeps no tables but waits for " + p));
        }

        // Volumes hold state (e.g. the Kafka Streams state directory), never configuration: each is mounted where
        // one of the service's environment variables points, and none is a file or directory of the host.
        for (JsonNode volume : service.path("volumes")) {
            String source = volumeSource(volume);
            String target = volumeTarget(volume);
            if (source.startsWith(".") || source.startsWith("/")) {
                problems.add(name + " mounts " + source + " from the host: configuration is by environment only");
            } else if (!env.containsValue(target)) {
                problems.add(name + " mounts a volume at " + target + ", which no environment variable points to");
            }
        }
    }

    private static void checkKafka(JsonNode kafka, String name, List<String> problems) {
        String tag = kafka.path("image").asText().substring("apache/kafka:".length());
        if (!tag.equals(Repo.kafkaVersion())) {
            problems.add(name + " runs apache/kafka:" + tag + ", the project builds against Kafka " + Repo.kafkaVersion());
        }
        Map<String, String> env = environment(kafka);
        if (!env.getOrDefault("KAFKA_PROCESS_ROLES", "").contains("controller")) {
            problems.add(name + " is not a KRaft controller (KAFKA_PROCESS_ROLES)");
        }
        for (String internal : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            if (!"1".equals(env.get(internal))) {
                problems.add(name + " is one broker, so " + internal + " must be 1");
            }
        }
        if (!env.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").contains("//" + name + ":")) {
            problems.add(name + " advertises no listener under its service name");
        }
    }

    private static void checkPostgres(JsonNode postgres, String name, List<String> problems) {
        Map<String, String> env = environment(postgres);
        for (String key : List.of("POSTGRES_USER", "POSTGRES_PASSWORD")) {
            if (!env.containsKey(key)) {
                problems.add(name + " has no " + key);
            }
        }
        boolean initSql = false;
        for (JsonNode volume : postgres.path("volumes")) {
            if (Repo.ROOT.resolve(volumeSource(volume)).normalize().equals(Repo.initSql())
                    && volumeTarget(volume).startsWith("/docker-entrypoint-initdb.d/")) {
                initSql = true;
            }
        }
        if (!initSql) {
            problems.add(name + " does not mount deploy/postgres/init.sql into /docker-entrypoint-initdb.d/");
        }
    }

    private static void checkTopicsInit(JsonNode init, String name, Optional<String> kafka, List<String> problems) {
        Map<String, String> env = environment(init);
        Set<String> topics = new TreeSet<>();
        for (String key : List.of("TOPICS", "COMPACTED_TOPICS", "KEYED_COMPACTED_TOPICS")) {
            topics.addAll(List.of(env.getOrDefault(key, "").trim().split("\\s+")));
        }
        Set<String> missing = new TreeSet<>(Repo.topics());
        missing.removeAll(topics);
        if (!missing.isEmpty()) {
            problems.add(name + " does not create the topics " + missing);
        }
        problems.addAll(Repo.topicListProblems(name, env));
        if (!env.getOrDefault("PARTITIONS", "").matches("\\$\\{UNISON_PARTITIONS:-\\d+}|\\d+")) {
            problems.add(name + " PARTITIONS is not a number: " + env.get("PARTITIONS"));
        }
        kafka.ifPresent(k -> requireCondition(name, dependencies(init), k, "service_healthy", problems));
    }

    private static Optional<String> infrastructure(JsonNode services, String imagePrefix, Set<String> oneShots,
                                                   List<String> problems) {
        List<String> found = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().startsWith(imagePrefix) && !oneShots.contains(e.getKey())) {
                found.add(e.getKey());
            }
        });
        if (found.size() != 1) {
            problems.add("expected one service of image " + imagePrefix + "*, found " + found);
            return Optional.empty();
        }
        return Optional.of(found.get(0));
    }

    private static Optional<String> healthcheck(String name, JsonNode service) {
        JsonNode check = service.path("healthcheck");
        List<String> test = texts(check.path("test"));
        if (!check.isObject() || check.path("disable").asBoolean(false) || test.isEmpty()
                || test.get(0).equals("NONE")) {
            return Optional.of(name + " has no healthcheck");
        }
        return Optional.empty();
    }

    private static void requireCondition(String name, Map<String, String> dependencies, String on, String condition,
                                         List<String> problems) {
        String actual = dependencies.get(on);
        if (!condition.equals(actual)) {
            problems.add(name + " must depend on " + on + " with condition " + condition
                    + (actual == null ? ", it does not depend on it" : ", not " + actual));
        }
    }

    /** The services others wait for to complete: one-shot containers, which need no healthcheck. */
    static Set<String> oneShots(JsonNode services) {
        Set<String> names = new TreeSet<>();
        services.forEach(s -> dependencies(s).forEach((on, condition) -> {
            if ("service_completed_successfully".equals(condition)) {
                names.add(on);
            }
        }));
        return names;
    }

    /** depends_on as service to condition; the short (list) syntax has no condition, shown as service_started. */
    static Map<String, String> dependencies(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode deps = service.path("depends_on");
        if (deps.isArray()) {
            deps.forEach(d -> out.put(d.asText(), "service_started"));
        } else if (deps.isObject()) {
            deps.fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().path("condition").asText("service_started")));
        }
        return out;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode env = service.path("environment");
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } else if (env.isArray()) {
            env.forEach(v -> {
                String[] kv = v.asText().split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        }
        return out;
    }

    private static Set<Integer> publishedContainerPorts(JsonNode service) {
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                ports.add(port.path("target").asInt());
            } else {
                String text = port.asText().split("/")[0];
                ports.add(Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)));
            }
        }
        return ports;
    }

    private static Set<String> listenerPorts(JsonNode kafka) {
        Set<String> ports = new TreeSet<>();
        Matcher m = Pattern.compile(":(\\d+)").matcher(environment(kafka).getOrDefault("KAFKA_LISTENERS", ""));
        while (m.find()) {
            ports.add(m.group(1));
        }
        return ports;
    }

    private static String volumeSource(JsonNode volume) {
        return volume.isObject() ? volume.path("source").asText() : volume.asText().split(":")[0];
    }

    private static String volumeTarget(JsonNode volume) {
        return volume.isObject() ? volume.path("target").asText() : volume.asText().split(":")[1];
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isTextual() && !node.asText().isBlank()) {
            out.add(node.asText());
        }
        return out;
    }
}
