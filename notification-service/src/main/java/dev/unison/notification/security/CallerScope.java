package dev.unison.notification.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The scope of the caller of the current request, from its token. */
@RequestScoped
public class CallerScope {
    private final SecurityIdentity identity;
    private Scope scope;

    public CallerScope(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Scope get() {
        if (scope == null) {
            scope = of(identity);
        }
        return scope;
    }

    /** ops and admin see everything; anyone else sees only its departments (none: nothing). */
    public static Scope of(SecurityIdentity identity) {
        String actor = actor(identity);
        if (identity.hasRole("ops") || identity.hasRole("admin")) {
            return Scope.all(actor);
        }
        return Scope.of(actor, DepartmentMembership.departments(identity));
    }

    /** Who acts: the token's preferred_username, else the principal's name. */
    public static String actor(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String user = DepartmentMembership.text(jwt.getClaim("preferred_username"));
            if (user != null && !user.isBlank()) {
                return clip(user.strip());
            }
        }
        String name = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        return name == null || name.isBlank() ? "unknown" : clip(name.strip());
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }
}
