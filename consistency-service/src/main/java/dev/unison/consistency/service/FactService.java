package dev.unison.consistency.service;

import dev.unison.consistency.rule.Fact;
import dev.unison.consistency.rule.FactBook;
import com.fasterxml.jackson.databind.JsonNode;
import dev.unison.consistency.answer.AnswerReader;
import dev.unison.consistency.answer.Reading;
import dev.unison.consistency.messaging.SettingsPublisher;
import dev.unison.contracts.JsonLimits;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Violation;
import dev.unison.runtime.rest.InvalidRequestException;
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
    /** Longest canonical answer, and longest name of who registered it, in characters. */
    static final int MAX_ANSWER = 2_000;
    static final int MAX_REGISTERED_BY = 200;
    /** Largest structured value, in bytes of JSON. */
    static final int MAX_VALUE_BYTES = 4_096;

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
        } else {
            text("/answer", request.answer(), MAX_ANSWER, problems);
        }
        if (request != null && request.registeredBy() != null) {
            text("/registeredBy", request.registeredBy(), MAX_REGISTERED_BY, problems);
        }
        if (request != null && request.value() != null && EventJson.bytes(request.value()).length > MAX_VALUE_BYTES) {
            problems.add(new Violation("/value", "at most " + MAX_VALUE_BYTES + " bytes of JSON"));
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
        publisher.publishFact(question, fact, fact.registeredBy());
        Log.infof("Canonical answer of %s is now %s (read as: %s)", question, JsonLimits.forLog(fact.answer()),
                JsonLimits.forLog(reading.means()));
        return fact;
    }

    /** Text of at most {@code max} characters, without NUL or half a surrogate pair (which JSON cannot carry on). */
    private static void text(String pointer, String value, int max, List<Violation> problems) {
        if (value.length() > max) {
            problems.add(new Violation(pointer, "at most " + max + " characters"));
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (c == 0 || Character.isSurrogate(c) && !paired) {
                problems.add(new Violation(pointer, "NUL and unpaired surrogates are not text"));
                return;
            }
            if (paired) {
                i++;
            }
        }
    }

    /** Withdraws the canonical answer, naming who; false when there was none. */
    public boolean withdraw(String question, String actor) {
        if (get(question).isEmpty()) {
            return false;
        }
        publisher.publishFact(question, null, actor);
        Log.infof("Canonical answer of %s withdrawn", JsonLimits.forLog(question));
        return true;
    }
}
