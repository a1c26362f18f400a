package dev.unison.notification.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a caller may see of alerts, groups, deliveries and subscriptions: everything (roles ops and admin, and the
 * service's own work), or only what involves its departments (a department member: the token's {@code departments}
 * claim, no ops or admin role). {@code actor} is who acts: the token's {@code preferred_username}, else its principal.
 */
public record Scope(String actor, Set<String> departments) {
    /** The service itself (schedulers, tests of internals): sees everything. */
    public static final Scope SYSTEM = new Scope("notification-service", null);

    public static Scope all(String actor) {
        return new Scope(actor, null);
    }

    public static Scope of(String actor, Collection<String> departments) {
        return new Scope(actor, Set.copyOf(new TreeSet<>(departments)));
    }

    /** True for ops and admin: no department limit. */
    public boolean seesAll() {
        return departments == null;
    }

    /** Whether an alert naming these departments is visible: one of them is the caller's. */
    public boolean sees(Collection<String> alertDepartments) {
        return seesAll() || alertDepartments.stream().anyMatch(departments::contains);
    }

    /** Whether the caller may see and change what belongs to this one department (a subscription, a delivery). */
    public boolean owns(String department) {
        return seesAll() || (department != null && departments.contains(department));
    }

    /** The caller's departments in a stable order, as a SQL array parameter; null when it sees all. */
    public String[] departmentArray() {
        return departments == null ? null : List.copyOf(new TreeSet<>(departments)).toArray(String[]::new);
    }
}
