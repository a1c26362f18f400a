package dev.unison.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Where the simulator sends events: Kafka, as a CRM connector would, or the services' REST endpoints. */
public interface Sink extends AutoCloseable {

    /** Sends the events in order and returns once every one was taken. */
    void send(List<ObjectNode> events) throws Exception;

    @Override
    void close();

    /** Whether the event goes to cx.feedback.v1 (feedback, releases) rather than cx.touches.v1. */
    static boolean isFeedback(ObjectNode event) {
        return !event.path("type").asText().startsWith("cx.touch.");
    }
}
