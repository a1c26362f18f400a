package dev.unison.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.contracts.kafka.TopicCatalogue;
import dev.unison.simulator.KafkaSink;
import dev.unison.simulator.Scenario;
import dev.unison.simulator.Sink;
import dev.unison.simulator.Story;
import dev.unison.simulator.TokenSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults under traffic, over the packaged services as processes under the launcher's supervisor, against the
 * launcher's own (durable) PostgreSQL and Kafka broker, all on loopback: two instances of journey-service and of
 * consistency-service, one of feedback-service and of notification-service. Each phase injects faults (kill -9 of
 * services, the broker stopped and started, PostgreSQL killed and started again by the supervisor, SIGTERM of
 * services, restarted by the supervisor) and sends a wave of the simulator's scripted scenario (one story per rule,
 * with the alerts each must raise, and one invalid touch); its recovery time is fault → the wave wholly stored and
 * alerted and every part it hit ready again. Faults of one phase hit different services, so each part of the wave
 * (touches stored, feedback stored, alerts published, alerts consumed by notification-service) times the recovery of
 * the one service it depends on; at most two services start again at once. Every service is killed with -9 (one of
 * two instances, or its single one) and stopped with SIGTERM once. Afterwards cx.alerts.v1 holds exactly the expected
 * alerts, once each, every touch sent is either stored or dead-lettered, and a loopback webhook receiver subscribed
 * for every department of the scripted alerts got each alert for each department it names, one delivery id per
 * (alert, subscription). The instances join their consumer groups as static members ({@code UNISON_INSTANCE_ID});
 * with {@code -Dfault.membership=dynamic} they join as dynamic ones, to compare.
 */
