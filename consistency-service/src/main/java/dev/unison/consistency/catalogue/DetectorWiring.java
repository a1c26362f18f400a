package dev.unison.consistency.catalogue;

import dev.unison.contracts.Alert;
import org.apache.kafka.streams.kstream.KStream;

/** How one detector is put into the topology: its input, its stores, and the alerts it forwards. */
@FunctionalInterface
public interface DetectorWiring {
    KStream<String, Alert> wire(TopologyInputs inputs);
}
