package dev.unison.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** notification-service delivering a burst of alerts to webhooks. */
final class WebhookDelivery {
    private final Run run;

    WebhookDelivery(Run run) {
        this.run = run;
    }

    void webhooks(Receiver receiver, int n) throws Exception {
        Run.log("webhook delivery: " + n + " alerts straight onto " + Topics.ALERTS);
        List<ConsumerRecord<String, byte[]>> samples = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka.bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-samples-" + System.nanoTime()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (samples.size() < 200 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(samples::add);
            }
        }
        if (samples.isEmpty()) {
            Run.log("no alerts to copy: webhook rate not measured");
            return;
        }
        List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
        long departments = 0;
        for (int i = 0; i < n; i++) {
            ConsumerRecord<String, byte[]> sample = samples.get(i % samples.size());
            ObjectNode alert = (ObjectNode) EventJson.MAPPER.readTree(sample.value());
            String customer = "nb-" + i;
            alert.put("alertId", UUID.randomUUID().toString());
            alert.put("fingerprint", UUID.randomUUID().toString());
            alert.put("customerId", customer);
            alert.put("detectedAt", Instant.now().atOffset(ZoneOffset.UTC).toString());
            departments += alert.path("departments").size();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ALERTS, customer,
                    EventJson.MAPPER.writeValueAsBytes(alert));
            for (Header h : sample.headers()) {
                record.headers().add(h);
            }
            burst.add(record);
        }
        receiver.expect("nb-");
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = run.kafka.producer("bench-alerts")) {
            burst.forEach(producer::send);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (receiver.customers() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (receiver.lastAt() - t0) / 1e9;
        run.table.add("notification-service alerts/s delivered to webhooks", receiver.customers() / seconds, "alerts/s",
                Table.Goal.NONE, Double.NaN, receiver.customers() + " of " + n + " alerts, " + receiver.deliveries()
                        + " webhook calls (" + departments + " department subscriptions matched)");
        run.table.add("notification-service webhook calls/s", receiver.deliveries() / seconds, "calls/s");
    }
}
