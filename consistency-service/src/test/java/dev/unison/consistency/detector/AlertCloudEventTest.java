package dev.unison.consistency.detector;

import dev.unison.contracts.Alert;
import dev.unison.contracts.AlertEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.answer;
import static org.assertj.core.api.Assertions.assertThat;

class AlertCloudEventTest {
    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void everyAlertRecordIsABinaryModeCloudEventOfTypeCxAlertRuleWithTheCustomerAsSubject() {
        driver.touch(answer("c-1", "support", T0, "refund-window", "30 days"),
                answer("c-1", "billing", T0.plusHours(2), "refund-window", "14 days"));

        TestRecord<String, Alert> record = driver.alertRecords().get(0);
        CloudEvent event = KafkaMessageFactory.createReader(record.headers(),
                dev.unison.contracts.EventJson.bytes(record.value())).toEvent();
        assertThat(event.getType()).isEqualTo("cx.alert.conflicting-answers");
        assertThat(event.getId()).isEqualTo(record.value().alertId());
        assertThat(event.getSubject()).isEqualTo("c-1");
        assertThat(event.getSource()).isEqualTo(AlertEvents.SOURCE);
        assertThat(event.getTime().toInstant()).isEqualTo(record.value().detectedAt().toInstant());
    }
}
