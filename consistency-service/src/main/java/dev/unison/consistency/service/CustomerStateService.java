package dev.unison.consistency.service;

import dev.unison.consistency.catalogue.RuleCatalogue;
import dev.unison.consistency.catalogue.StateReader.StatePart;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the detectors currently know of one customer, read from their state stores by interactive query, as each rule's
 * catalogue entry reads it. Reads the stores of this instance: with several instances, {@link CustomerStateRouter}
 * asks the instance owning each part.
 */
@ApplicationScoped
public class CustomerStateService {
    private final StoreQueries queries;

    public CustomerStateService(StoreQueries queries) {
        this.queries = queries;
    }

    /** The state of each rule that knows something of the customer; empty when none does. */
    public Optional<Map<String, Object>> state(String customerId) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (StatePart part : StatePart.values()) {
            state.putAll(part(part, customerId));
        }
        return state.isEmpty() ? Optional.empty() : Optional.of(state);
    }

    /** One part of the customer's state, by rule id: on the instance that owns it. */
    public Map<String, Object> part(StatePart part, String customerId) {
        return RuleCatalogue.state(part, queries, customerId);
    }
}
