package dev.unison.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of notification-service; each can be set by environment variable, e.g. NOTIFICATION_DELIVERY_MAX_ATTEMPTS. */
@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

    /** Where people reach this service; links in deliveries (Alertmanager's generatorURL) point here. */
    @WithDefault("http://localhost:8084")
    String publicUrl();

    /** Partitions of the per-department topics cx.alerts.&lt;department&gt; when this service creates them. */
    @WithDefault("6")
    int kafkaTopicPartitions();

    Consumer consumer();

    Delivery delivery();

    Grouping grouping();

    Alertmanager alertmanager();

    Escalation escalation();

    Query query();

    Webhook webhook();

    Redaction redaction();

    /**
     * Where webhook and Alertmanager subscriptions may send (SSRF): never to loopback, link-local, private, unique-local,
     * multicast or unspecified addresses, nor to the ports of Unison's own services, unless the URL's host is
     * allow-listed. Checked when a subscription is created or changed, and again at each send after resolving the
     * name (the request goes to the address checked).
     */
    interface Webhook {
        /** Hosts ({@code host}) or host and port ({@code host:port}, {@code [::1]:9000}) exempt from the rules. */
        Optional<List<String>> allowedHosts();

        /** Ports refused on any host not allow-listed: Unison's services, Keycloak, Kafka, PostgreSQL. */
        @WithDefault("8081,8082,8083,8084,8180,8189,9092,15432")
        List<Integer> refusedPorts();
    }

    /**
     * Redaction of free text (an alert's summary, what each piece of evidence says, the text values of its details)
     * in what leaves Unison: webhooks, Alertmanager, the department topics and the live feed. Stored alerts keep the
     * original.
     */
    interface Redaction {
        @WithDefault("true")
        boolean enabled();

        /** What is redacted: email, phone, card (13-19 digits passing the Luhn check), iban, account. */
        @WithDefault("email,phone,card,iban,account")
        List<String> kinds();

        /** More patterns (Java regular expressions); each match is replaced by {@code [redacted]}. */
        Optional<List<String>> extraPatterns();
    }

    Storage storage();

    /**
     * Groups as Alertmanager's: alerts with the same grouping labels form a group while it is unresolved; each
     * subscription is told of a group's new alerts group-wait after the first, then at most every group-interval, and
     * of its still open alerts again after repeat-interval. A subscription may set its own timers.
     */
    interface Grouping {
        /** The labels whose values make an alert's group: any of rule, fingerprint, severity, customer. */
        @WithDefault("fingerprint")
        List<String> labels();

        @WithDefault("PT30S")
        Duration groupWait();

        @WithDefault("PT5M")
        Duration groupInterval();

        @WithDefault("PT4H")
        Duration repeatInterval();

        /** Most alerts named in one notification; more new alerts make more notifications at once. */
        @WithDefault("100")
        int maxAlertsPerNotification();
    }

    /** Alertmanager subscriptions are kept in sync as Prometheus does it. */
    interface Alertmanager {
        /** Open alerts are sent again this often; each is sent with endsAt = now + 4 x resend-interval. */
        @WithDefault("PT1M")
        Duration resendInterval();

        /** How often new, due and resolved alerts are looked for (a scheduler period, at least 1s). */
        @WithDefault("1s")
        String checkInterval();

        /** Most alerts in one POST /api/v2/alerts. */
        @WithDefault("500")
        int batchSize();
    }

    interface Consumer {
        /** Consumer group of the alert store; every instance of the service joins it. */
        @WithDefault("notification-service")
        String groupId();

        /** Most alerts stored in one database transaction. */
        @WithDefault("500")
        int maxBatch();

        /** Partitions of cx.alerts.v1 and cx.alerts.dlq when this service creates them. */
        @WithDefault("6")
        int partitions();
    }

    interface Delivery {
        /** How often the delivery worker looks for due deliveries when nothing woke it up earlier. */
        @WithDefault("PT1S")
        Duration pollInterval();

        /** Most deliveries one worker run claims. */
        @WithDefault("50")
        int batchSize();

        /** Deliveries sent at the same time by one instance. */
        @WithDefault("4")
        int concurrency();

        /** Attempts before a delivery is marked failed. */
        @WithDefault("8")
        int maxAttempts();

        /** Pause after the first failed attempt; it doubles after each further failure. */
        @WithDefault("PT5S")
        Duration initialBackoff();

        @WithDefault("PT10M")
        Duration maxBackoff();

        /** Time a receiver has to answer. */
        @WithDefault("PT10S")
        Duration httpTimeout();

        /**
         * How long a claimed delivery stays reserved for the instance that claimed it; when that instance dies
         * mid-send, another one takes it over after this time. Must exceed the HTTP timeout.
         */
        @WithDefault("PT2M")
        Duration lease();
    }

    interface Escalation {
        @WithDefault("true")
        boolean enabled();

        /** How often open alerts are checked against their limit (a scheduler period, at least 1s). */
        @WithDefault("15s")
        String checkInterval();

        /** The special department whose subscriptions receive every escalation. */
        @WithDefault("cx-lead")
        String leadDepartment();

        /** An unacknowledged critical alert is escalated after this long. */
        @WithDefault("PT15M")
        Duration critical();

        @WithDefault("PT4H")
        Duration warning();

        @WithDefault("PT24H")
        Duration info();
    }

    interface Query {
        @WithDefault("50")
        int defaultLimit();

        @WithDefault("500")
        int maxLimit();
    }

    /** Monthly partitions of the alerts table, by detectedAt (see the README's "Storage"). */
    interface Storage {
        /** Partitions created ahead of this month. */
        @WithDefault("2")
        int monthsAhead();

        /**
         * Months kept before this one; older months are dropped whole, with their alerts' history, notices and ids.
         * 0 keeps every month.
         */
        @WithDefault("0")
        int retentionMonths();
    }
}
