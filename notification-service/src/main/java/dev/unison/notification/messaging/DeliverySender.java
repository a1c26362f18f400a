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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one delivery to its target: a signed JSON POST (webhook) or one record per alert named on
 * cx.alerts.&lt;department&gt; (kafka). Each send says whether the receiver took it. Alertmanager subscriptions are
 * not sent from the outbox (AlertmanagerSync keeps them in sync), but their body is built here too.
 */
@ApplicationScoped
public class DeliverySender {
    private final NotificationConfig config;
    private final KafkaPublisher kafka;
    private final HttpClient http;

    public DeliverySender(NotificationConfig config, KafkaPublisher kafka) {
        this.config = config;
        this.kafka = kafka;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.delivery().httpTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        body.set("alerts", EventJson.MAPPER.valueToTree(content.alerts()));
        return EventJson.bytes(body);
    }

    /**
     * Alerts in the format of Alertmanager's {@code POST /api/v2/alerts}, as Prometheus sends them: labels identify
     * an alert (alertname is the rule; alert_id keeps two alerts of one customer apart), annotations describe it;
     * endsAt is {@code openEndsAt} while it is unresolved and the time it was resolved once it is.
     */
    public byte[] alertmanagerBody(List<AlertView> alerts, String department, Instant openEndsAt) {
        ArrayNode array = EventJson.MAPPER.createArrayNode();
        for (AlertView alert : alerts) {
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

    /** The alert in the contract's shape (as on cx.alerts.v1), for the department topics. */
    public static byte[] contractAlert(AlertView alert) {
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

    /** POSTs JSON; signed when there is a secret. {@code deliveryId} is null for Alertmanager pushes. */
    public SendResult post(URI uri, byte[] body, String deliveryId, String reason, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.delivery().httpTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "unison-notification-service")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (deliveryId != null) {
            request.header(WebhookSignature.DELIVERY_HEADER, deliveryId).header(WebhookSignature.REASON_HEADER, reason);
        }
        if (secret != null && !secret.isEmpty()) {
            long timestamp = Instant.now().getEpochSecond();
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return SendResult.ok(status);
            }
            // the receiver's words go into the log and the delivery's lastError: 200 characters, on one line
            String text = response.body() == null ? "" : response.body()
                    .substring(0, Math.min(200, response.body().length())).replaceAll("\\p{Cntrl}", " ");
            return SendResult.failed(status, "HTTP " + status + (text.isBlank() ? "" : ": " + text));
        } catch (IOException e) {
            return SendResult.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failed(null, "interrupted");
        }
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
            return SendResult.failed(null, e.getMessage());
        }
    }
}
