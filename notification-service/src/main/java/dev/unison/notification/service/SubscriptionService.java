package dev.unison.notification.service;

import dev.unison.contracts.Topics;
import dev.unison.contracts.Violation;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.AuditEntry;
import dev.unison.notification.entity.StoredTime;
import dev.unison.notification.entity.Subscription;
import dev.unison.notification.messaging.AlertTopics;
import dev.unison.notification.privacy.WebhookTargets;
import dev.unison.notification.security.Scope;
import dev.unison.contracts.EventJson;
import dev.unison.notification.repository.SubscriptionRepository;
import dev.unison.runtime.rest.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Creates, changes and removes subscriptions; checks every field and names each one that is wrong; writes each change
 * to the audit log. A department member sees and changes only its departments' subscriptions (another's is "not
 * found"; creating one for, or moving one to, another department is 403).
 */
@ApplicationScoped
public class SubscriptionService {
    /** A department name: also part of a Kafka topic name, so letters, digits, '.', '_' and '-' only. */
    public static final Pattern DEPARTMENT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    public static final Set<String> TYPES = Set.of(Subscription.WEBHOOK, Subscription.KAFKA, Subscription.ALERTMANAGER);
    public static final int MIN_SECRET = 16;
    public static final int MAX_SECRET = 256;

    private final NotificationConfig config;
    private final SubscriptionRepository repository;
    private final String bootstrapServers;
    private final WebhookTargets targets;
    private final AuditService audit;

    public SubscriptionService(NotificationConfig config, SubscriptionRepository repository,
                               @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                               WebhookTargets targets, AuditService audit) {
        this.config = config;
        this.repository = repository;
        this.bootstrapServers = bootstrapServers;
        this.targets = targets;
        this.audit = audit;
    }

    /**
     * The body of POST and PUT /subscriptions; groupWait, groupInterval and repeatInterval are ISO 8601 durations
     * (left out: the service's defaults).
     */
    public record Request(String department, String type, String name, String url, String secret, Boolean enabled,
                          String groupWait, String groupInterval, String repeatInterval) {
    }

    @Transactional
    public Subscription create(Request request, Scope scope) {
        Subscription s = checked(UUID.randomUUID(), request);
        if (!scope.owns(s.department)) {
            throw new NotYourDepartmentException("/department", s.department);
        }
        ensureTopic(s);
        OffsetDateTime now = StoredTime.now();
        s.createdAt = now;
        s.updatedAt = now;
        repository.persist(s);
        audit.record(AuditEntry.SUBSCRIPTION, s.id.toString(), "created", scope.actor(), null, s);
        return s;
    }

    /** Replaces a subscription; a webhook may leave the secret out to keep the one it has. */
    @Transactional
    public Optional<Subscription> update(UUID id, Request request, Scope scope) {
        Subscription current = repository.findById(id);
        if (current == null || !scope.owns(current.department)) {
            return Optional.empty();
        }
        Object before = EventJson.MAPPER.valueToTree(current);
        Request effective = request;
        if (request != null && (request.secret() == null || request.secret().isEmpty())
                && current.secretSet() && !Subscription.KAFKA.equals(request.type())) {
            effective = new Request(request.department(), request.type(), request.name(), request.url(),
                    current.secret, request.enabled(), request.groupWait(), request.groupInterval(),
                    request.repeatInterval());
        }
        Subscription s = checked(id, effective);
        if (!scope.owns(s.department)) {
            throw new NotYourDepartmentException("/department", s.department);
        }
        ensureTopic(s);
        current.department = s.department;
        current.type = s.type;
        current.name = s.name;
        current.url = s.url;
        current.topic = s.topic;
        current.secret = s.secret;
        current.enabled = s.enabled;
        current.groupWait = s.groupWait;
        current.groupInterval = s.groupInterval;
        current.repeatInterval = s.repeatInterval;
        current.updatedAt = StoredTime.now();
        audit.record(AuditEntry.SUBSCRIPTION, id.toString(), "updated", scope.actor(), before, current);
        return Optional.of(current);
    }

    @Transactional
    public Optional<Subscription> find(UUID id, Scope scope) {
        return repository.findByIdOptional(id).filter(s -> scope.owns(s.department));
    }

    @Transactional
    public List<Subscription> list(String department, Scope scope) {
        List<Violation> problems = new ArrayList<>();
        Params.text("department", department, problems);
        Params.check(problems);
        return repository.list(Params.blankToNull(department)).stream().filter(s -> scope.owns(s.department))
                .toList();
    }

    /** Removes a subscription and cancels its pending deliveries. */
    @Transactional
    public boolean delete(UUID id, Scope scope) {
        Subscription current = repository.findById(id);
        if (current == null || !scope.owns(current.department)) {
            return false;
        }
        Object before = EventJson.MAPPER.valueToTree(current);
        boolean removed = repository.remove(id);
        if (removed) {
            audit.record(AuditEntry.SUBSCRIPTION, id.toString(), "deleted", scope.actor(), before, null);
        }
        return removed;
    }

