package dev.unison.consistency.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.consistency.catalogue.CheckedDetector;
import dev.unison.consistency.catalogue.RuleCatalogue;
import dev.unison.consistency.catalogue.StateReader.StatePart;
import dev.unison.consistency.config.ConsistencyConfig;
import dev.unison.consistency.detector.ConflictingAnswersDetector;
import dev.unison.consistency.detector.Detector;
import dev.unison.consistency.detector.DetectorSupport;
import dev.unison.consistency.detector.UnacknowledgedBugDetector;
import dev.unison.contracts.Alert;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.Feedback;
import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Touch;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /check}: what a draft event would raise if it were sent now, without sending it. The draft is read and
 * validated as the stream reads {@code cx.touches.v1} and {@code cx.feedback.v1}; then the rule catalogue's
 * detectors ({@link RuleCatalogue#checked}) run their own {@link Detector#evaluate} on a read-only view of the state
 * of the instance that owns the draft's key ({@link DraftBinding}): the customer's task, the question's task for an
 * answer (across customers, against the canonical fact) and the bug ledger's task for a bug report, acknowledgement
 * or release. A part another instance owns is asked of it ({@code POST /check?part=…}, found as
 * {@link CustomerStateRouter} finds a customer's state). Nothing is written, published or counted.
 */
@ApplicationScoped
public class CheckService {
    private static final Set<String> LEDGER = Set.of(EventTypes.BUG_REPORT, EventTypes.BUG_ACKNOWLEDGED,
            EventTypes.RELEASE_SHIPPED);

    private final EventValidator touches;
    private final EventValidator feedback;
    private final StoreQueries queries;
    private final CustomerStateRouter router;
    private final DetectorSupport support;

    /** What a check answers: ok when the draft raises nothing, else every alert it would raise. */
    public record Result(boolean ok, List<Alert> findings) {
        static Result of(List<Alert> findings) {
            return new Result(findings.isEmpty(), List.copyOf(findings));
        }
    }

    /** A valid draft: a touch or a feedback event, and its JSON. */
    public record Draft(JsonNode json, Touch touch, Feedback feedback) {
        /** The department the draft speaks for (null when it names none, as a release or acknowledgement may not). */
        public String department() {
            return touch != null ? touch.data().department() : feedback.data().department();
        }
    }

    public CheckService(ConsistencyConfig config, StoreQueries queries, CustomerStateRouter router,
                        DetectorSupport support) {
        this.touches = EventValidator.forTouches(config.maxFutureSkew());
        this.feedback = EventValidator.forFeedback(config.maxFutureSkew());
        this.queries = queries;
        this.router = router;
        this.support = support;
    }

    /**
     * The draft, validated against the envelope and its kind's schema as the stream validates it (a feedback kind
     * against the feedback schemas, any other type against the touches'); {@link InvalidEventException} names every
     * bad field by JSON Pointer.
     */
    public Draft read(byte[] body) {
        JsonNode event = CloudEventCodec.parse(body);
        boolean isFeedback = EventTypes.FEEDBACK.contains(event.path("type").asText());
        (isFeedback ? feedback : touches).require(event);
        return isFeedback ? new Draft(event, null, EventJson.toFeedback(event))
                : new Draft(event, EventJson.toTouch(event), null);
    }

    /** Every finding of the draft, each part of the state read where it is kept. */
    public Result check(Draft draft, String authorization) {
        List<Alert> findings = new ArrayList<>();
        for (StatePart part : StatePart.values()) {
            String key = key(part, draft);
            if (key == null) {
                continue;
            }
            List<CheckedDetector> detectors = RuleCatalogue.checked(part);
            CustomerStateRouter.Owner owner = router.owner(part, detectors.get(0).store(), key);
            findings.addAll(owner.local() ? evaluate(part, draft, key, owner.partition())
                    : remote(owner, part, draft, authorization));
        }
        return Result.of(findings);
    }

    /** The findings of one part on this instance (the answer to another instance's {@code POST /check?part=}). */
    public Result local(StatePart part, Draft draft) {
        String key = key(part, draft);
        if (key == null) {
            return Result.of(List.of());
        }
        CustomerStateRouter.Owner owner = router.owner(part, RuleCatalogue.checked(part).get(0).store(), key);
        return Result.of(evaluate(part, draft, key, owner.local() ? owner.partition() : -1));
    }

    /** The key the part's detectors read the draft under, or null when the draft concerns none of them. */
    private static String key(StatePart part, Draft draft) {
        return switch (part) {
            case CUSTOMER -> draft.touch() != null ? draft.touch().customerId() : null;
            case QUESTION -> draft.touch() != null && EventTypes.ANSWER_GIVEN.equals(draft.touch().type())
                    ? draft.touch().data().question() : null;
            case BUGS -> draft.feedback() != null && LEDGER.contains(draft.feedback().type())
                    ? UnacknowledgedBugDetector.LEDGER_KEY : null;
        };
    }

    /** The part's detectors, each new and bound to a read-only view of this instance's stores, on the draft. */
    @SuppressWarnings("unchecked")
    private List<Alert> evaluate(StatePart part, Draft draft, String key, int partition) {
        Object input = switch (part) {
            case CUSTOMER -> draft.touch();
            case QUESTION -> ConflictingAnswersDetector.Given.of(draft.touch(), support.answers());
            case BUGS -> draft.feedback();
        };
        DraftBinding binding = new DraftBinding(queries, partition);
        long now = System.currentTimeMillis();
        try {
            for (CheckedDetector checked : RuleCatalogue.checked(part)) {
                Detector<Object> detector = (Detector<Object>) checked.make().apply(support);
                detector.bind(binding);
                detector.evaluate(key, input, now);
            }
        } catch (InvalidStateStoreException e) {
            throw new StoreQueries.NotQueryableException("the " + part.name().toLowerCase()
                    + " state cannot be read now: " + e.getMessage(), e);
        }
        return binding.found();
    }

    private List<Alert> remote(CustomerStateRouter.Owner owner, StatePart part, Draft draft, String authorization) {
        byte[] answer = router.ask(owner.host(), "/check?part=" + part.name().toLowerCase(),
                EventJson.bytes(draft.json()), authorization, "the " + part.name().toLowerCase() + " state of a draft");
        try {
            return EventJson.MAPPER.readValue(answer, Result.class).findings();
        } catch (IOException e) {
            throw new CustomerStateRouter.StateMovingException(owner.host() + " answered what is not a check: "
                    + e.getMessage());
        }
    }
}
