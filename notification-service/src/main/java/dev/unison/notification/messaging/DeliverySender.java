package dev.unison.notification.messaging;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.kafka.ReliableProducer;
import dev.unison.notification.config.NotificationConfig;
import dev.unison.notification.repository.AlertView;
import dev.unison.notification.repository.ClaimedDelivery;
import dev.unison.notification.repository.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Sends one delivery to its target: a signed JSON POST (webhook), a record on cx.alerts.&lt;department&gt; (kafka),
 * or a POST of the Alertmanager v2 alerts array (alertmanager). Each send says whether the receiver took it.
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

    public SendResult send(ClaimedDelivery d, AlertView alert, Subscription sub) {
        return switch (sub.type()) {
            case Subscription.WEBHOOK -> post(URI.create(sub.url()), webhookBody(d, alert), d, sub.secret());
            case Subscription.ALERTMANAGER -> post(alertmanagerUri(sub.url()), alertmanagerBody(alert, d), d,
                    sub.secret());
            case Subscription.KAFKA -> produce(d, alert, sub);
            default -> SendResult.failed(null, "unknown subscription type " + sub.type());
        };
    }

    /** The webhook body: who it is for, why, a link to the dashboard, and the alert as stored. */
    public byte[] webhookBody(ClaimedDelivery d, AlertView alert) {
        ObjectNode body = EventJson.MAPPER.createObjectNode();
        body.put("deliveryId", d.id().toString());
        body.put("reason", d.reason());
        body.put("department", d.department());
        body.put("dashboardUrl", dashboardUrl(alert));
        body.set("alert", EventJson.MAPPER.valueToTree(alert));
        return EventJson.bytes(body);
    }

    /**
     * One alert in the format of Alertmanager's {@code POST /api/v2/alerts}: labels identify it (alertname is the
     * rule), annotations describe it, generatorURL links to this service's dashboard.
     */
    public byte[] alertmanagerBody(AlertView alert, ClaimedDelivery d) {
        ArrayNode array = EventJson.MAPPER.createArrayNode();
        ObjectNode item = array.addObject();
        ObjectNode labels = item.putObject("labels");
        labels.put("alertname", alert.rule());
        labels.put("department", d.department());
        labels.put("customer", alert.customerId());
        labels.put("severity", alert.severity());
        labels.put("fingerprint", alert.fingerprint());
        if ("escalation".equals(d.reason())) {
            labels.put("escalated", "true");
        }
        ObjectNode annotations = item.putObject("annotations");
        annotations.put("summary", alert.summary());
        annotations.put("alertId", alert.id());
        annotations.put("departments", String.join(", ", alert.departments()));
        annotations.put("occurrences", Integer.toString(alert.occurrences()));
        item.put("startsAt", alert.detectedAt().toString());
        if (alert.resolvedAt() != null) {
            item.put("endsAt", alert.resolvedAt().toString());
        }
        item.put("generatorURL", dashboardUrl(alert));
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

    private String dashboardUrl(AlertView alert) {
        String base = config.publicUrl().endsWith("/") ? config.publicUrl() : config.publicUrl() + "/";
        return base + "#alert=" + alert.id();
    }

    static URI alertmanagerUri(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return URI.create(trimmed.endsWith("/api/v2/alerts") ? trimmed : trimmed + "/api/v2/alerts");
    }

    private SendResult post(URI uri, byte[] body, ClaimedDelivery d, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.delivery().httpTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "unison-notification-service")
                .header(WebhookSignature.DELIVERY_HEADER, d.id().toString())
                .header(WebhookSignature.REASON_HEADER, d.reason())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
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
            String text = response.body() == null ? "" : response.body();
            return SendResult.failed(status, "HTTP " + status + (text.isBlank() ? ""
                    : ": " + text.substring(0, Math.min(200, text.length()))));
        } catch (IOException e) {
            return SendResult.failed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failed(null, "interrupted");
        }
    }

    private SendResult produce(ClaimedDelivery d, AlertView alert, Subscription sub) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(sub.topic(),
                alert.customerId().getBytes(StandardCharsets.UTF_8), contractAlert(alert));
        record.headers().add("unison.delivery-id", d.id().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("unison.reason", d.reason().getBytes(StandardCharsets.UTF_8));
        record.headers().add("unison.status", alert.status().getBytes(StandardCharsets.UTF_8));
        record.headers().add("unison.occurrences",
                Integer.toString(alert.occurrences()).getBytes(StandardCharsets.UTF_8));
        try {
            kafka.sendAll(List.of(record));
            return SendResult.ok(null);
        } catch (ReliableProducer.PublishException e) {
            return SendResult.failed(null, e.getMessage());
        }
    }
}
