package dev.unison.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.unison.contracts.Alert;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.simulator.KafkaSink;
import dev.unison.simulator.RestSink;
import dev.unison.simulator.Scenario;
import dev.unison.simulator.Sink;
import dev.unison.simulator.Story;
import dev.unison.simulator.TokenSource;
import dev.unison.testsupport.EmbeddedPostgresDb;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole system: the four packaged services as separate processes against the launcher's Kafka broker (SASL/SCRAM,
 * each service its own Kafka user, ACLs), one PostgreSQL and Keycloak (every call signed in as a demo user of the
 * realm), driven by the simulator's scripted scenario, published as the Kafka user {@code publisher}. Every expected
 * alert must reach its departments' webhooks (signed) and the live feed, every journey must be complete, and no
 * dead-letter topic may hold anything. The broker refuses clients that do not sign in, and the publisher cannot forge
 * an alert.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemIT {
    private static final String SECRET = "system-test-secret";
    private static final List<String> DEPARTMENTS = List.of("support", "customer-success", "sales", "billing",
            "finance", "marketing", "account-management", "product", "cx-lead");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<Service, ServiceProcess> SERVICES = new EnumMap<>(Service.class);
    private static final Supervisor SUPERVISOR = new Supervisor();
    private static final List<Hook> HOOKS = new CopyOnWriteArrayList<>();
    private static final List<JsonNode> FEED = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static Thread feedReader;
    private static Keycloak keycloak;
    private static TokenSource admin;
    private static TokenSource ops;
    private static TokenSource analyst;
    private static KafkaBroker kafka;

    /** One webhook call as the receiver got it. */
    record Hook(String department, JsonNode body, boolean signatureValid) {
    }

    @BeforeAll
    static void startTheSystem() throws Exception {
        Path root = Path.of(System.getProperty("unison.home", "..")).toAbsolutePath().normalize();
        Path run = root.resolve("launcher/target/system-it");
        deleteRecursively(run); // a fresh broker needs fresh Kafka Streams state
        Path logs = run.resolve("logs");
        Files.createDirectories(logs);
        TestKeycloak.startEarly(); // side by side with the broker and the database (when no other test started it)
        kafka = KafkaBroker.prepareSecured(run.resolve("kafka"), logs.resolve("kafka.log"), LocalPorts.freePair());
        Supervisor.Supervised broker = SUPERVISOR.launch(kafka);
        Map<Service, EmbeddedPostgresDb.Database> databases = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            if (service.database() != null) {
                databases.put(service, EmbeddedPostgresDb.newDatabase(service.database()));
            }
        }
        SUPERVISOR.await(broker);
        TopicAdmin.ensure(kafka.adminSettings(), Launcher.topics(3));
        startReceiver();
        keycloak = TestKeycloak.get();
        admin = user("admin");
        ops = user("ops");
        analyst = user("analyst");
        List<Supervisor.Supervised> started = new ArrayList<>();
        for (Service service : Service.values()) {
            Path jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
            assertThat(jar).as("packaged " + service.module()).exists();
            ServiceProcess.Wiring wiring;
            if (service.database() == null) {
                wiring = new ServiceProcess.Wiring(kafka.bootstrapServers(), null, null, null,
                        ServiceProcess.Wiring.issuer(keycloak.issuer()));
            } else {
                EmbeddedPostgresDb.Database db = databases.get(service);
                wiring = new ServiceProcess.Wiring(kafka.bootstrapServers(), db.jdbcUrl(), db.username(), db.password(),
                        ServiceProcess.Wiring.issuer(keycloak.issuer()));
            }
            // each service signs in to Kafka as its own user
            wiring = wiring.with(kafka.environment(service.module()));
            ServiceProcess process = ServiceProcess.of(service, LocalPorts.free(), jar, logs, wiring);
            SERVICES.put(service, process);
            started.add(SUPERVISOR.launch(process));
        }
        for (Supervisor.Supervised process : started) {
            SUPERVISOR.await(process);
        }
        for (String department : DEPARTMENTS) {
            post(Service.NOTIFICATION, "/subscriptions", "{\"department\":\"" + department + "\",\"type\":\"webhook\","
                    + "\"name\":\"" + department + " hook\",\"url\":\"http://localhost:" + receiver.getAddress().getPort()
                    + "/hooks/" + department + "\",\"secret\":\"" + SECRET + "\"}", 201);
        }
        startFeedReader();
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        SUPERVISOR.close();
        if (feedReader != null) {
            feedReader.interrupt();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static TokenSource user(String name) throws IOException, InterruptedException {
        return TestKeycloak.user(name);
    }

    @Test
    @Order(1)
    void scriptedScenarioReachesEveryDepartmentAndTheLiveFeed() throws Exception {
        // every rule's story told to two customers: their alerts share questions and subjects (one group each), and
        // each must still reach every department it names, naming its own customer
        List<Story> stories = new ArrayList<>(Scenario.scripted(2026, 5));
        stories.addAll(Scenario.scripted(2027, 0));
        try (Sink sink = new KafkaSink(kafka.clientSettings(KafkaAccess.PUBLISHER))) {
            for (Story story : stories) {
                sink.send(story.events());
            }
            // what happens later (releases after a bug report) is sent once consistency-service knows the report
            for (Story story : stories) {
                if (!story.later().isEmpty()) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                            getText(Service.CONSISTENCY, "/customers/" + story.customerId() + "/state"))
                            .contains("unacknowledged-bug"));
                    sink.send(story.later());
                }
            }
        }
        List<Story.ExpectedAlert> expected = stories.stream().flatMap(s -> s.expected().stream()).toList();
        assertThat(expected).hasSize(14);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Story.ExpectedAlert alert : expected) {
                for (String department : alert.departments()) {
                    assertThat(HOOKS).as(alert + " at the webhook of " + department)
                            .anyMatch(h -> h.department().equals(department) && names(h.body(), alert));
                }
                assertThat(FEED).as(alert + " on the live feed").anyMatch(e -> matches(e.path("alert"), alert));
            }
        });
        assertThat(HOOKS).as("every webhook call is signed with the subscription's secret")
                .allMatch(Hook::signatureValid);
        for (Story.ExpectedAlert alert : expected) {
            for (String department : alert.departments()) {
                assertThat(HOOKS.stream().filter(h -> h.department().equals(department)
                        && names(h.body(), alert) && "alert".equals(h.body().path("reason").asText())))
                        .as("%s delivered to %s once", alert, department).hasSizeLessThanOrEqualTo(1);
            }
        }
        for (Story story : stories) {
            List<String> touchIds = story.events().stream().filter(e -> !Sink.isFeedback(e))
                    .map(e -> e.get("id").asText()).toList();
            if (touchIds.isEmpty()) {
                continue;
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode journey = get(Service.JOURNEY, "/customers/" + story.customerId() + "/journey?limit=100");
                List<String> stored = new ArrayList<>();
                journey.path("items").forEach(i -> stored.add(i.path("id").asText()));
                assertThat(stored).as("journey of " + story.customerId()).containsExactlyElementsOf(touchIds);
            });
        }
        for (String dlq : List.of(Topics.TOUCHES_DLQ, Topics.FEEDBACK_DLQ, Topics.ALERTS_DLQ, KafkaAccess.CONSISTENCY_DLQ)) {
            assertThat(read(KafkaAccess.ANALYST, dlq)).as(dlq).isEmpty();
        }
    }

    /** Whether a webhook body (a group notification) names the expected alert among its alerts. */
    private static boolean names(JsonNode body, Story.ExpectedAlert expected) {
        for (JsonNode alert : body.path("alerts")) {
            if (matches(alert, expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void eachDepartmentSignsInToTheDashboardAndSeesOnlyItsOwnAlerts() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        Alert salesOnly = dashboardAlert("C-SALES-" + run, List.of("sales"));
        Alert supportOnly = dashboardAlert("C-SUPPORT-" + run, List.of("support"));
        Alert both = dashboardAlert("C-BOTH-" + run, List.of("sales", "support"));
        // written as the broker's administrator: only consistency-service's Kafka user may write alerts otherwise
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.adminSettings(), new StringSerializer(),
                new StringSerializer())) {
            for (Alert alert : List.of(salesOnly, supportOnly, both)) {
                producer.send(new ProducerRecord<>(Topics.ALERTS, alert.customerId(), EventJson.string(alert)))
                        .get(20, TimeUnit.SECONDS);
            }
        }
        String dashboard = SERVICES.get(Service.NOTIFICATION).url() + "/";
        DashboardSignIn.allowRedirectsTo(keycloak.issuer(), dashboard);
        Path screenshots = Path.of(System.getProperty("unison.home", "..")).toAbsolutePath().normalize()
                .resolve("launcher/target/system-it");
        for (String department : List.of("sales", "support")) {
            Alert mine = department.equals("sales") ? salesOnly : supportOnly;
            Alert theirs = department.equals("sales") ? supportOnly : salesOnly;
            try (DashboardSignIn signedIn = DashboardSignIn.as(department, Keycloak.DEMO_PASSWORD, dashboard)) {
                signedIn.awaitRow(mine.alertId());
                signedIn.awaitRow(both.alertId());
                signedIn.screenshot(screenshots.resolve("dashboard-" + department + ".png"));
                assertThat(signedIn.shows(theirs.alertId())).as(department + " sees the other department's alert")
                        .isFalse();
                assertThat(signedIn.departmentsOfEveryRow()).as("departments of every alert %s sees", department)
                        .isNotEmpty().allMatch(cell -> cell.contains(department));
                assertThat(signedIn.countedDepartments()).as("counts by department for " + department)
                        .containsOnly(department);
            }
        }
    }

    private static Alert dashboardAlert(String customer, List<String> departments) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        return new Alert(Alert.deterministicId("duplicate-outreach", customer, now.toString()), "duplicate-outreach",
                Alert.WARNING, customer, departments, "fp-" + customer,
                "The same offer went to " + customer + " twice", List.of(), now, Map.of());
    }

    @Test
    void keycloaksTokensOpenWhatTheirRolesAllowAndTheScriptsClientPublishes() throws Exception {
        String journey = SERVICES.get(Service.JOURNEY).url();
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(journey + "/customers/C-1/journey"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("no token").isEqualTo(401);
        assertThat(anonymous.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        // a member of sales with no role: the token names the department, which opens the alerts naming sales only
        String sales = user("sales").token();
        JsonNode claims = EventJson.MAPPER.readTree(Base64.getUrlDecoder().decode(sales.split("\\.")[1]));
        assertThat(claims.path("departments").toString()).isEqualTo("[\"sales\"]");
        assertThat(claims.path("aud").toString()).contains("unison");
        HttpResponse<String> member = HTTP.send(HttpRequest.newBuilder(URI.create(SERVICES.get(Service.NOTIFICATION).url()
                + "/alerts")).header("authorization", "Bearer " + sales).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(member.statusCode()).as("a department member at /alerts").isEqualTo(200);
        for (JsonNode alert : EventJson.MAPPER.readTree(member.body()).path("items")) {
            assertThat(alert.path("departments").toString()).as("an alert a sales member sees").contains("\"sales\"");
        }
        HttpResponse<String> memberAtJourney = HTTP.send(HttpRequest.newBuilder(URI.create(
                SERVICES.get(Service.JOURNEY).url() + "/customers/C-1/journey")).header("authorization", "Bearer " + sales)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(memberAtJourney.statusCode()).as("a department member at journey-service").isEqualTo(403);

        // the simulator's --via=rest: the unison-cli client's service account (client credentials) is a publisher
        ObjectNode touch = (ObjectNode) EventJson.MAPPER.readTree("""
                {"specversion": "1.0", "id": "system-it-rest-1", "source": "/system-it", "type": "cx.touch.contact",
                 "time": "2026-11-25T11:00:00Z", "data": {"customerId": "C-REST-1", "department": "web",
                 "channel": "chat", "direction": "inbound", "purpose": "billing-question"}}""");
        try (RestSink rest = new RestSink(journey, SERVICES.get(Service.FEEDBACK).url(), TokenSource.clientCredentials(
                keycloak.tokenUrl(), Keycloak.CLIENT_ID, Keycloak.CLIENT_SECRET))) {
            rest.send(List.of(touch));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                getText(Service.JOURNEY, "/customers/C-REST-1/journey")).contains("system-it-rest-1"));
    }

    @Test
    void kafkaRefusesClientsThatDoNotSignInAndThePublisherCannotForgeAnAlert() throws Exception {
        // no credentials: the SASL listener answers nothing but the handshake, so no metadata, no write
        Map<String, Object> anonymous = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(anonymous, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.TOUCHES, "C-ANON", "{}"))
                    .get(10, TimeUnit.SECONDS)).as("an unauthenticated client")
                    .satisfies(e -> assertThat(deepest(e)).isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class));
        }

        // the publisher may write touches: the README's examples, signed in as they say, are stored
        String classpath = jarOf(KafkaProducer.class) + File.pathSeparator + jarOf(org.slf4j.Logger.class);
        Path examples = Path.of(System.getProperty("unison.home", "..")).toAbsolutePath().normalize().resolve("examples");
        Map<String, String> publisher = Map.of("KAFKA_USER", KafkaAccess.PUBLISHER,
                "KAFKA_PASSWORD", kafka.password(KafkaAccess.PUBLISHER));
        run(publisher, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                examples.resolve("kafka-clients/CrmPublisher.java").toString(), kafka.bootstrapServers());
        if (kcatSignsInToKafka4()) {
            Map<String, String> kcat = new HashMap<>(publisher);
            kcat.put("BOOTSTRAP", kafka.bootstrapServers());
            run(kcat, examples.resolve("kcat/publish-structured.sh").toString());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    getText(Service.JOURNEY, "/customers/C-43/journey")).contains("web-5521"));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                getText(Service.JOURNEY, "/customers/C-42/journey")).contains("crm-81723"));

        // … but not alerts: a forged alert is refused by the broker and never reaches notification-service
        String forged = "{\"alertId\": \"forged-by-publisher\", \"rule\": \"conflicting-answers\", \"severity\": "
                + "\"critical\", \"customerId\": \"C-FORGED\", \"departments\": [\"support\"], \"summary\": \"forged\"}";
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings(KafkaAccess.PUBLISHER));
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 12_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.ALERTS, "C-FORGED", forged))
                    .get(20, TimeUnit.SECONDS)).as("the publisher writing " + Topics.ALERTS)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(read(KafkaAccess.ANALYST, Topics.ALERTS)).as("alerts in " + Topics.ALERTS)
                .noneMatch(r -> r.value().contains("C-FORGED"));
        HttpResponse<String> alerts = HTTP.send(HttpRequest.newBuilder(URI.create(SERVICES.get(Service.NOTIFICATION).url()
                + "/alerts?customer=C-FORGED")).header("authorization", bearer(ops)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(alerts.statusCode()).as("GET /alerts: " + alerts.body()).isEqualTo(200);
        assertThat(alerts.body()).as("notification-service's alerts of C-FORGED").doesNotContain("forged-by-publisher");
    }

    /** Every record of a topic now, read as a Kafka user without a consumer group. */
    private static List<ConsumerRecord<String, String>> read(String user, String topic) {
        Map<String, Object> config = new HashMap<>(kafka.clientSettings(user));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static Throwable deepest(Throwable e) {
        return e.getCause() == null ? e : deepest(e.getCause());
    }

    private static String jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether kcat is here and can sign in with SCRAM to a Kafka 4 broker: its librdkafka must be 2.6.1 or later
     * (older ones fail with "invalid credentials", edenhill/kcat#462; Debian 12's kcat has 2.0.2).
     */
    private static boolean kcatSignsInToKafka4() throws IOException, InterruptedException {
        if (!onPath("kcat")) {
            return false;
        }
        Process version = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        version.waitFor(10, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("librdkafka (\\d+)\\.(\\d+)\\.(\\d+)").matcher(text);
        if (!m.find()) {
            return false;
        }
        int v = Integer.parseInt(m.group(1)) * 10_000 + Integer.parseInt(m.group(2)) * 100 + Integer.parseInt(m.group(3));
        return v >= 2_06_01;
    }

    /** Runs a command; fails with its output unless it exits 0 within a minute. */
    private static void run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[command.length - 1]).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", String.join(" ", command),
                new String(output, StandardCharsets.UTF_8)).isZero();
    }

    private static boolean matches(JsonNode alert, Story.ExpectedAlert expected) {
        if (!expected.rule().equals(alert.path("rule").asText())
                || !expected.customerId().equals(alert.path("customerId").asText())) {
            return false;
        }
        List<String> departments = new ArrayList<>();
        alert.path("departments").forEach(d -> departments.add(d.asText()));
        return departments.containsAll(expected.departments());
    }

    private static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        receiver.createContext("/hooks/", exchange -> {
            String department = exchange.getRequestURI().getPath().substring("/hooks/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Unison-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Unison-Signature");
            HOOKS.add(new Hook(department, EventJson.MAPPER.readTree(body), valid(timestamp, body, signature)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    private static boolean valid(String timestamp, byte[] body, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).equals(signature);
        } catch (Exception e) {
            return false;
        }
    }

    /** Reads the live feed (Server-Sent Events) of all departments into FEED. */
    private static void startFeedReader() throws IOException, InterruptedException {
        String authorization = bearer(ops);
        feedReader = new Thread(() -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(SERVICES.get(Service.NOTIFICATION).url()
                    + "/alerts/stream")).header("accept", "text/event-stream").header("authorization", authorization)
                    .build();
            try (InputStream in = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        FEED.add(EventJson.MAPPER.readTree(line.substring(5).trim()));
                    }
                }
            } catch (IOException e) {
                // the system is stopping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "feed-reader");
        feedReader.setDaemon(true);
        feedReader.start();
    }

    private static JsonNode get(Service service, String path) throws Exception {
        return EventJson.MAPPER.readTree(getText(service, path));
    }

    private static JsonNode getAs(TokenSource user, Service service, String path) throws Exception {
        return EventJson.MAPPER.readTree(getText(user, service, path));
    }

    private static String getText(Service service, String path) throws Exception {
        return getText(analyst, service, path);
    }

    private static String getText(TokenSource user, Service service, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(SERVICES.get(service).url() + path))
                .header("authorization", bearer(user)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static void post(Service service, String path, String json, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(SERVICES.get(service).url() + path))
                .header("content-type", "application/json").header("authorization", bearer(admin))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(status);
    }

    private static String bearer(TokenSource user) throws IOException, InterruptedException {
        return "Bearer " + user.token();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

}
