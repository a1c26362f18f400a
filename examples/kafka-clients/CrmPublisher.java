import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A CRM connector publishing one touch to cx.touches.v1 in structured CloudEvents mode. */
public class CrmPublisher {
    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        String user = System.getenv("KAFKA_USER");
        if (user != null && !user.isEmpty()) {
            // a broker that signs clients in, as ./run.sh's does: SASL/SCRAM-SHA-512, the user's name and password
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
            config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + user + "\" password=\"" + System.getenv("KAFKA_PASSWORD") + "\";");
        }
        String event = """
                {"specversion": "1.0", "id": "crm-81723", "source": "/crm/sales",
                 "type": "cx.touch.answer-given", "time": "2026-11-25T10:15:00Z",
                 "data": {"customerId": "C-42", "department": "sales", "channel": "phone",
                          "direction": "inbound", "question": "refund-window", "answer": "30 days"}}""";
        try (Producer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>("cx.touches.v1", "C-42", event);
            record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }
}
