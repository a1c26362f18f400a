package dev.unison.runtime.rest;

import jakarta.ws.rs.NotSupportedException;

/** Checks a resource makes of a request before reading it. */
public final class Requests {
    private Requests() {
    }

    /**
     * Refuses a POST or PUT without a content-type, which the JAX-RS runtime would otherwise take as a byte stream.
     *
     * @throws NotSupportedException answered 415 naming {@code /header/content-type}
     */
    public static void requireContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new NotSupportedException("a content-type is required");
        }
    }
}
