package dev.unison.consistency.catalogue;

import dev.unison.consistency.detector.DetectorSupport;
import dev.unison.consistency.store.StateSerde;
import dev.unison.consistency.store.StateStores;
import dev.unison.contracts.Alert;
import dev.unison.contracts.Feedback;
import dev.unison.contracts.Touch;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * What a detector is wired with: the events read once for every detector (validated, de-duplicated, keyed by customer
 * id), what detectors are built with, and the builder to add stores to.
 */
public final class TopologyInputs {
    private final StreamsBuilder builder;
    private final KStream<String, Touch> touches;
    private final KStream<String, Feedback> feedback;
    private final Serde<Feedback> feedbackSerde;
    private final DetectorSupport support;

    public TopologyInputs(StreamsBuilder builder, KStream<String, Touch> touches, KStream<String, Feedback> feedback,
                          Serde<Feedback> feedbackSerde, DetectorSupport support) {
        this.builder = builder;
        this.touches = touches;
        this.feedback = feedback;
        this.feedbackSerde = feedbackSerde;
        this.support = support;
    }

    public KStream<String, Touch> touches() {
        return touches;
    }

    public KStream<String, Feedback> feedback() {
        return feedback;
    }

    /** The serde of feedback events, to repartition them. */
    public Serde<Feedback> feedbackSerde() {
        return feedbackSerde;
    }

    public DetectorSupport support() {
        return support;
    }

    /** Adds a store of values of the given serde (not behind the record cache); returns its name. */
    public String store(String name, Serde<?> values) {
        builder.addStateStore(StateStores.keyValue(name, values));
        return name;
    }

    /**
     * Connects a detector and its own store (values of {@code state}, see {@link StateSerde}) to the input stream,
     * with the other stores it uses (added with {@link #store}). The processor is named after the store, so a record
     * the detector fails on is dead-lettered naming its rule.
     */
    public <V> KStream<String, Alert> detect(KStream<String, V> input, String store, Class<? extends Record> state,
                                             ProcessorSupplier<String, V, String, Alert> detector,
                                             String... moreStores) {
        return connect(input, StateStores.keyValue(store, StateSerde.of(state)), detector, moreStores);
    }

    /** {@link #detect}, with the detector's own store behind the record cache (keys that many events rewrite). */
    public <V> KStream<String, Alert> detectCached(KStream<String, V> input, String store,
                                                   Class<? extends Record> state,
                                                   ProcessorSupplier<String, V, String, Alert> detector,
                                                   String... moreStores) {
        return connect(input, StateStores.cachedKeyValue(store, StateSerde.of(state)), detector, moreStores);
    }

    private <V, S> KStream<String, Alert> connect(KStream<String, V> input, StoreBuilder<KeyValueStore<String, S>> own,
                                                  ProcessorSupplier<String, V, String, Alert> detector,
                                                  String... moreStores) {
        builder.addStateStore(own);
        String[] stores = new String[moreStores.length + 1];
        stores[0] = own.name();
        System.arraycopy(moreStores, 0, stores, 1, moreStores.length);
        return input.process(detector, Named.as(own.name()), stores);
    }
}
