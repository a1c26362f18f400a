package dev.unison.notification.rest;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;

/**
 * Which OIDC tenant authenticates a request. A request with a bearer token goes to the default tenant (API clients);
 * so does any request without one, which is then answered 401. The dashboard's pages, and a browser's calls carrying
 * the dashboard's session cookie, go to the {@code dashboard} tenant: a browser without a session is sent to sign in
 * (authorization-code flow with PKCE) and comes back with one.
 */
@ApplicationScoped
public class DashboardTenantResolver implements TenantResolver {
    static final String TENANT = "dashboard";
    private static final Set<String> PAGES = Set.of("/", "/index.html", "/app.js", "/app.css",
            "/customer.html", "/ops.html", "/analyst.html", "/views.js", "/views.css", "/customer.js", "/ops.js",
            "/analyst.js");
    private static final String SESSION_COOKIE = "q_session_" + TENANT;

    private final boolean enabled;

    public DashboardTenantResolver(@ConfigProperty(name = "quarkus.oidc.dashboard.tenant-enabled", defaultValue = "true")
                                   boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public String resolve(RoutingContext context) {
        if (!enabled || context.request().getHeader("Authorization") != null) {
            return null;
        }
        if (PAGES.contains(context.request().path()) || hasSession(context)) {
            return TENANT;
        }
        return null;
    }

    /** The session cookie, whole or in chunks ({@code q_session_dashboard_chunk_1}, …) when it is large. */
    private static boolean hasSession(RoutingContext context) {
        return context.request().cookies().stream().anyMatch(cookie -> cookie.getName().startsWith(SESSION_COOKIE));
    }
}
