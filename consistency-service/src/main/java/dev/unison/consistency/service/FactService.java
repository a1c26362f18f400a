package dev.unison.consistency.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.answer.Reading;
import dev.unison.consistency.messaging.SettingsPublisher;
import dev.unison.contracts.Violation;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The company's canonical answers, kept on the compacted topic cx.facts.v1 and read from its global store. */
@ApplicationScoped
public class FactService {
    private static final Pattern QUESTION = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,127}$");

    private final StoreQueries queries;
    private final SettingsPublisher publisher;
    private final AnswerReader answers;
    private final Clock clock = Clock.systemUTC();

    /**
     * The body of PUT /facts/{question}: the canonical answer and optionally its structured value; who says so
     * ({@code registeredBy}) is the signed-in caller, set by the resource.
     */
    public record FactRequest(String answer, JsonNode value, String registeredBy) {
    }

    public FactService(StoreQueries queries, SettingsPublisher publisher, AnswerReader answers) {
        this.queries = queries;
        this.publisher = publisher;
        this.answers = answers;
    }

    public List<Fact> all() {
        return queries.all(FactBook.STORE).values().stream().map(Fact.class::cast).toList();
    }

    public Optional<Fact> get(String question) {
        return Optional.ofNullable(queries.get(FactBook.STORE, question));
    }

    public Fact register(String question, FactRequest request) {
        List<Violation> problems = new ArrayList<>();
        if (!QUESTION.matcher(question).matches()) {
            problems.add(new Violation("/question", "a question key is lower-case letters, digits, '.', '_' or '-'"));
        }
        if (request == null || request.answer() == null || request.answer().isBlank()) {
            problems.add(new Violation("/answer", "the canonical answer is required"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Reading reading = answers.read(request.answer(), request.value(), null);
        if (request.value() != null && request.value().isObject() && !reading.isRead()) {
            throw new InvalidRequestException(List.of(new Violation("/value", reading.means())));
        }
        Fact fact = new Fact(question, request.answer(), request.value(), reading.key(), request.registeredBy(),
                OffsetDateTime.now(clock), reading);
        publisher.publishFact(question, fact);
        Log.infof("Canonical answer of %s is now \"%s\" (read as: %s)", question, fact.answer(), reading.means());
        return fact;
    }

    /** Withdraws the canonical answer; false when there was none. */
    public boolean withdraw(String question) {
        if (get(question).isEmpty()) {
            return false;
        }
        publisher.publishFact(question, null);
        Log.infof("Canonical answer of %s withdrawn", question);
        return true;
    }
}
