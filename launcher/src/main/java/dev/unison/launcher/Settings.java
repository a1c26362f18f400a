package dev.unison.launcher;

/** Ports and sizes of the local system, from environment variables with defaults. */
record Settings(int kafkaPort, int postgresPort, int partitions) {

    static Settings fromEnvironment() {
        return new Settings(env("UNISON_KAFKA_PORT", 9092), env("UNISON_POSTGRES_PORT", 15432),
                env("UNISON_PARTITIONS", 6));
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
