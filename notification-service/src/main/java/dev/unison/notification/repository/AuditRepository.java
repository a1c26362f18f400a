package dev.unison.notification.repository;

import dev.unison.notification.entity.AuditEntry;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The audit log. Callers declare the transactions. */
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, UUID> {

    /** A page of entries, newest first; null filters match everything (from inclusive, to exclusive). */
    /** The latest entry of an entity, if any: what it was before the next change. */
    public java.util.Optional<AuditEntry> latest(String entityType, String entityId) {
        return find("entityType = ?1 and entityId = ?2", io.quarkus.panache.common.Sort.by("at").descending()
                .and("id").descending(), entityType, entityId).firstResultOptional();
    }

    public AuditPage search(String entityType, String entityId, OffsetDateTime from, OffsetDateTime to, int limit,
                            int offset) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (entityType != null) {
            where.add("entityType = :type");
            params.and("type", entityType);
        }
        if (entityId != null) {
            where.add("entityId = :id");
            params.and("id", entityId);
        }
        if (from != null) {
            where.add("at >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("at < :to");
            params.and("to", to);
        }
        String query = where.isEmpty() ? "true = true" : String.join(" and ", where);
        PanacheQuery<AuditEntry> q = find(query, Sort.descending("at").and("id"), params);
        long total = q.count();
        List<AuditEntry> items = q.range(offset, offset + limit - 1).list();
        return new AuditPage(items, total, limit, offset);
    }

    /** A page of audit entries. */
    public record AuditPage(List<AuditEntry> items, long total, int limit, int offset) {
    }
}
