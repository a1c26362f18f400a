package dev.unison.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Small Kafka helpers: a producer like the services' (acks=all, idempotent), consumer group progress. */
final class Kafka implements AutoCloseable {
    final String bootstrap;
    final Admin admin;

    Kafka(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    KafkaProducer<String, byte[]> producer(String clientId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536,
                ProducerConfig.CLIENT_ID_CONFIG, clientId),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sum of the end offsets of a topic's partitions. */
    long endOffsets(String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            spec.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long sum = 0;
        for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS)
                .values()) {
            sum += info.offset();
        }
        return sum;
    }

    /** Sum of a group's committed offsets on a topic (0 before its first commit). */
    long committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        admin.close();
    }
}
