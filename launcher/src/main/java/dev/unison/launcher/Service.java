package dev.unison.launcher;

import java.util.List;

/** The four services, their ports and whether each has a database of its own. */
public enum Service {
    JOURNEY("journey-service", 8081, "journey"),
    FEEDBACK("feedback-service", 8082, "feedback"),
    CONSISTENCY("consistency-service", 8083, null),
    NOTIFICATION("notification-service", 8084, "notification");

    static final List<String> DATABASES = List.of("journey", "feedback", "notification");

    private final String module;
    private final int port;
    private final String database;

    Service(String module, int port, String database) {
        this.module = module;
        this.port = port;
        this.database = database;
    }

    public String module() {
        return module;
    }

    int port() {
        return port;
    }

    /** The port of instance {@code instance} (1, 2, …): 8081, 8181, 8281 … for journey-service. */
    int port(int instance) {
        return port + 100 * (instance - 1);
    }

    /** Null when the service keeps no tables (its state is in Kafka). */
    String database() {
        return database;
    }
}
