package dev.unison.runtime.rest;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Request limits of a service's REST API ({@code UNISON_HTTP_MAX_BODY_BYTES} in production). */
@ConfigMapping(prefix = "unison.http")
public interface HttpLimits {

    /**
     * Largest request body, by its Content-Length, answered 413 before it is read ({@link BodyLimitFilter}). Unset: no
     * such check; journey's and feedback's ingest endpoints judge their bodies themselves, where a refusal is counted
     * as rejected events.
     */
    Optional<Long> maxBodyBytes();
}
