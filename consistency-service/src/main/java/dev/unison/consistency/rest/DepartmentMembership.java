package dev.unison.consistency.rest;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Gives a signed-in user whose token names departments (claim {@code departments}) the role {@value #ROLE}, as
 * notification-service does, which opens {@code POST /check} to them; what they may check is then limited to their
 * own departments' drafts ({@link CheckResource}).
 */
@ApplicationScoped
public class DepartmentMembership implements SecurityIdentityAugmentor {
    public static final String ROLE = "department-member";
    public static final String CLAIM = "departments";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || departments(identity).isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(ROLE).build());
    }

    /** The departments the token names, empty when none. */
    public static List<String> departments(SecurityIdentity identity) {
        List<String> out = new ArrayList<>();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(CLAIM);
            Collection<?> values = claim instanceof Collection<?> many ? many
                    : claim == null ? List.of() : List.of(claim);
            for (Object value : values) {
                String name = text(value);
                if (name != null && !name.isBlank()) {
                    out.add(name.strip());
                }
            }
        }
        return out;
    }

    private static String text(Object value) {
        if (value instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return value instanceof String plain ? plain : null;
    }
}