class FaultIT {
    private static TokenSource ops;
    private static final Duration BOUND = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Supervisor SUPERVISOR = new Supervisor();
    private static final Map<String, Supervisor.Supervised> PARTS = new LinkedHashMap<>();
    private static final Map<String, Long> RECOVERY = new LinkedHashMap<>();
    private static final Map<String, Long> READINESS = new LinkedHashMap<>();
    private static final Map<String, Map<String, Long>> DETAIL = new LinkedHashMap<>();
    private static final Duration READINESS_BOUND = Duration.ofSeconds(3);
    private static final java.util.concurrent.atomic.AtomicInteger WAVES = new java.util.concurrent.atomic.AtomicInteger();
    private static final List<Seen> ALERTS = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** A webhook call: the subscription's department (its URL's path), the delivery id, reason and alert ids. */
    record Hook(String department, String deliveryId, String reason, List<String> alertIds) {
    }

    private static final List<Hook> HOOKS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static Set<String> subscribed;
    private static Postgres postgres;
    private static KafkaBroker kafka;
    private static Thread alertReader;
    private static volatile boolean reading = true;

    /** An alert as read from cx.alerts.v1, with where it is. */
    record Seen(JsonNode alert, TopicPartition partition, long offset) {
    }

    /** What one wave sent and must produce. */
    record Wave(List<Story> stories, List<String> touchIds, List<String> feedbackIds, String invalidTouchId,
                Set<String> expectedAlerts, List<Story> laterToSend) {
    }

    @BeforeAll
    static void startTheSystem() throws Exception {
        Path root = Path.of(System.getProperty("unison.home", "..")).toAbsolutePath().normalize();
        Path run = root.resolve("launcher/target/fault-it");
        deleteRecursively(run);
        // a test JVM stopped half-way stops what it started too
        Runtime.getRuntime().addShutdownHook(new Thread(SUPERVISOR::stopAll, "fault-it-stop"));
        Path logs = run.resolve("logs");
        Files.createDirectories(logs);
        TestKeycloak.startEarly(); // its start is the longest: side by side with the database's and the broker's
        postgres = Postgres.prepare(run, freePort(), logs.resolve("postgres.log"));
        kafka = KafkaBroker.prepareSecured(run.resolve("kafka"), logs.resolve("kafka.log"), freePortPair());
        PARTS.put("postgres", SUPERVISOR.launch(postgres));
        PARTS.put("kafka", SUPERVISOR.launch(kafka));
        SUPERVISOR.await(PARTS.get("postgres"));
        SUPERVISOR.await(PARTS.get("kafka"));
        postgres.createDatabases(Service.DATABASES);
        int partitions = 4;
        TopicAdmin.ensure(kafka.adminSettings(), TopicCatalogue.all(partitions));
        Keycloak keycloak = TestKeycloak.get();
        ops = TestKeycloak.user("ops");
        boolean dynamic = "dynamic".equals(System.getProperty("fault.membership"));
        List<Supervisor.Supervised> started = new ArrayList<>();
        for (Service service : Service.values()) {
            int instances = service == Service.JOURNEY || service == Service.CONSISTENCY ? 2 : 1;
            Path jar = root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
            assertThat(jar).as("packaged " + service.module()).exists();
            Map<String, String> env = new java.util.HashMap<>(ServiceProcess.Wiring.issuer(keycloak.issuer()));
            if (dynamic) {
                env.put("UNISON_INSTANCE_ID", ""); // no instance id: dynamic group members
            }
            ServiceProcess.Wiring wiring = new ServiceProcess.Wiring(kafka.bootstrapServers(),
                    service.database() == null ? null : postgres.jdbcUrl(service.database()), "postgres", "postgres",
                    env).with(kafka.environment(service.module()));
            for (int i = 1; i <= instances; i++) {
                ServiceProcess part = ServiceProcess.of(service, i, freePort(), jar, logs, wiring);
                Supervisor.Supervised s = SUPERVISOR.launch(part);
                PARTS.put(part.name(), s);
                started.add(s);
            }
        }
        for (Supervisor.Supervised s : started) {
            SUPERVISOR.await(s);
        }
        startAlertReader();
        subscribeWebhooks();
    }

    /** A loopback receiver, subscribed (notified at once: no group wait) for every department the scripted alerts name. */
    private static void subscribeWebhooks() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        receiver.createContext("/hooks/", exchange -> {
            String department = exchange.getRequestURI().getPath().substring("/hooks/".length());
            JsonNode body = EventJson.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            List<String> ids = new ArrayList<>();
            body.path("alerts").forEach(a -> ids.add(a.path("id").asText()));
            HOOKS.add(new Hook(department, body.path("deliveryId").asText(), body.path("reason").asText(), ids));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        subscribed = new java.util.TreeSet<>();
        for (int wave = 1; wave <= 12; wave++) { // the seeds of the waves (send)
            Scenario.scripted(2026 + wave, 2).forEach(st -> st.expected().forEach(a -> subscribed.addAll(a.departments())));
        }
        TokenSource admin = TestKeycloak.user("admin");
        ServiceProcess notification = (ServiceProcess) PARTS.get("notification-service").part();
        for (String department : subscribed) {
            String body = "{\"department\":\"" + department + "\",\"type\":\"webhook\",\"url\":\"http://localhost:"
                    + receiver.getAddress().getPort() + "/hooks/" + department + "\",\"secret\":\"fault-it-secret-0123456789\","
                    + "\"groupWait\":\"PT0S\",\"groupInterval\":\"PT1S\"}";
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(notification.url() + "/subscriptions"))
                    .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                    .header("authorization", "Bearer " + admin.token())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as("subscription of " + department + ": " + created.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stopTheSystem() throws InterruptedException {
        reading = false;
        if (alertReader != null) {
            alertReader.join(10_000);
        }
        SUPERVISOR.close();
        if (receiver != null) {
            receiver.stop(0);
        }
        RECOVERY.forEach((fault, ms) -> System.out.printf("FaultIT recovery  %-75s %6d ms  %s%n", fault, ms,
                DETAIL.getOrDefault(fault, Map.of())));
        READINESS.forEach((service, ms) -> System.out.printf("FaultIT readiness with the broker down  %-22s %5d ms%n",
                service, ms));
    }

    @Test
    void everyFaultIsRecoveredWithNothingLostAndNoAlertTwice() throws Exception {
        List<Wave> waves = new ArrayList<>();
        try (Sink sink = new KafkaSink(kafka.clientSettings(KafkaAccess.PUBLISHER))) {
            // the first wave is sent without a warm-up: its parts not hit by a fault show how long a wave takes
            waves.add(timed("kill -9 journey-service-2 and consistency-service-2 (one of two)", sink,
                    List.of("journey-service-2", "consistency-service-2"),
                    () -> kill("journey-service-2", "consistency-service-2")));
            waves.add(timed("kill -9 feedback-service and notification-service (single)", sink,
                    List.of("feedback-service", "notification-service"),
                    () -> kill("feedback-service", "notification-service")));
            waves.add(timed("broker stopped, started (from ready)", sink, List.of(), () -> {
                long down = System.nanoTime();
                SUPERVISOR.hold(PARTS.get("kafka"));
                for (String service : List.of("journey-service", "feedback-service", "consistency-service",
                        "notification-service")) {
                    long asked = System.nanoTime();
                    int status = readiness(service);
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                    READINESS.put(service, ms);
                    Console.done("FaultIT: broker down, " + service + " readiness " + status + " in " + ms + " ms");
                    assertThat(status).as(service + " readiness while the broker is down").isEqualTo(503);
                }
                SUPERVISOR.resume(PARTS.get("kafka"));
                RECOVERY.put("broker stop + start until ready", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down));
            }, true));
            waves.add(timed("kill -9 PostgreSQL (restarted)", sink, List.of(), () -> kill("postgres")));
            // two services at a time: four JVMs starting at once on two shared cores took longer than the bound
            waves.add(timed("SIGTERM journey-service and feedback-service", sink,
                    List.of("journey-service", "feedback-service"), () -> terminate("journey-service", "feedback-service")));
            waves.add(timed("SIGTERM consistency-service and notification-service", sink,
                    List.of("consistency-service", "notification-service"),
                    () -> terminate("consistency-service", "notification-service")));
        }

        // exactly the expected alerts, once each
        Set<String> expected = new HashSet<>();
        waves.forEach(w -> expected.addAll(w.expectedAlerts()));
        List<JsonNode> alerts = readAll(Topics.ALERTS);
        Set<String> found = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode alert : alerts) {
            found.add(alert.path("rule").asText() + "/" + alert.path("customerId").asText());
            assertThat(ids.add(alert.path("alertId").asText())).as("alert %s published once", alert.path("alertId"))
                    .isTrue();
        }
        assertThat(found).as("the alerts in " + Topics.ALERTS).isEqualTo(expected);

        // every touch in = stored + dead-lettered
        List<String> sentValid = waves.stream().flatMap(w -> w.touchIds().stream()).toList();
        List<String> sentInvalid = waves.stream().map(Wave::invalidTouchId).toList();
        assertThat(count("journey", "SELECT count(*) FROM touches WHERE id = ANY(?)", sentValid))
                .as("touches stored").isEqualTo(sentValid.size());
        Set<String> deadLettered = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : read(Topics.TOUCHES_DLQ)) {
            deadLettered.add(EventJson.MAPPER.readTree(r.value()).path("id").asText());
        }
        assertThat(deadLettered).as("touches dead-lettered").containsExactlyInAnyOrderElementsOf(sentInvalid);

        // notification-service consumed every alert
        assertThat(consumed("notification-service", List.copyOf(ALERTS))).as("notification-service consumed every alert")
                .isTrue();

        // either consistency-service instance answers for any customer, with the same state
        for (Story story : waves.get(waves.size() - 1).stories()) {
            HttpResponse<String> one = get("consistency-service", "/customers/" + story.customerId() + "/state");
            HttpResponse<String> two = get("consistency-service-2", "/customers/" + story.customerId() + "/state");
            assertThat(one.statusCode()).as("state of " + story.customerId() + ": " + one.body()).isEqualTo(200);
            assertThat(EventJson.MAPPER.readTree(two.body())).isEqualTo(EventJson.MAPPER.readTree(one.body()));
        }
        // every alert reached the webhook of every subscribed department it names; a delivery id is one notification
        // of one subscription (a retry repeats it with the same alerts), and no subscription was told of an alert twice
        Map<String, List<String>> departmentsOf = new LinkedHashMap<>();
        for (JsonNode alert : alerts) {
            List<String> departments = new ArrayList<>();
            alert.path("departments").forEach(d -> departments.add(d.asText()));
            departmentsOf.put(alert.path("alertId").asText(), departments);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Map.Entry<String, List<String>> alert : departmentsOf.entrySet()) {
                for (String department : alert.getValue()) {
                    if (subscribed.contains(department)) {
                        assertThat(HOOKS).as("alert %s at the webhook of %s", alert.getKey(), department)
                                .anyMatch(h -> h.department().equals(department) && h.alertIds().contains(alert.getKey()));
                    }
                }
            }
        });
        assertThat(HOOKS.stream().flatMap(h -> h.alertIds().stream()).collect(java.util.stream.Collectors.toSet()))
                .as("the alerts the webhooks were told of").isEqualTo(departmentsOf.keySet());
        Map<String, Hook> byDelivery = new LinkedHashMap<>();
        Map<String, Set<String>> deliveriesPerPair = new LinkedHashMap<>();
        for (Hook hook : HOOKS) {
            Hook first = byDelivery.putIfAbsent(hook.deliveryId(), hook);
            if (first != null) {
                assertThat(hook).as("a repeat of delivery " + hook.deliveryId()).isEqualTo(first);
            }
            if ("alert".equals(hook.reason())) {
                hook.alertIds().forEach(id -> deliveriesPerPair.computeIfAbsent(id + " → " + hook.department(),
                        k -> new HashSet<>()).add(hook.deliveryId()));
            }
        }
        deliveriesPerPair.forEach((pair, deliveries) -> assertThat(deliveries).as("deliveries of " + pair).hasSize(1));
        Console.done("FaultIT: " + HOOKS.size() + " webhook calls, " + byDelivery.size() + " deliveries, "
                + deliveriesPerPair.size() + " (alert, subscription) pairs");

        RECOVERY.forEach((fault, ms) -> assertThat(ms).as("recovery from " + fault).isLessThan(BOUND.toMillis()));
        READINESS.forEach((service, ms) -> assertThat(ms).as(service + " readiness answer with the broker down")
                .isLessThan(READINESS_BOUND.toMillis()));
    }

    /** A fault that may throw. */
    @FunctionalInterface
    interface Fault {
        void inject() throws Exception;
    }

    /**
     * Injects the fault, sends a wave and records the time from the fault until the wave is wholly processed and the
     * instances the fault stopped ({@code hit}) are ready again (the new processes the supervisor started). With
     * fromReturn, the time counts from the end of the fault (a part stopped and started again by the fault itself).
     */
    private static Wave timed(String name, Sink sink, List<String> hit, Fault fault) throws Exception {
        return timed(name, sink, hit, fault, false);
    }

    private static Wave timed(String name, Sink sink, List<String> hit, Fault fault, boolean fromReturn)
            throws Exception {
        // one phase at a time: every part is back (restarted by the supervisor) and ready before the next
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(() -> PARTS.values().stream()
                .filter(s -> s.part() instanceof ServiceProcess)
                .allMatch(s -> s.process().isAlive() && readiness(s.part().name()) == 200));
        Map<String, Process> before = new LinkedHashMap<>();
        hit.forEach(part -> before.put(part, PARTS.get(part).process()));
        long start = System.nanoTime();
        fault.inject();
        if (fromReturn) {
            start = System.nanoTime();
        }
        Map<String, Long> restarts = watchRestarts(before, start);
        Wave wave = send(sink);
        Map<String, Long> done = awaitProcessed(sink, wave, start, restarts, before.keySet());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        for (String part : hit) { // how long the JVM took to start Quarkus, as its log says
            quarkusStart(PARTS.get(part).part().log()).ifPresent(started -> done.put(part + " Quarkus start", started));
        }
        RECOVERY.put(name, ms);
        DETAIL.put(name, done);
        Console.done("FaultIT: " + name + " → wave processed after " + ms + " ms " + done);
        return wave;
    }

    /**
     * Watches the stopped instances (with the process each had) on a thread of its own and notes, in ms since the
     * fault, when the supervisor started each again and when that new process was ready.
     */
    private static Map<String, Long> watchRestarts(Map<String, Process> stopped, long since) {
        Map<String, Long> noted = new java.util.concurrent.ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (noted.size() < 2 * stopped.size() && System.nanoTime() < deadline) {
                stopped.forEach((name, old) -> {
                    Process now = PARTS.get(name).process();
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
                    if (now != old) {
                        noted.putIfAbsent(name + " started again", ms);
                        if (!noted.containsKey(name + " ready") && now.isAlive() && readiness(name) == 200) {
                            noted.put(name + " ready", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
                        }
                    }
                });
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fault-it-restarts");
        watcher.setDaemon(true);
        watcher.start();
        return noted;
    }

    /** The last "started in N s" of a Quarkus log, in ms. */
    private static java.util.Optional<Long> quarkusStart(Path log) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("started in ([0-9.]+)s")
                .matcher(Files.readString(log, StandardCharsets.UTF_8));
        Long last = null;
        while (m.find()) {
            last = Math.round(Double.parseDouble(m.group(1)) * 1000);
        }
        return java.util.Optional.ofNullable(last);
    }

    private static void kill(String... parts) {
        for (String part : parts) {
            PARTS.get(part).process().destroyForcibly();
        }
    }

    /** SIGTERM to the instances at once (a graceful stop: in-flight batches finish and are committed). */
    private static void terminate(String... instances) {
        for (String name : instances) {
            PARTS.get(name).process().destroy();
        }
    }

    private static Wave send(Sink sink) throws Exception {
        List<Story> stories = Scenario.scripted(2026 + WAVES.incrementAndGet(), 2); // a seed per wave: new event ids
        Set<String> touches = new java.util.LinkedHashSet<>();
        Set<String> feedback = new java.util.LinkedHashSet<>();
        Set<String> expected = new HashSet<>();
        for (Story story : stories) {
            for (ObjectNode e : story.allEvents()) {
                (Sink.isFeedback(e) ? feedback : touches).add(e.get("id").asText());
            }
            story.expected().forEach(a -> expected.add(a.rule() + "/" + a.customerId()));
        }
        ObjectNode invalid = stories.stream().flatMap(st -> st.events().stream()).filter(e -> !Sink.isFeedback(e))
                .findFirst().orElseThrow().deepCopy();
        String invalidId = "invalid-" + UUID.randomUUID();
        invalid.put("id", invalidId);
        ((ObjectNode) invalid.get("data")).put("channel", "carrier-pigeon");
        sendRetrying(sink, List.of(invalid));
        for (Story story : stories) {
            sendRetrying(sink, story.events());
        }
        List<Story> later = stories.stream().filter(st -> !st.later().isEmpty()).toList();
        return new Wave(stories, List.copyOf(touches), List.copyOf(feedback), invalidId, expected,
                new java.util.ArrayList<>(later));
    }

    /** Whether an instance answers the customer's state with the bug report in it (from whichever instance owns it). */
    private static boolean knowsTheBug(String instance, Story story) {
        try {
            HttpResponse<String> state = get(instance, "/customers/" + story.customerId() + "/state");
            return state.statusCode() == 200 && state.body().contains("unacknowledged-bug");
        } catch (Exception e) {
            return false;
        }
    }

    /** The status of an instance's readiness check; 0 when it did not answer within 10 s. */
    private static int readiness(String instance) {
        try {
            ServiceProcess service = (ServiceProcess) PARTS.get(instance).part();
            return HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void sendRetrying(Sink sink, List<ObjectNode> events) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            sink.send(events);
            return true;
        });
    }

    /**
     * Waits until the wave is wholly processed, and notes when each part of it was: its touches stored (journey),
     * its feedback stored (feedback), its alerts in cx.alerts.v1 (consistency) and consumed by notification-service;
     * and until every stopped instance is ready again ({@link #watchRestarts}, which notes it in {@code restarts}).
     */
    private static Map<String, Long> awaitProcessed(Sink sink, Wave wave, long since, Map<String, Long> restarts,
                                                    Set<String> stopped) {
        Map<String, Long> done = new LinkedHashMap<>();
        List<String> parts = List.of("touches stored", "feedback stored", "alerts published",
                "alerts consumed by notification");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            // what happens later in a story (a release after a bug report) is sent once consistency-service knows
            // the report, as asked of either instance
            for (Story story : List.copyOf(wave.laterToSend())) {
                if (knowsTheBug("consistency-service", story) || knowsTheBug("consistency-service-2", story)) {
                    sink.send(story.later());
                    wave.laterToSend().remove(story);
                }
            }
            note(done, "touches stored", since, () -> count("journey", "SELECT count(*) FROM touches WHERE id = ANY(?)",
                    wave.touchIds()) == wave.touchIds().size());
            note(done, "feedback stored", since, () -> count("feedback", "SELECT count(*) FROM feedback WHERE id = ANY(?)",
                    wave.feedbackIds()) == wave.feedbackIds().size());
            note(done, "alerts published", since, () -> alertsOf(wave).containsAll(wave.expectedAlerts()));
            note(done, "alerts consumed by notification", since, () -> notificationKnows(wave));
            assertThat(done.keySet()).as("parts of the wave processed").containsAll(parts);
            stopped.forEach(part -> assertThat(restarts).as(part + " ready again").containsKey(part + " ready"));
        });
        done.putAll(restarts);
        return done;
    }

    /** A condition that may throw. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    private static void note(Map<String, Long> done, String what, long since, Check check) throws Exception {
        if (!done.containsKey(what) && check.holds()) {
            done.put(what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
        }
    }

    private static Set<String> alertsOf(Wave wave) throws Exception {
        Set<String> customers = new HashSet<>();
        wave.stories().forEach(s -> customers.add(s.customerId()));
        Set<String> found = new HashSet<>();
        for (Seen seen : ALERTS) {
            JsonNode alert = seen.alert();
            if (customers.contains(alert.path("customerId").asText())) {
                found.add(alert.path("rule").asText() + "/" + alert.path("customerId").asText());
            }
        }
        return found;
    }

    /** Whether notification-service has consumed (and committed) every alert of the wave's customers. */
    private static boolean notificationKnows(Wave wave) throws Exception {
        Set<String> customers = new HashSet<>();
        wave.stories().forEach(s -> customers.add(s.customerId()));
        return consumed("notification-service", ALERTS.stream()
                .filter(seen -> customers.contains(seen.alert().path("customerId").asText())).toList());
    }

    /** Whether the group's committed offsets are past every one of the alerts. */
    private static boolean consumed(String group, List<Seen> alerts) throws Exception {
        try (Admin admin = Admin.create(kafka.adminSettings())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            return alerts.stream().allMatch(seen -> committed.get(seen.partition()) != null
                    && committed.get(seen.partition()).offset() > seen.offset());
        }
    }

    private static long count(String database, String sql, List<String> ids) throws Exception {
        try (Connection c = postgres.connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("text", ids.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Tails cx.alerts.v1 (committed records only) into ALERTS; rides out the broker's restart. */
    private static void startAlertReader() {
        alertReader = new Thread(() -> {
            Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(signedIn(config), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(Topics.ALERTS, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (reading) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        ALERTS.add(new Seen(EventJson.MAPPER.readTree(r.value()),
                                new TopicPartition(r.topic(), r.partition()), r.offset()));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("unreadable alert", e);
            }
        }, "alert-reader");
        alertReader.setDaemon(true);
        alertReader.start();
    }

    private static List<JsonNode> readAll(String topic) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : read(topic)) {
            out.add(EventJson.MAPPER.readTree(r.value()));
        }
        return out;
    }

    /** Consumer settings signed in to the secured broker as the launcher's admin user. */
    private static Map<String, Object> signedIn(Map<String, Object> config) {
        Map<String, Object> all = new java.util.HashMap<>(kafka.adminSettings());
        all.putAll(config);
        return all;
    }

    /** Every committed record of a topic, read from the start to its end. */
    private static List<ConsumerRecord<String, byte[]>> read(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(signedIn(config), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static HttpResponse<String> get(String part, String path) throws Exception {
        ServiceProcess service = (ServiceProcess) PARTS.get(part).part();
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(Duration.ofSeconds(5))
                        .header("authorization", "Bearer " + ops.token()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose successor is free too (the broker's controller listens on port + 1). */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no two consecutive free ports");
    }
}
