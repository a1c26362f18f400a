package dev.unison.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** docker-compose.yml against the Compose Specification's JSON Schema, then against the rules of ComposeChecks. */
class ComposeFileTest {

    static final Path COMPOSE = Repo.path("docker-compose.yml");
    static JsonNode compose;
    static JsonSchema schema;
    static List<Repo.AppService> apps;

    @BeforeAll
    static void read() throws Exception {
        compose = Repo.yaml(COMPOSE);
        apps = Repo.appServices();
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/schemas/compose-spec/compose-spec.json")) {
            JsonNode spec = new ObjectMapper().readTree(in);
            // This revision of the schema marks subschemas with draft-04's "id" (a plain annotation, e.g.
            // "#/properties/services") under a draft 2019-09 $schema; the validator knows no "id" keyword in 2019-09.
            // Dropping those annotations changes no constraint.
            dropIdAnnotations(spec);
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(spec);
        }
    }

    private static void dropIdAnnotations(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("id").isTextual()) {
                object.remove("id");
            }
            object.forEach(ComposeFileTest::dropIdAnnotations);
        } else if (node instanceof ArrayNode array) {
            array.forEach(ComposeFileTest::dropIdAnnotations);
        }
    }

    @Test
    void theFourServicesAreFoundInTheRepository() {
        // The checks below are only as good as this list: it comes from the modules' application.properties.
        assertThat(apps).extracting(Repo.AppService::module).containsExactlyInAnyOrder(
                "journey-service", "feedback-service", "consistency-service", "notification-service");
        assertThat(apps).allSatisfy(a -> assertThat(a.port()).isBetween(1024, 65535));
        assertThat(apps).filteredOn(a -> a.database().isEmpty()).extracting(Repo.AppService::module)
                .containsExactly("consistency-service");
        assertThat(Repo.topics()).contains("cx.touches.v1", "cx.feedback.v1", "cx.alerts.v1", "cx.rules.v1");
    }

    @Test
    void isValidAgainstTheComposeSpecification() {
        Set<ValidationMessage> errors = schema.validate(compose);
        assertThat(errors).isEmpty();
    }

    @Test
    void schemaRejectsWhatComposeRejects() {
        // The vendored schema is strict, not decorative: an unknown key and a wrong type are errors.
        JsonNode broken = compose.deepCopy();
        ((ObjectNode) broken.path("services").path("kafka")).put("helthcheck", "typo");
        ((ObjectNode) broken.path("services").path("journey-service").path("healthcheck")).put("retries", "many");
        assertThat(schema.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void keepsEveryRule() {
        assertThat(ComposeChecks.check(compose, Repo.ROOT, apps)).isEmpty();
    }

    @Test
    void theDockerfilesExistAndCopyWhatTheModulesBuild() {
        for (Repo.AppService app : apps) {
            Path dockerfile = Repo.path(app.module() + "/src/main/docker/Dockerfile.jvm");
            assertThat(dockerfile).isRegularFile();
            assertThat(DockerfileChecks.check(dockerfile, app)).isEmpty();
        }
    }

    @Test
    void aDockerfileWithoutTheAppOrTheWrongPortIsCaught() {
        Repo.AppService journey = Repo.appService("journey-service");
        String good = Repo.read(Repo.path("journey-service/src/main/docker/Dockerfile.jvm"));
        assertThat(DockerfileChecks.check(good.replace("COPY --chown=185 target/quarkus-app/app/ /deployments/app/", ""),
                journey)).containsExactly("journey-service Dockerfile does not copy target/quarkus-app/app/");
        assertThat(DockerfileChecks.check(good.replace("EXPOSE 8081", "EXPOSE 8080"), journey))
                .containsExactly("journey-service Dockerfile does not EXPOSE 8081");
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                breakage("journey-service without healthcheck", "journey-service has no healthcheck",
                        s -> service(s, "journey-service").remove("healthcheck")),
                breakage("kafka without healthcheck", "kafka has no healthcheck",
                        s -> service(s, "kafka").remove("healthcheck")),
                breakage("feedback-service starts as soon as Kafka starts",
                        "feedback-service must depend on kafka with condition service_healthy, not service_started",
                        s -> ((ObjectNode) service(s, "feedback-service").path("depends_on").path("kafka"))
                                .put("condition", "service_started")),
                breakage("notification-service does not wait for PostgreSQL",
                        "notification-service must depend on postgres with condition service_healthy, it does not "
                                + "depend on it",
                        s -> ((ObjectNode) service(s, "notification-service").path("depends_on")).remove("postgres")),
                breakage("a settings file", "journey-service has env_file",
                        s -> service(s, "journey-service").putArray("env_file").add(".env")),
                breakage("a mounted configuration", "feedback-service mounts ./deploy from the host",
                        s -> service(s, "feedback-service").putArray("volumes").add("./deploy:/deployments/config")),
                breakage("port not the service's", "journey-service QUARKUS_HTTP_PORT is 9999, expected 8081",
                        s -> ((ObjectNode) service(s, "journey-service").path("environment"))
                                .put("QUARKUS_HTTP_PORT", "9999")),
                breakage("port not published", "consistency-service publishes no port to its container port 8083",
                        s -> ((ArrayNode) service(s, "consistency-service").path("ports")).set(0, "8083:8080")),
                breakage("another service's database", "feedback-service uses the database journey, its own is feedback",
                        s -> ((ObjectNode) service(s, "feedback-service").path("environment"))
                                .put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/journey")),
                breakage("a Dockerfile that is not there", "does not exist",
                        s -> ((ObjectNode) service(s, "notification-service").path("build"))
                                .put("dockerfile", "Dockerfile.native")),
                breakage("a broker that is not the broker", "KAFKA_BOOTSTRAP_SERVERS localhost:9092 is not the broker",
                        s -> ((ObjectNode) service(s, "journey-service").path("environment"))
                                .put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")),
                breakage("a topic left out", "does not create the topics [cx.facts.v1]",
                        s -> ((ObjectNode) service(s, "kafka-init").path("environment"))
                                .put("COMPACTED_TOPICS", "cx.rules.v1")),
                breakage("a dependency on nothing", "journey-service depends on kafka2, which is not a service",
                        s -> ((ObjectNode) service(s, "journey-service").path("depends_on")).putObject("kafka2")
                                .put("condition", "service_healthy")),
                breakage("a ZooKeeper broker", "kafka is not a KRaft controller (KAFKA_PROCESS_ROLES)",
                        s -> ((ObjectNode) service(s, "kafka").path("environment")).remove("KAFKA_PROCESS_ROLES")),
                breakage("another Kafka version", "kafka runs apache/kafka:3.9.0",
                        s -> service(s, "kafka").put("image", "apache/kafka:3.9.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void aBrokenComposeFileIsCaught(String what, String expected, Consumer<ObjectNode> breakIt) {
        ObjectNode broken = compose.deepCopy();
        breakIt.accept((ObjectNode) broken.path("services"));
        assertThat(ComposeChecks.check(broken, Repo.ROOT, apps)).anySatisfy(p -> assertThat(p).contains(expected));
    }

    private static Arguments breakage(String what, String expected, Consumer<ObjectNode> breakIt) {
        return Arguments.of(what, expected, breakIt);
    }

    private static ObjectNode service(ObjectNode services, String name) {
        return (ObjectNode) services.path(name);
    }
}
