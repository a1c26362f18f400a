package dev.unison.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.Topics;
import dev.unison.contracts.kafka.KafkaSecurity;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Produces events with plain kafka-clients in structured CloudEvents mode, keyed by customer id. */
public final class KafkaSink implements Sink {
    private final KafkaProducer<String, byte[]> producer;

    /** As the Kafka user of this process's environment ({@link KafkaSecurity}: none by default). */
    public KafkaSink(String bootstrapServers) {
        this(KafkaSecurity.with(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)));
    }

    /** With these client settings: the address and the Kafka user (e.g. {@link KafkaSecurity#scram}). */
    public KafkaSink(Map<String, Object> clientSettings) {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "unison-simulator");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(List<ObjectNode> events) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (ObjectNode event : events) {
            ProducerRecord<String, byte[]> record;
            if (Sink.isFeedback(event)) {
                record = CloudEventCodec.toKafka(Topics.FEEDBACK, event);
                if (record.key() == null) {
                    // a release concerns every customer: key it by the release
                    record = new ProducerRecord<>(record.topic(), null, event.path("data").path("release").asText(),
                            record.value(), record.headers());
                }
            } else {
                record = CloudEventCodec.toKafka(Topics.TOUCHES, event);
            }
            sent.add(producer.send(record));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
