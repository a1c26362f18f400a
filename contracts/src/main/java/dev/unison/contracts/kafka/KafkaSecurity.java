package dev.unison.contracts.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a Unison client authenticates to Kafka: {@code security.protocol}, {@code sasl.mechanism} and
 * {@code sasl.jaas.config}, taken from the configuration keys {@code kafka.security.protocol},
 * {@code kafka.sasl.mechanism} and {@code kafka.sasl.jaas.config} — in production the environment variables
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM} and {@code KAFKA_SASL_JAAS_CONFIG}, the same keys
 * Quarkus gives its own Kafka clients (the readiness check, Kafka Streams). None set: PLAINTEXT, no authentication.
 * Every client a service makes ({@link ReliableProducer}, {@link BatchConsumerLoop}, {@link TopicAdmin}, its own
 * producers) adds these settings, so a service is one Kafka user.
 */
public final class KafkaSecurity {
    public static final String SCRAM = "SCRAM-SHA-512";
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";

    private KafkaSecurity() {
    }

    /** The settings of this process: from MicroProfile Config in a service, else from the environment. */
    public static Map<String, Object> clientSettings() {
        Map<String, Object> settings = new HashMap<>();
        setting("kafka.security.protocol").ifPresent(v -> settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, v));
        setting("kafka.sasl.mechanism").ifPresent(v -> settings.put(SaslConfigs.SASL_MECHANISM, v));
        setting("kafka.sasl.jaas.config").ifPresent(v -> settings.put(SaslConfigs.SASL_JAAS_CONFIG, v));
        return settings;
    }

    /** {@code settings} with this process's security settings added (those given win). */
    public static Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> all = clientSettings();
        all.putAll(settings);
        return all;
    }

    /** The settings of a user signing in with SCRAM-SHA-512 over SASL_PLAINTEXT. */
    public static Map<String, Object> scram(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SASL_PLAINTEXT,
                SaslConfigs.SASL_MECHANISM, SCRAM,
                SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
    }

    /** The same as environment variables of a process (what a service or the simulator reads). */
    public static Map<String, String> scramEnvironment(String user, String password) {
        return Map.of("KAFKA_SECURITY_PROTOCOL", SASL_PLAINTEXT, "KAFKA_SASL_MECHANISM", SCRAM,
                "KAFKA_SASL_JAAS_CONFIG", jaas(user, password));
    }

    /** The JAAS line of a SCRAM user; the password must not hold a double quote or a backslash. */
    public static String jaas(String user, String password) {
        if (!(user + password).matches("[^\"\\\\]*")) {
            throw new IllegalArgumentException("a Kafka user name or password may not hold \" or \\");
        }
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static Optional<String> setting(String key) {
        Optional<String> value;
        try {
            value = ConfigProvider.getConfig().getOptionalValue(key, String.class);
        } catch (IllegalStateException | NoClassDefFoundError e) {
            // no MicroProfile Config here (the simulator, a plain Java tool): the environment, named as Quarkus names it
            value = Optional.ofNullable(System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_')));
        }
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
