import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A CRM connector publishing one touch to cx.touches.v1 in structured CloudEvents mode. */
public class CrmPublisher {
    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
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
