package dev.unison.notification.service;

import dev.unison.contracts.Violation;
import dev.unison.notification.repository.Silence;
import dev.unison.notification.repository.SilenceRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Silences: matchers (department, rule, customer) and an end time. Alerts they match are stored but not sent. */
@ApplicationScoped
public class SilenceService {
    private final SilenceRepository repository;

    public SilenceService(SilenceRepository repository) {
        this.repository = repository;
    }

    /** The body of POST /silences. */
    public record Request(String department, String rule, String customerId, OffsetDateTime endsAt, String createdBy,
                          String comment) {
    }

    public Silence create(Request r) throws SQLException {
        if (r == null) {
            throw new InvalidRequestException("", "a JSON body is required");
        }
        List<Violation> problems = new ArrayList<>();
        String department = AlertService.blankToNull(r.department());
        String rule = AlertService.blankToNull(r.rule());
        String customer = AlertService.blankToNull(r.customerId());
        if (department == null && rule == null && customer == null) {
            problems.add(new Violation("/department", "give at least one matcher: department, rule or customerId"));
        }
        if (r.endsAt() == null) {
            problems.add(new Violation("/endsAt", "required: when the silence ends (RFC 3339 with offset)"));
        } else if (!r.endsAt().isAfter(OffsetDateTime.now())) {
            problems.add(new Violation("/endsAt", "must lie in the future"));
        }
        if (AlertService.blankToNull(r.createdBy()) == null) {
            problems.add(new Violation("/createdBy", "required: who silences"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return repository.insert(new Silence(UUID.randomUUID(), department, rule, customer, r.endsAt(),
                r.createdBy().strip(), r.comment(), null));
    }

    public List<Silence> list(boolean includeExpired) throws SQLException {
        return repository.list(includeExpired);
    }

    public boolean expire(UUID id) throws SQLException {
        return repository.expire(id);
    }
}
