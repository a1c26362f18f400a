package dev.unison.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource that points a service at the real Kafka broker and, unless the init argument
 * {@code database=false} is given, at a fresh PostgreSQL database, and has it verify {@link TestTokens}. Use it with
 * {@code @QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)}.
 */
public class UnisonTestResources implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedPostgresDb.Database database;
    private boolean withDatabase = true;

    @Override
    public void init(Map<String, String> initArgs) {
        withDatabase = !"false".equals(initArgs.get("database"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String kafka = EmbeddedKafka.bootstrapServers();
        config.put("kafka.bootstrap.servers", kafka);
        config.putAll(TestTokens.verificationSettings());
        if (withDatabase) {
            EmbeddedPostgresDb.Database db = database();
            config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            config.put("quarkus.datasource.username", db.username());
            config.put("quarkus.datasource.password", db.password());
        }
        return config;
    }

    /** The database of this test JVM: one per JVM, shared by every test class in it. */
    public static synchronized EmbeddedPostgresDb.Database database() {
        if (database == null) {
            database = EmbeddedPostgresDb.newDatabase("unison_test");
        }
        return database;
    }

    @Override
    public void stop() {
        // the broker and the database live as long as the JVM, so the next test class reuses them
    }
}
