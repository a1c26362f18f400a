package dev.unison.feedback.service;

import dev.unison.contracts.rest.QueryParams;
import dev.unison.feedback.repository.FeedbackRepository;
import dev.unison.feedback.repository.StoredFeedback;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Reads of the stored feedback of one customer. */
@ApplicationScoped
public class FeedbackQueryService {
    public static final int MAX_LIMIT = 500;

    private final FeedbackRepository repository;

    public FeedbackQueryService(FeedbackRepository repository) {
        this.repository = repository;
    }

    /** The customer's feedback in time order, at most limit events (1–500). */
    public List<StoredFeedback> byCustomer(String customerId, int limit) {
        if (customerId == null || customerId.isBlank()) {
            throw new QueryParams.BadParameterException("/query/customerId",
                    "query parameter 'customerId' is required");
        }
        return repository.byCustomer(customerId, limit);
    }
}
