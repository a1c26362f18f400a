package dev.unison.consistency.catalogue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * How a rule's state of one customer is read for {@code GET /customers/{id}/state}.
 *
 * @param part  where it is kept: on the owner of the customer's partition, or of the bug ledger
 * @param store a store of the rule, to ask Kafka Streams which instance owns the part
 * @param key   the key of that store that locates the owner, given the customer id
 * @param read  the state, from this instance's stores (null when the rule knows nothing of the customer)
 * @param keyedByCustomerAndKey whether the store keys values by {@code <customer id>|<key>} rather than the id
 */
public record StateReader(StatePart part, String store, UnaryOperator<String> key,
                          BiFunction<StoreReader, String, Object> read, boolean keyedByCustomerAndKey) {

    public StateReader(StatePart part, String store, UnaryOperator<String> key,
                       BiFunction<StoreReader, String, Object> read) {
        this(part, store, key, read, false);
    }

    /** The value the store keeps under the customer id. */
    public static StateReader byCustomer(String store) {
        return new StateReader(StatePart.CUSTOMER, store, UnaryOperator.identity(), (stores, customer) ->
                stores.get(store, customer));
    }

    /** The values the store keeps under {@code <customer id>|<key>}, by key. */
    public static StateReader byCustomerAndKey(String store) {
        return new StateReader(StatePart.CUSTOMER, store, UnaryOperator.identity(), (stores, customer) -> {
            String prefix = customer + "|";
            Map<String, Object> values = new LinkedHashMap<>();
            stores.withPrefix(store, prefix).forEach((k, v) -> values.put(k.substring(prefix.length()), v));
            return values.isEmpty() ? null : values;
        }, true);
    }

    /** Where the part of a customer's state is kept. */
    public enum StatePart {
        /** Stores keyed by customer id, on the instance owning the customer's partition. */
        CUSTOMER,
        /** The bug ledger: one key for every customer, on the instance owning it. */
        BUGS,
        /**
         * The answers to one question across customers (repartitioned by question), on the instance owning the
         * question's partition; no rule shows it in a customer's state, {@code POST /check} reads it.
         */
        QUESTION;

        public static StatePart of(String text) {
            for (StatePart p : values()) {
                if (p.name().equalsIgnoreCase(text)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("part must be customer, bugs or question, not '" + text + "'");
        }
    }
}