    private void ensureTopic(Subscription s) {
        if (Subscription.KAFKA.equals(s.type)) {
            TopicAdmin.ensure(bootstrapServers, List.of(TopicAdmin.Spec.of(s.topic, config.kafkaTopicPartitions())));
        }
    }

    Subscription checked(UUID id, Request r) {
        if (r == null) {
            throw new InvalidRequestException("", "a JSON body is required: {\"department\", \"type\", \"url\", "
                    + "\"secret\"}");
        }
        List<Violation> problems = new ArrayList<>();
        String department = r.department() == null ? null : r.department().strip();
        if (department == null || department.isEmpty()) {
            problems.add(new Violation("/department", "required: the department whose alerts this subscription gets"));
        } else if (!DEPARTMENT.matcher(department).matches()) {
            problems.add(new Violation("/department", "must be 1-63 lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit"));
        } else if (AlertTopics.RESERVED_DEPARTMENTS.contains(department)) {
            problems.add(new Violation("/department", "'" + department + "' is reserved (cx.alerts."
                    + department + " is one of the service's own topics)"));
        }
        String type = r.type();
        String url = r.url() == null || r.url().isBlank() ? null : r.url().strip();
        String secret = r.secret() == null || r.secret().isEmpty() ? null : r.secret();
        if (type == null || type.isBlank()) {
            problems.add(new Violation("/type", "required: one of webhook, kafka, alertmanager"));
        } else if (!TYPES.contains(type)) {
            problems.add(new Violation("/type", "unknown type '" + type + "'; one of webhook, kafka, alertmanager"));
        } else if (Subscription.KAFKA.equals(type)) {
            if (url != null) {
                problems.add(new Violation("/url", "not used by kafka subscriptions: they go to cx.alerts.<department>"));
            }
            if (secret != null) {
                problems.add(new Violation("/secret", "not used by kafka subscriptions"));
            }
        } else {
            if (url == null) {
                problems.add(new Violation("/url", "required for " + type + " subscriptions: an http(s) URL"));
            } else if (!httpUrl(url)) {
                problems.add(new Violation("/url", "not an absolute http or https URL: " + url));
            } else {
                targets.check("/url", url).ifPresent(problems::add);
            }
            if (Subscription.WEBHOOK.equals(type) && secret == null) {
                problems.add(new Violation("/secret", "required for webhooks: " + MIN_SECRET + " to "
                        + MAX_SECRET + " characters, used to sign each request with HMAC-SHA256"));
            }
            if (secret != null && secret.length() < MIN_SECRET) {
                problems.add(new Violation("/secret", "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters long"));
            }
        }
        if (r.name() != null && r.name().length() > 200) {
            problems.add(new Violation("/name", "at most 200 characters"));
        }
        if (url != null && url.length() > 2000) {
            problems.add(new Violation("/url", "at most 2000 characters"));
        }
        if (secret != null && secret.length() > MAX_SECRET) {
            problems.add(new Violation("/secret", "must be " + MIN_SECRET + " to " + MAX_SECRET
                    + " characters long"));
        }
        Params.storable("/name", r.name(), problems);
        Params.storable("/url", url, problems);
        Params.storable("/secret", secret, problems);
        String groupWait = timer("/groupWait", r.groupWait(), Duration.ZERO, problems);
        String groupInterval = timer("/groupInterval", r.groupInterval(), Duration.ofSeconds(1), problems);
        String repeatInterval = timer("/repeatInterval", r.repeatInterval(), Duration.ofSeconds(1), problems);
        Params.check(problems);
        boolean kafka = Subscription.KAFKA.equals(type);
        Subscription s = new Subscription();
        s.id = id;
        s.department = department;
        s.type = type;
        s.name = r.name();
        s.url = kafka ? null : url;
        s.topic = kafka ? Topics.alertsFor(department) : null;
        s.secret = secret;
        s.enabled = r.enabled() == null || r.enabled();
        s.groupWait = groupWait;
        s.groupInterval = groupInterval;
        s.repeatInterval = repeatInterval;
        return s;
    }

    /** A grouping timer: an ISO 8601 duration of at least {@code min} and at most 30 days, in its normal form. */
    private static String timer(String pointer, String value, Duration min, List<Violation> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.parse(value.strip());
            if (d.compareTo(min) < 0 || d.compareTo(Duration.ofDays(30)) > 0) {
                problems.add(new Violation(pointer, "must be between " + min + " and P30D"));
                return null;
            }
            return d.toString();
        } catch (DateTimeParseException e) {
            problems.add(new Violation(pointer, "not an ISO 8601 duration such as PT30S or PT5M"));
            return null;
        }
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
