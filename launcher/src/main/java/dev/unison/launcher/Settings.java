package dev.unison.launcher;

import java.util.List;

/** Ports and sizes of the local system, from environment variables and the command line, with defaults. */
record Settings(int kafkaPort, int postgresPort, int partitions, int instances, boolean simulator) {

    static Settings fromEnvironment() {
        return new Settings(env("UNISON_KAFKA_PORT", 9092), env("UNISON_POSTGRES_PORT", 15432),
                env("UNISON_PARTITIONS", 6), 1, true);
    }

    /** {@code --instances N} (or {@code --instances=N}) and {@code --no-simulator}. */
    Settings withArguments(List<String> args) {
        int n = instances;
        boolean sim = simulator;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--no-simulator")) {
                sim = false;
            } else if (arg.equals("--instances") && i + 1 < args.size()) {
                n = Integer.parseInt(args.get(++i));
            } else if (arg.startsWith("--instances=")) {
                n = Integer.parseInt(arg.substring("--instances=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg + " (known: --instances N, --no-simulator)");
            }
        }
        if (n < 1 || n > partitions) {
            throw new IllegalArgumentException("--instances must be between 1 and the partition count " + partitions
                    + ": an instance beyond it would own no partition");
        }
        return new Settings(kafkaPort, postgresPort, partitions, n, sim);
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
