package dev.unison.feedback.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.unison.contracts.EventJson;
import dev.unison.feedback.entity.FeedbackEvent;
import dev.unison.runtime.storage.StorageException;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.List;

/** Stored feedback events (Panache). Callers declare the transactions; batches are stored by {@link BatchInserts}. */
@ApplicationScoped
public class FeedbackRepository implements PanacheRepositoryBase<FeedbackEvent, FeedbackEvent.Key> {

    /** A customer's feedback in time order, at most limit events. */
    public List<StoredFeedback> byCustomer(String customerId, int limit) {
        return find("customerId", Sort.by("occurredAt").and("source").and("id"), customerId)
                .page(Page.ofSize(limit)).list().stream()
                .map(f -> new StoredFeedback(f.id, f.source, f.type, f.occurredAt.withOffsetSameInstant(ZoneOffset.UTC),
                        json(f)))
                .toList();
    }

    /** Deletes the customer's feedback (an erasure); returns how many events there were. */
    public long deleteCustomer(String customerId) {
        return delete("customerId", customerId);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(FeedbackEvent f) {
        try {
            return EventJson.MAPPER.readTree(f.data);
        } catch (JsonProcessingException e) {
            throw new StorageException("stored data of " + f.source + " " + f.id + " is not JSON", e);
        }
    }
}
