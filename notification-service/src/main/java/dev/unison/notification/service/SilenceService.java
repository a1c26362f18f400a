package dev.unison.notification.service;

import dev.unison.contracts.Violation;
import dev.unison.contracts.EventJson;
import dev.unison.notification.entity.AuditEntry;
import dev.unison.notification.entity.Silence;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.repository.SilenceRepository;
import dev.unison.notification.security.Scope;
import dev.unison.runtime.rest.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Silences: matchers (department, rule, customer) and an end time. Alerts they match are stored but not sent. */
@ApplicationScoped
public class SilenceService {
    private final SilenceRepository repository;
    private final AuditService audit;

    public SilenceService(SilenceRepository repository, AuditService audit) {
        this.repository = repository;
        this.audit = audit;
    }

    /**
     * The body of POST /silences. Who silences is taken from the caller's token: a body naming {@code createdBy}
     * is refused (400 naming /createdBy).
     */
    public record Request(String department, String rule, String customerId, OffsetDateTime endsAt, String createdBy,
                          String comment) {
    }

    @Transactional
    public Silence create(Request r, Scope scope) {
        if (r == null) {
            throw new InvalidRequestException("", "a JSON body is required");
        }
        List<Violation> problems = new ArrayList<>();
        String department = Params.blankToNull(r.department());
        String rule = Params.blankToNull(r.rule());
        String customer = Params.blankToNull(r.customerId());
        if (department == null && rule == null && customer == null) {
            problems.add(new Violation("/department", "give at least one matcher: department, rule or customerId"));
        }
        if (r.endsAt() == null) {
            problems.add(new Violation("/endsAt", "required: when the silence ends (RFC 3339 with offset)"));
        } else if (!r.endsAt().isAfter(StoredTime.now())) {
            problems.add(new Violation("/endsAt", "must lie in the future"));
        } else {
            Params.inRange("/endsAt", r.endsAt(), problems);
        }
        if (r.createdBy() != null) {
            problems.add(new Violation("/createdBy", "not accepted: who silences is taken from your token; leave "
                    + "createdBy out"));
        }
        field("/department", r.department(), 200, problems);
        field("/rule", r.rule(), 200, problems);
        field("/customerId", r.customerId(), 500, problems);
        field("/comment", r.comment(), 4000, problems);
        Params.check(problems);
        Silence s = new Silence();
        s.id = UUID.randomUUID();
        s.department = department;
        s.rule = rule;
        s.customerId = customer;
        s.endsAt = r.endsAt();
        s.createdBy = scope.actor();
        s.comment = r.comment();
        s.createdAt = StoredTime.now();
        repository.persist(s);
        audit.record(AuditEntry.SILENCE, s.id.toString(), "created", scope.actor(), null, s);
        return s;
    }

    private static void field(String pointer, String value, int max, List<Violation> problems) {
        if (value != null && value.length() > max) {
            problems.add(new Violation(pointer, "at most " + max + " characters"));
        }
        Params.storable(pointer, value, problems);
    }

    @Transactional
    public List<Silence> list(String all) {
        List<Violation> problems = new ArrayList<>();
        String value = Params.blankToNull(all);
        if (value != null && !value.equals("true") && !value.equals("false")) {
            problems.add(new Violation("/query/all", "must be true or false"));
        }
        Params.check(problems);
        return repository.list("true".equals(value));
    }

    @Transactional
    public boolean expire(UUID id, Scope scope) {
        Silence silence = repository.findById(id);
        if (silence == null) {
            return false;
        }
        Object before = EventJson.MAPPER.valueToTree(silence);
        repository.expire(id);
        audit.record(AuditEntry.SILENCE, id.toString(), "expired", scope.actor(), before, silence);
        return true;
    }
}
