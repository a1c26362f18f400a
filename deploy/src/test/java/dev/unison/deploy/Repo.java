package dev.unison.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import dev.unison.contracts.kafka.TopicCatalogue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the deployment files must agree with, read from the repository itself: the service modules with their ports and
 * databases (from each module's application.properties), the project and Kafka versions (root pom), the topics (the
 * string constants of the main sources) and the databases the PostgreSQL init script creates.
 */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("unison.root", "..")).toAbsolutePath().normalize();
    static final YAMLMapper YAML = new YAMLMapper();

    /** A Quarkus service module: its HTTP port and, if it keeps tables, the name of its database. */
    record AppService(String module, int port, Optional<String> database) {
        String image() {
            return "unison/" + module;
        }
    }

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern TOPIC_CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+\\w+\\s*=\\s*\"(cx\\.[a-z0-9-]+\\.(?:v\\d+|dlq))\"");
    private static final Pattern CREATE_DATABASE =
            Pattern.compile("(?i)CREATE\\s+DATABASE\\s+\"?([a-z0-9_]+)\"?");

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative).normalize();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (a file may hold several, separated by ---), empty documents left out. */
    static List<JsonNode> yamlDocuments(Path file) {
        try (Reader reader = Files.newBufferedReader(file);
             MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(YAML.createParser(reader))) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " YAML documents, expected one");
        }
        return docs.get(0);
    }

    /** The modules of the root pom that are Quarkus HTTP services (their application.properties sets a port). */
    static List<AppService> appServices() {
        List<AppService> services = new ArrayList<>();
        for (String module : modules()) {
            Path props = path(module + "/src/main/resources/application.properties");
            if (!Files.isRegularFile(props)) {
                continue;
            }
            Properties p = properties(props);
            String port = p.getProperty("quarkus.http.port");
            if (port == null) {
                continue;
            }
            Optional<String> database = Optional.empty();
            if (p.getProperty("quarkus.datasource.db-kind") != null) {
                String url = p.getProperty("%dev.quarkus.datasource.jdbc.url");
                if (url == null) {
                    throw new IllegalStateException(props + " has a datasource but no %dev.quarkus.datasource.jdbc.url "
                            + "to tell its database's name");
                }
                database = Optional.of(url.substring(url.lastIndexOf('/') + 1));
            }
            services.add(new AppService(module, Integer.parseInt(port.trim()), database));
        }
        return services;
    }

    static AppService appService(String module) {
        return appServices().stream().filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no service module " + module));
    }

    static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The version of the root pom (the services' images are tagged with it). */
    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>unison-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(path("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version in the root pom");
        }
        return m.group(1).trim();
    }

    /** The Kafka version the project builds against (the broker image is of the same version). */
    static String kafkaVersion() {
        Matcher m = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(read(path("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no kafka.version in the root pom");
        }
        return m.group(1).trim();
    }

    /**
     * The topic lists a topic-creating container takes, as the topic catalogue defines them: TOPICS (customer
     * partitions), COMPACTED_TOPICS (compacted, one partition), KEYED_COMPACTED_TOPICS (compacted, customer partitions).
     */
    static Map<String, Set<String>> topicLists() {
        Map<String, Set<String>> lists = new java.util.LinkedHashMap<>();
        for (String key : List.of("TOPICS", "COMPACTED_TOPICS", "KEYED_COMPACTED_TOPICS")) {
            lists.put(key, new TreeSet<>());
        }
        for (TopicCatalogue.Topic t : TopicCatalogue.ALL) {
            String key = !t.compacted() ? "TOPICS" : t.byCustomer() ? "KEYED_COMPACTED_TOPICS" : "COMPACTED_TOPICS";
            if (!t.compacted() && !t.byCustomer()) {
                throw new IllegalStateException(t + ": the containers have no list for one-partition plain topics");
            }
            lists.get(key).add(t.name());
        }
        return lists;
    }

    /** Problems of a container's topic lists against the catalogue's (each list exactly the catalogue's). */
    static List<String> topicListProblems(String name, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        topicLists().forEach((key, expected) -> {
            Set<String> listed = new TreeSet<>(List.of(env.getOrDefault(key, "").trim().split("\\s+")));
            listed.remove("");
            if (!listed.equals(expected)) {
                problems.add(name + " " + key + " lists " + listed + " but the topic catalogue has " + expected);
            }
        });
        return problems;
    }

    /** Every topic named by a string constant in the main sources of any module (Topics, StreamTopics, ...). */
    static Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (String module : modules()) {
            Path sources = path(module + "/src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    Matcher m = TOPIC_CONSTANT.matcher(read(f));
                    while (m.find()) {
                        topics.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return topics;
    }

    static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(read(path("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    static Path initSql() {
        return path("deploy/postgres/init.sql");
    }

    /** The databases deploy/postgres/init.sql creates. */
    static Set<String> initSqlDatabases() {
        Set<String> names = new TreeSet<>();
        Matcher m = CREATE_DATABASE.matcher(read(initSql()));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
