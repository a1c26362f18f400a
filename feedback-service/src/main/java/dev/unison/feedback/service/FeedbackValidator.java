package dev.unison.feedback.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.EventValidator;
import dev.unison.contracts.Violation;
import dev.unison.feedback.config.FeedbackConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one check of a feedback event, used by REST and by the Kafka consumer alike: the contract's JSON Schemas
 * (EventValidator.forFeedback) plus the scale of each survey metric, which the schema leaves at 0–10:
 * CSAT is answered on 1–5, CES on 1–7, NPS on 0–10.
 */
@ApplicationScoped
public class FeedbackValidator {
    public static final int CSAT_MIN = 1;
    public static final int CSAT_MAX = 5;
    public static final int CES_MIN = 1;
    public static final int CES_MAX = 7;

    private final EventValidator contract;

    public FeedbackValidator(FeedbackConfig config) {
        this.contract = EventValidator.forFeedback(config.maxFutureSkew());
    }

    /** Every problem of one structured event; empty when it is valid. */
    public List<Violation> validate(JsonNode event) {
        List<Violation> problems = new ArrayList<>(contract.validate(event));
        if (problems.isEmpty() && EventTypes.SURVEY.equals(event.path("type").asText())) {
            JsonNode data = event.path("data");
            String metric = data.path("metric").asText();
            int score = data.path("score").asInt();
            if ("csat".equals(metric) && (score < CSAT_MIN || score > CSAT_MAX)) {
                problems.add(new Violation("/data/score", "a csat score is on the scale " + CSAT_MIN + "–" + CSAT_MAX
                        + ", got " + score));
            } else if ("ces".equals(metric) && (score < CES_MIN || score > CES_MAX)) {
                problems.add(new Violation("/data/score", "a ces score is on the scale " + CES_MIN + "–" + CES_MAX
                        + ", got " + score));
            }
        }
        problems.sort(Comparator.comparing(Violation::pointer));
        return problems;
    }
}
