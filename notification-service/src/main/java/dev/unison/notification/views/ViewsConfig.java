package dev.unison.notification.views;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the pictures' backend-for-frontend finds the other services (the REST clients' URLs,
 * {@code quarkus.rest-client.<name>.url}, are set from these) and how much of a journey it fetches.
 */
@ConfigMapping(prefix = "notification.views")
public interface ViewsConfig {
    @WithDefault("http://localhost:8081")
    String journeyUrl();

    @WithDefault("http://localhost:8082")
    String feedbackUrl();

    @WithDefault("http://localhost:8083")
    String consistencyUrl();

    /** A customer's journey is fetched up to this many touches (journey-service pages of 500). */
    @WithDefault("5000")
    int maxTouches();
}
