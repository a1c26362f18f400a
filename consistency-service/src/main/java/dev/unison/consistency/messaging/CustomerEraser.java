package dev.unison.consistency.messaging;

import dev.unison.consistency.catalogue.StateReader;
import dev.unison.consistency.store.ObjectCachedStore;
import dev.unison.contracts.Erasure;
import io.quarkus.logging.Log;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Erases a customer's detector state when an erasure request of cx.erasures.v1 arrives (keyed by customer id, so it
 * reaches the task that keeps the customer): every per-customer store of the rule catalogue deletes the customer's
 * key, or its {@code <customer>|…} keys, which writes tombstones to the stores' changelogs. A record that is not an
 * erasure request is logged and skipped (journey-service set it aside on cx.erasures.dlq already).
 */
final class CustomerEraser implements Processor<String, byte[], Void, Void> {
    private final List<StateReader> readers;
    private final List<KeyValueStore<String, Object>> stores = new ArrayList<>();
    private String taskId;

    CustomerEraser(List<StateReader> readers) {
        this.readers = readers;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        taskId = context.taskId().toString();
        for (StateReader reader : readers) {
            stores.add(context.getStateStore(reader.store()));
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String customer;
        try {
            customer = Erasure.parse(record.value()).customerId();
        } catch (IllegalArgumentException e) {
            Log.warnf("Skipped a record of the erasure topic that is not an erasure request: %s", e.getMessage());
            return;
        }
        int deleted = 0;
        for (int i = 0; i < readers.size(); i++) {
            KeyValueStore<String, Object> store = stores.get(i);
            if (readers.get(i).keyedByCustomerAndKey()) {
                List<String> keys = new ArrayList<>();
                try (KeyValueIterator<String, Object> it = store.prefixScan(customer + "|", Serdes.String().serializer())) {
                    while (it.hasNext()) {
                        KeyValue<String, Object> kv = it.next();
                        keys.add(kv.key);
                    }
                }
                keys.forEach(store::delete);
                ObjectCachedStore.forget(taskId, store.name(), keys);
                deleted += keys.size();
            } else {
                if (store.delete(customer) != null) {
                    deleted++;
                }
                // the detectors' views of the store keep the objects they read: they must forget the customer too
                ObjectCachedStore.forget(taskId, store.name(), List.of(customer));
            }
        }
        Log.infof("Erased the detectors' state of customer %s: %d entries", customer, deleted);
    }
}
