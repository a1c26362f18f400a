package dev.unison.consistency.messaging;

import dev.unison.contracts.Alert;
import dev.unison.contracts.AlertEvents;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Makes each alert record a binary-mode CloudEvent ({@link AlertEvents}); the value stays the alert's JSON. */
final class AlertHeaders implements FixedKeyProcessor<String, Alert, Alert> {
    private FixedKeyProcessorContext<String, Alert> context;

    @Override
    public void init(FixedKeyProcessorContext<String, Alert> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Alert> record) {
        AlertEvents.writeHeaders(record.headers(), record.value());
        context.forward(record);
    }
}
