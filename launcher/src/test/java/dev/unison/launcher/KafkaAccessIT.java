package dev.unison.launcher;

import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The launcher's secured broker (SASL/SCRAM-SHA-512 and ACLs) against real clients: who is refused, who may write
 * where. The whole system on it is {@link SystemIT}'s.
 */
class KafkaAccessIT {
    private static final Supervisor SUPERVISOR = new Supervisor();
    private static KafkaBroker kafka;

    @BeforeAll
    static void startTheBroker() throws Exception {
        Path run = Path.of(System.getProperty("unison.home", "..")).toAbsolutePath().normalize()
                .resolve("launcher/target/kafka-access-it");
        deleteRecursively(run);
        Files.createDirectories(run);
        kafka = KafkaBroker.prepareSecured(run.resolve("kafka"), run.resolve("kafka.log"), LocalPorts.freePair());
        SUPERVISOR.run(kafka);
        TopicAdmin.ensure(kafka.adminSettings(), Launcher.topics(1));
    }

    @AfterAll
    static void stopTheBroker() {
        SUPERVISOR.close();
    }

    @Test
    void passwordsAreMadePerDataDirectoryAndReadableByTheOwnerOnly() throws IOException {
        Path users = Path.of(System.getProperty("unison.home", "..")).toAbsolutePath().normalize()
                .resolve("launcher/target/kafka-access-it/kafka/users.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
        assertThat(kafka.password(KafkaAccess.PUBLISHER)).hasSizeGreaterThanOrEqualTo(24)
                .isNotEqualTo(kafka.password(KafkaAccess.ADMIN));
    }

    @Test
    void aClientWithoutCredentialsOrWithAWrongPasswordIsRefused() {
        Map<String, Object> plain = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        try (KafkaProducer<String, String> anonymous = new KafkaProducer<>(plain, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> anonymous.send(new ProducerRecord<>(Topics.ALERTS, "C-1", "{}")).get(10, TimeUnit.SECONDS))
                    .as("a PLAINTEXT client on the SASL listener gets no metadata")
                    .satisfies(e -> assertThat(deepest(e)).isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class));
        }
        Map<String, Object> wrong = new HashMap<>(kafka.clientSettings(KafkaAccess.PUBLISHER));
        wrong.putAll(dev.unison.contracts.kafka.KafkaSecurity.scram(KafkaAccess.PUBLISHER, "not-the-password"));
        wrong.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        try (KafkaProducer<String, String> impostor = new KafkaProducer<>(wrong, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> impostor.send(new ProducerRecord<>(Topics.TOUCHES, "C-1", "{}")).get(10, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(deepest(e)).isInstanceOf(SaslAuthenticationException.class));
        }
    }

    @Test
    void thePublisherWritesTouchesAndFeedbackButNeverAlerts() throws Exception {
        assertWrites(KafkaAccess.PUBLISHER, Topics.TOUCHES);
        assertWrites(KafkaAccess.PUBLISHER, Topics.FEEDBACK);
        for (String topic : List.of(Topics.ALERTS, Topics.RULES, Topics.FACTS, Topics.TOUCHES_DLQ)) {
            assertRefused(KafkaAccess.PUBLISHER, topic);
        }
    }

    @Test
    void onlyConsistencyServiceWritesAlertsAndNotificationServiceWritesTheDepartmentCopies() throws Exception {
        assertWrites("consistency-service", Topics.ALERTS);
        assertRefused("notification-service", Topics.ALERTS);
        assertRefused("journey-service", Topics.ALERTS);
        assertRefused("feedback-service", Topics.ALERTS);
        assertRefused(KafkaAccess.ANALYST, Topics.ALERTS);
        // a Kafka subscription's topic, created when subscribed
        TopicAdmin.ensure(kafka.clientSettings("notification-service"), List.of(TopicAdmin.Spec.of(Topics.alertsFor("sales"), 1)));
        assertWrites("notification-service", Topics.alertsFor("sales"));
        assertWrites("notification-service", Topics.ALERTS_DLQ);
        assertRefused("consistency-service", Topics.alertsFor("sales"));
    }

    @Test
    void eachServiceReadsWithItsOwnConsumerGroupsOnly() {
        assertThat(poll("journey-service", Topics.TOUCHES, "journey-service")).isTrue();
        assertThat(poll("feedback-service", Topics.ALERTS, "feedback-service-alerts")).isTrue();
        assertThatThrownBy(() -> poll("journey-service", Topics.TOUCHES, "notification-service"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> poll("journey-service", Topics.ALERTS, "journey-service"))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> poll(KafkaAccess.PUBLISHER, Topics.TOUCHES, "publisher"))
                .isInstanceOf(Exception.class);
    }

    @Test
    void noUserButTheAdminChangesAcls() {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings("consistency-service"));
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(settings)) {
            assertThatThrownBy(() -> admin.createAcls(KafkaAccess.of(KafkaAccess.PUBLISHER)).all().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    private static void assertWrites(String user, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = producer(user)) {
            assertThat(producer.send(new ProducerRecord<>(topic, "C-1", "{}")).get(15, TimeUnit.SECONDS).topic())
                    .as("%s writes %s", user, topic).isEqualTo(topic);
        }
    }

    private static void assertRefused(String user, String topic) {
        try (KafkaProducer<String, String> producer = producer(user)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "C-1", "{\"forged\":true}")).get(15, TimeUnit.SECONDS))
                    .as("%s may not write %s", user, topic)
                    // a user with no WRITE anywhere is refused even its idempotent producer id (cluster authorization)
                    .hasCauseInstanceOf(user.equals(KafkaAccess.ANALYST) ? ClusterAuthorizationException.class
                            : TopicAuthorizationException.class);
        }
    }

    private static boolean poll(String user, String topic, String group) {
        Map<String, Object> config = new HashMap<>(kafka.clientSettings(user));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            // joined once it has partitions (what the group's ACL decides), not after a fixed wait for records
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            do {
                consumer.poll(Duration.ofMillis(200));
            } while (consumer.assignment().isEmpty() && System.nanoTime() < deadline);
            assertThat(consumer.assignment()).as("%s's partitions in group %s", user, group).isNotEmpty();
            consumer.commitSync();
            return true;
        }
    }

    private static KafkaProducer<String, String> producer(String user) {
        Map<String, Object> config = new HashMap<>(kafka.clientSettings(user));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 12_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Throwable deepest(Throwable e) {
        return e.getCause() == null ? e : deepest(e.getCause());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
