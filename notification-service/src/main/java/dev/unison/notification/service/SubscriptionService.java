package dev.unison.notification.service;

import dev.unison.contracts.Topics;
import dev.unison.contracts.Violation;
import dev.unison.contracts.kafka.TopicAdmin;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.messaging.AlertTopics;
import dev.unison.notification.repository.Subscription;
import dev.unison.notification.repository.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creates, changes and removes subscriptions; checks every field and names each one that is wrong. */
@ApplicationScoped
public class SubscriptionService {
    /** A department name: also part of a Kafka topic name, so letters, digits, '.', '_' and '-' only. */
    public static final Pattern DEPARTMENT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    public static final Set<String> TYPES = Set.of(Subscription.WEBHOOK, Subscription.KAFKA, Subscription.ALERTMANAGER);
    public static final int MIN_SECRET = 16;

    private final NotificationConfig config;
    private final DataSource dataSource;
    private final SubscriptionRepository repository;
    private final String bootstrapServers;

    public SubscriptionService(NotificationConfig config, DataSource dataSource, SubscriptionRepository repository,
                               @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.dataSource = dataSource;
        this.repository = repository;
        this.bootstrapServers = bootstrapServers;
    }

    /** The body of POST and PUT /subscriptions. */
    public record Request(String department, String type, String name, String url, String secret, Boolean enabled) {
    }

    public Subscription create(Request request) throws SQLException {
        Subscription s = checked(UUID.randomUUID(), request);
        ensureTopic(s);
        return repository.insert(s);
    }

    /** Replaces a subscription; a webhook may leave the secret out to keep the one it has. */
    public Optional<Subscription> update(UUID id, Request request) throws SQLException {
        Optional<Subscription> current = repository.find(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Request effective = request;
        if (request != null && (request.secret() == null || request.secret().isEmpty())
                && current.get().secretSet() && !Subscription.KAFKA.equals(request.type())) {
            effective = new Request(request.department(), request.type(), request.name(), request.url(),
                    current.get().secret(), request.enabled());
        }
        Subscription s = checked(id, effective);
        ensureTopic(s);
        return repository.update(s);
    }

    public Optional<Subscription> find(UUID id) throws SQLException {
        return repository.find(id);
    }

    public List<Subscription> list(String department) throws SQLException {
        return repository.list(department == null || department.isBlank() ? null : department.strip());
    }

    /** Removes a subscription and cancels its pending deliveries. */
    @Transactional(rollbackOn = Exception.class)
    public boolean delete(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return repository.delete(c, id);
        }
    }

    private void ensureTopic(Subscription s) {
        if (Subscription.KAFKA.equals(s.type())) {
            TopicAdmin.ensure(bootstrapServers, List.of(TopicAdmin.Spec.of(s.topic(), config.kafkaTopicPartitions())));
        }
    }

    static Subscription checked(UUID id, Request r) {
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
            }
            if (Subscription.WEBHOOK.equals(type) && secret == null) {
                problems.add(new Violation("/secret", "required for webhooks: at least " + MIN_SECRET
                        + " characters, used to sign each request with HMAC-SHA256"));
            }
            if (secret != null && secret.length() < MIN_SECRET) {
                problems.add(new Violation("/secret", "must be at least " + MIN_SECRET + " characters"));
            }
        }
        if (r.name() != null && r.name().length() > 200) {
            problems.add(new Violation("/name", "at most 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        boolean kafka = Subscription.KAFKA.equals(type);
        return new Subscription(id, department, type, r.name(), kafka ? null : url,
                kafka ? Topics.alertsFor(department) : null, secret, r.enabled() == null || r.enabled(), null, null);
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
