package dev.unison.notification.messaging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.AlertEvents;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.kafka.ReliableProducer;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.entity.Delivery;
import dev.unison.notification.entity.Subscription;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.service.DeliveryWorker;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.unison.notification.privacy.Redactor;
import dev.unison.notification.privacy.WebhookTargets;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one delivery to its target: a signed JSON POST (webhook) or one record per alert named on
 * cx.alerts.&lt;department&gt; (kafka). Each send says whether the receiver took it. Alertmanager subscriptions are
 * not sent from the outbox (AlertmanagerSync keeps them in sync), but their body is built here too.
 * <p>
 * What leaves here is redacted ({@link Redactor}). HTTP requests go only to an address {@link WebhookTargets} checked
 * after resolving the URL's host, and the connection is made to that very address (the name is not looked up again);
 * redirects are never followed. A failure is recorded in a few words (connection refused, timeout, HTTP 500), never
 * with the receiver's body or an exception's text.
 */
@ApplicationScoped
public class DeliverySender {
    private final NotificationConfig config;
    private final KafkaPublisher kafka;
    private final WebhookTargets targets;
    private final Redactor redactor;
    private final HttpClient http;

    public DeliverySender(NotificationConfig config, KafkaPublisher kafka, WebhookTargets targets, Redactor redactor,
                          Vertx vertx) {
        this.config = config;
        this.kafka = kafka;
        this.targets = targets;
        this.redactor = redactor;
        int timeout = (int) config.delivery().httpTimeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(timeout)
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setMaxRedirects(0));
    }

    public SendResult send(Delivery d, DeliveryWorker.Content content) {
        Subscription sub = content.subscription();
        return switch (sub.type) {
            case Subscription.WEBHOOK -> post(URI.create(sub.url), webhookBody(d, content), d.id.toString(),
                    d.reason, sub.secret);
            case Subscription.KAFKA -> produce(d, content);
            default -> SendResult.failed(null, sub.type + " subscriptions are not sent from the outbox");
        };
    }

    /**
     * The webhook body: who it is for, why, a link to the group on the dashboard, the group, and the alerts the
     * notification names (the new ones; for a repeat those still open; for an escalation the escalated one).
     */
    public byte[] webhookBody(Delivery d, DeliveryWorker.Content content) {
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("deliveryId", d.id.toString());
        body.put("reason", d.reason);
        body.put("department", d.department);
        body.put("dashboardUrl", dashboard() + "#group=" + d.groupId);
        body.set("group", EventJson.MAPPER.valueToTree(content.group()));
        body.set("alerts", EventJson.MAPPER.valueToTree(content.alerts().stream().map(redactor::redact).toList()));
        return EventJson.bytes(body);
    }

    /**
     * Alerts in the format of Alertmanager's {@code POST /api/v2/alerts}, as Prometheus sends them: labels identify
     * an alert (alertname is the rule; alert_id keeps two alerts of one customer apart), annotations describe it;
     * endsAt is {@code openEndsAt} while it is unresolved and the time it was resolved once it is.
     */
    public byte[] alertmanagerBody(List<AlertView> alerts, String department, Instant openEndsAt) {
        ArrayNode array = EventJson.MAPPER.createArrayNode();
        for (AlertView original : alerts) {
            AlertView alert = redactor.redact(original);
            ObjectNode item = array.addObject();
            ObjectNode labels = item.putObject("labels");
            labels.put("alertname", alert.rule());
            labels.put("department", department);
            labels.put("customer", alert.customerId());
            labels.put("severity", alert.severity());
            labels.put("fingerprint", alert.fingerprint());
            labels.put("alert_id", alert.id());
            ObjectNode annotations = item.putObject("annotations");
            annotations.put("summary", alert.summary());
            annotations.put("departments", String.join(", ", alert.departments()));
            annotations.put("group", alert.groupId().toString());
            annotations.put("status", alert.status());
            if (alert.escalatedAt() != null) {
                annotations.put("escalated", alert.escalatedAt().toString());
            }
            Instant starts = alert.detectedAt().toInstant().isBefore(alert.receivedAt().toInstant())
                    ? alert.detectedAt().toInstant() : alert.receivedAt().toInstant();
            item.put("startsAt", starts.toString());
            item.put("endsAt", (alert.resolvedAt() != null ? alert.resolvedAt().toInstant() : openEndsAt).toString());
            item.put("generatorURL", dashboard() + "#alert=" + alert.id());
        }
        return EventJson.bytes(array);
    }

    /** The alert in the contract's shape (as on cx.alerts.v1), for the department topics; redacted. */
    public byte[] contractAlert(AlertView original) {
        AlertView alert = redactor.redact(original);
        ObjectNode node = EventJson.MAPPER.createObjectNode();
        node.put("alertId", alert.id());
        node.put("rule", alert.rule());
        node.put("severity", alert.severity());
        node.put("customerId", alert.customerId());
        ArrayNode departments = node.putArray("departments");
        alert.departments().forEach(departments::add);
        node.put("fingerprint", alert.fingerprint());
        node.put("summary", alert.summary());
        node.set("evidence", alert.evidence());
        node.put("detectedAt", alert.detectedAt().toString());
        if (alert.details() != null && !alert.details().isNull()) {
            node.set("details", alert.details());
        }
        return EventJson.bytes(node);
    }

    private String dashboard() {
        return config.publicUrl().endsWith("/") ? config.publicUrl() : config.publicUrl() + "/";
    }

    public static URI alertmanagerUri(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return URI.create(trimmed.endsWith("/api/v2/alerts") ? trimmed : trimmed + "/api/v2/alerts");
    }

    /**
     * POSTs JSON; signed when there is a secret. {@code deliveryId} is null for Alertmanager pushes. The request goes
     * to the address {@link WebhookTargets#resolve} checked, with the URL's host in the Host header (and for TLS in
     * SNI and the certificate check); a redirect is an answer like any other non-2xx.
     */
    public SendResult post(URI uri, byte[] body, String deliveryId, String reason, String secret) {
        InetAddress address;
        try {
            address = targets.resolve(uri);
        } catch (WebhookTargets.Refused e) {
            return SendResult.failed(null, "refused: " + e.getMessage());
        }
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long timeout = config.delivery().httpTimeout().toMillis();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add("User-Agent", "unison-notification-service");
        if (deliveryId != null) {
            headers.add(WebhookSignature.DELIVERY_HEADER, deliveryId).add(WebhookSignature.REASON_HEADER, reason);
        }
        if (secret != null && !secret.isEmpty()) {
            long timestamp = Instant.now().getEpochSecond();
            headers.add(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .add(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
        }
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(host)
                .setPort(port)
                .setSsl(tls)
                .setURI(path)
                .setHeaders(headers)
                .setFollowRedirects(false)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout);
        try {
            int status = http.request(request)
                    .compose(r -> r.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .toCompletionStage().toCompletableFuture()
                    .get(timeout + 1_000, TimeUnit.MILLISECONDS);
            if (status >= 200 && status < 300) {
                return SendResult.ok(status);
            }
            return SendResult.failed(status, "HTTP " + status);
        } catch (ExecutionException e) {
            return SendResult.failed(null, describe(e.getCause()));
        } catch (TimeoutException e) {
            return SendResult.failed(null, "timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failed(null, "interrupted");
        }
    }

    /** A failure in a few words: nothing of the receiver's host, answer or stack. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t.getClass().getSimpleName().contains("ConnectException")) {
                String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (message.contains("timed out") || message.contains("timeout")) {
                    return "timeout";
                }
                return "connection refused";
            }
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")
                    || String.valueOf(t.getMessage()).contains("timeout")) {
                return "timeout";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed";
            }
            if (t instanceof UnknownHostException) {
                return "host not found";
            }
        }
        return "connection failed";
    }

    /** One record per alert named, keyed by its customer; all of them or the attempt failed. */
    private SendResult produce(Delivery d, DeliveryWorker.Content content) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (AlertView alert : content.alerts()) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(content.subscription().topic,
                    alert.customerId().getBytes(StandardCharsets.UTF_8), contractAlert(alert));
            record.headers().add("unison.delivery-id", d.id.toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("unison.reason", d.reason.getBytes(StandardCharsets.UTF_8));
            record.headers().add("unison.group-id", d.groupId.toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("unison.status", alert.status().getBytes(StandardCharsets.UTF_8));
            // a binary-mode CloudEvent like the record of cx.alerts.v1 (cx.alert.<rule>, subject the customer)
            AlertEvents.writeHeaders(record.headers(), alert.id(), alert.rule(), alert.customerId(), alert.detectedAt());
            records.add(record);
        }
        try {
            kafka.sendAll(records);
            return SendResult.ok(null);
        } catch (ReliableProducer.PublishException e) {
            return SendResult.failed(null, "Kafka did not acknowledge the records");
        }
    }
}
