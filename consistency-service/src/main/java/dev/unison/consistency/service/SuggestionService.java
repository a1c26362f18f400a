package dev.unison.consistency.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.unison.consistency.detector.ConflictingAnswersDetector;
import dev.unison.consistency.rule.Fact;
import dev.unison.contracts.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Suggested canonical answers: the questions departments answer differently, from what the detectors keep of every
 * customer (the latest answer of each department to each customer, {@code conflicting-answers-by-customer}), with
 * each answer as read (normalised: "30 days" and "thirty days" are one), how often it is the latest answer a
 * customer holds from a department, which departments give it and when it was last given; ranked by the customers
 * told an answer to the question. Each instance counts its own customers ({@code ?part=local}); the answers of all
 * instances are added up, so the figures are the same whichever instance is asked.
 */
@ApplicationScoped
public class SuggestionService {
    private static final TypeReference<Map<String, QuestionTally>> TALLIES = new TypeReference<>() {
    };

    private final StoreQueries queries;
    private final FactService facts;
    private final CustomerStateRouter router;
    private final KafkaStreams streams;
    private final Optional<String> self;

    /** One normalised answer to a question: how many customers hold it from a department, who gives it, when last. */
    public record AnswerUse(String normalized, String means, String answer, long count, List<String> departments,
                            OffsetDateTime lastUsed) {
    }

    /** A question answered differently, its answers most given first, and the canonical answer if one is registered. */
    public record Suggestion(String question, long customersAffected, List<AnswerUse> answers, String canonicalAnswer) {
    }

    /** What one instance counts of a question: mergeable with the other instances' counts. */
    public record QuestionTally(long customers, Map<String, AnswerUse> answers) {
        QuestionTally plus(QuestionTally other) {
            Map<String, AnswerUse> merged = new TreeMap<>(answers);
            other.answers().forEach((key, use) -> merged.merge(key, use, SuggestionService::merge));
            return new QuestionTally(customers + other.customers(), merged);
        }
    }

    public SuggestionService(StoreQueries queries, FactService facts, CustomerStateRouter router, KafkaStreams streams,
                             @ConfigProperty(name = "kafka-streams.application.server") Optional<String> self) {
        this.queries = queries;
        this.facts = facts;
        this.router = router;
        this.streams = streams;
        this.self = self;
    }

    /** The questions answered differently by departments, the most customers affected first. */
    public List<Suggestion> suggestions(String authorization) {
        Map<String, QuestionTally> all = new TreeMap<>(local());
        for (HostInfo other : otherInstances()) {
            byte[] answer = router.ask(other, "/facts/suggestions?part=local", null, authorization,
                    "the answers its customers hold");
            try {
                EventJson.MAPPER.readValue(answer, TALLIES).forEach((q, t) -> all.merge(q, t, QuestionTally::plus));
            } catch (IOException e) {
                throw new CustomerStateRouter.StateMovingException(other + " answered what is not a tally: "
                        + e.getMessage());
            }
        }
        List<Suggestion> out = new ArrayList<>();
        all.forEach((question, tally) -> {
            TreeSet<String> departments = new TreeSet<>();
            tally.answers().values().forEach(a -> departments.addAll(a.departments()));
            if (tally.answers().size() < 2 || departments.size() < 2) {
                return; // one answer, or one department: nothing departments disagree on
            }
            List<AnswerUse> answers = tally.answers().values().stream()
                    .sorted(Comparator.comparingLong(AnswerUse::count).reversed()
                            .thenComparing(AnswerUse::lastUsed, Comparator.reverseOrder()))
                    .toList();
            out.add(new Suggestion(question, tally.customers(), answers,
                    facts.get(question).map(Fact::answer).orElse(null)));
        });
        out.sort(Comparator.comparingLong(Suggestion::customersAffected).reversed()
                .thenComparing(Suggestion::question));
        return out;
    }

    /** What this instance's customers hold, by question (the answer to {@code ?part=local}). */
    public Map<String, QuestionTally> local() {
        Map<String, QuestionTally> tallies = new TreeMap<>();
        queries.forEach(ConflictingAnswersDetector.STORE, (key, value) -> {
            if (!(value instanceof ConflictingAnswersDetector.Answers held) || key.indexOf('|') < 0) {
                return;
            }
            String question = key.substring(key.indexOf('|') + 1);
            Map<String, AnswerUse> answers = new TreeMap<>();
            for (ConflictingAnswersDetector.Given given : held.byDepartment().values()) {
                AnswerUse use = new AnswerUse(given.normalized(), given.reading().means(), given.answer(), 1,
                        List.of(given.department()), given.evidence().time());
                answers.merge(given.normalized(), use, SuggestionService::merge);
            }
            tallies.merge(question, new QuestionTally(1, answers), QuestionTally::plus);
        });
        return tallies;
    }

    /** Two counts of one normalised answer as one: the wording and reading of the latest use. */
    private static AnswerUse merge(AnswerUse a, AnswerUse b) {
        AnswerUse latest = a.lastUsed().isAfter(b.lastUsed()) ? a : b;
        TreeSet<String> departments = new TreeSet<>(a.departments());
        departments.addAll(b.departments());
        return new AnswerUse(a.normalized(), latest.means(), latest.answer(), a.count() + b.count(),
                List.copyOf(departments), latest.lastUsed());
    }

    /** The other instances keeping per-customer answers (none with one instance). */
    private List<HostInfo> otherInstances() {
        if (self.isEmpty()) {
            return List.of();
        }
        List<HostInfo> others = new ArrayList<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(ConflictingAnswersDetector.STORE)) {
            HostInfo host = instance.hostInfo();
            if (host.port() >= 0 && !(host.host() + ":" + host.port()).equals(self.get())) {
                others.add(host);
            }
        }
        return others;
    }
}
