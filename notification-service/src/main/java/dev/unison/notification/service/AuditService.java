package dev.unison.notification.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Violation;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.AuditEntry;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.repository.AuditRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Records who changed a subscription, a silence or an alert's state, in the transaction of the change, and answers
 * GET /audit.
 */
@ApplicationScoped
public class AuditService {
    public static final Set<String> TYPES = Set.of(AuditEntry.SUBSCRIPTION, AuditEntry.SILENCE, AuditEntry.ALERT,
            AuditEntry.RULE, AuditEntry.FACT, AuditEntry.CUSTOMER);

    private final AuditRepository repository;
    private final NotificationConfig config;

    public AuditService(AuditRepository repository, NotificationConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Records a change; {@code before} and {@code after} are turned into JSON (null stays null). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String entityType, String entityId, String action, String actor, Object before, Object after) {
        AuditEntry e = new AuditEntry();
        e.id = UUID.randomUUID();
        e.at = StoredTime.now();
        e.actor = actor;
        e.entityType = entityType;
        e.entityId = entityId;
        e.action = action;
        e.before = json(before);
        e.after = json(after);
        repository.persist(e);
    }

    /**
     * Records a change another service made and announced on a compacted topic (a rule's settings, a fact): the entry
     * before is the last one recorded for the entity; a repeat of the value recorded last is not a change.
     */
    @Transactional
    public void recordAnnounced(String entityType, String entityId, String actor, OffsetDateTime at,
                                String afterJson) {
        String before = repository.latest(entityType, entityId).map(e -> e.after).orElse(null);
        String after = afterJson == null || normalized(afterJson) != null ? afterJson : EventJson.string(afterJson);
        if (java.util.Objects.equals(normalized(before), normalized(after))) {
            return;
        }
        AuditEntry e = new AuditEntry();
        e.id = UUID.randomUUID();
        e.at = at == null ? StoredTime.now() : at;
        e.actor = actor;
        e.entityType = entityType;
        e.entityId = entityId;
        e.action = after == null ? "deleted" : before == null ? "created" : "changed";
        e.before = before;
        e.after = after;
        repository.persist(e);
    }

    /** The JSON as a tree to compare, or null when absent or not JSON (then it is kept as a JSON string). */
    private static com.fasterxml.jackson.databind.JsonNode normalized(String json) {
        try {
            return json == null ? null : EventJson.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** The state of an alert as audited: its status and who set it. */
    public static ObjectNode alertState(String status, String by, OffsetDateTime at, String note) {
        ObjectNode node = EventJson.MAPPER.createObjectNode();
        node.put("status", status);
        if (by != null) {
            node.put("by", by);
        }
        if (at != null) {
            node.put("at", at.toString());
        }
        if (note != null) {
            node.put("note", note);
        }
        return node;
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        return EventJson.MAPPER.valueToTree(value).toString();
    }

    @Transactional
    public AuditRepository.AuditPage search(String entityType, String entityId, String from, String to, String limit,
                                            String offset) {
        List<Violation> problems = new ArrayList<>();
        Params.oneOf("entityType", entityType, TYPES, problems);
        Params.text("entityId", entityId, problems);
        OffsetDateTime start = Params.time("from", from, problems);
        OffsetDateTime end = Params.time("to", to, problems);
        int max = Params.limit(limit, config.query().defaultLimit(), config.query().maxLimit(), problems);
        int skip = Params.offset(offset, problems);
        Params.check(problems);
        return repository.search(Params.blankToNull(entityType), Params.blankToNull(entityId), start, end, max, skip);
    }
}
