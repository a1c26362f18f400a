package dev.unison.bench.infra;

import dev.unison.testsupport.TestTokens;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's bearer token and what its services verify it with: test-support's key pair made for this run (no
 * identity provider takes part in a measurement), as environment variables of the service processes.
 */
public final class BenchTokens {
    /** A token of every role, valid for two hours. */
    public static final String BEARER = "Bearer " + TestTokens.everyRole();

    private BenchTokens() {
    }

    public static Map<String, String> verification() {
        Map<String, String> env = new HashMap<>();
        TestTokens.verificationSettings().forEach((key, value) ->
                env.put(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value));
        return env;
    }
}
