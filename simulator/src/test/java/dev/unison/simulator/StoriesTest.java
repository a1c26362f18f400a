package dev.unison.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.EventTypes;
import dev.unison.contracts.EventValidator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoriesTest {
    private final EventValidator touches = EventValidator.forTouches(Duration.ofMinutes(5));
    private final EventValidator feedback = EventValidator.forFeedback(Duration.ofMinutes(5));

    @Test
    void everyEventOfTheScriptedScenarioIsValidAgainstTheContracts() {
        List<Story> stories = Scenario.scripted(7, 3);
        assertThat(stories).hasSize(3 + Stories.RULES.size());
        for (Story story : stories) {
            for (ObjectNode event : story.allEvents()) {
                EventValidator validator = Sink.isFeedback(event) ? feedback : touches;
                assertThat(validator.validate(event)).as(story.name() + " " + event).isEmpty();
            }
        }
    }

    @Test
    void eachRuleHasAStoryExpectingItsAlertAndCalmStoriesExpectNone() {
        List<Story> stories = Scenario.scripted(7, 2);
        assertThat(stories.stream().filter(Story::calm)).hasSize(2);
        assertThat(stories.stream().flatMap(s -> s.expected().stream()).map(Story.ExpectedAlert::rule))
                .containsExactlyInAnyOrderElementsOf(Stories.RULES);
    }

    @Test
    void everyRuleOfTheAlertContractHasAStoryOrSaysWhyNot() throws java.io.IOException {
        List<String> contract = new ArrayList<>();
        try (java.io.InputStream schema = getClass().getResourceAsStream("/schemas/alert.json")) {
            dev.unison.contracts.EventJson.MAPPER.readTree(schema).path("properties").path("rule").path("enum")
                    .forEach(r -> contract.add(r.asText()));
        }
        List<String> told = new ArrayList<>(Stories.RULES);
        told.addAll(Stories.WITHOUT_STORY.keySet());
        assertThat(told).containsExactlyInAnyOrderElementsOf(contract);
        assertThat(Stories.RULES).isSubsetOf(contract).doesNotContainAnyElementsOf(Stories.WITHOUT_STORY.keySet());
    }

    @Test
    void eventsOfAStoryAreInTimeOrderWithUniqueIds() {
        Story story = new Stories(1, java.time.Clock.systemUTC()).story("automation-loop", "c-1");
        List<String> times = story.events().stream().map(e -> e.get("time").asText()).toList();
        assertThat(times).isSorted();
        assertThat(story.events().stream().map(e -> e.get("id").asText()).distinct()).hasSize(times.size());
        List<ObjectNode> touches = story.events().subList(0, story.events().size() - 1);
        assertThat(touches).allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo(EventTypes.CONTACT));
    }

    @Test
    void customersWhoMetAContradictionRateItLowAfterwards() {
        Stories stories = new Stories(5, java.time.Clock.systemUTC());
        for (String rule : Stories.RULES) {
            Story story = stories.story(rule, "c-" + rule);
            ObjectNode survey = story.events().get(story.events().size() - 1);
            assertThat(survey.get("type").asText()).as(rule).isEqualTo(EventTypes.SURVEY);
            assertThat(survey.path("data").path("score").asInt()).as(rule).isBetween(1, 3);
        }
        assertThat(stories.story(null, "c-calm").events())
                .filteredOn(e -> e.get("type").asText().equals(EventTypes.SURVEY))
                .allSatisfy(e -> assertThat(e.path("data").path("score").asInt()).isGreaterThanOrEqualTo(4));
    }

    @Test
    void optionsAreParsedAndUnknownOnesRefused() {
        Simulator.Options options = Simulator.parse(new String[]{"--rate=50", "--mix=ticket-maze:2,automation-loop",
                "--via=rest", "--scenario"});
        assertThat(options.rate()).isEqualTo(50.0);
        assertThat(options.mix()).containsEntry("ticket-maze", 2).containsEntry("automation-loop", 1).hasSize(2);
        assertThat(options.via()).isEqualTo("rest");
        assertThat(options.scenario()).isTrue();
        assertThatThrownBy(() -> Simulator.parse(new String[]{"--speed=3"})).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Simulator.parse(new String[]{"--mix=nonsense"})).hasMessageContaining("unknown rule");
    }

    @Test
    void calmStoriesOfOneCustomerNeverShareAnIssueOrContent() {
        Stories stories = new Stories(3, java.time.Clock.systemUTC());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (ObjectNode e : stories.story(null, "c-9").events()) {
                if (e.path("data").has("issueKey") && e.get("type").asText().equals(EventTypes.CASE_OPENED)) {
                    keys.add(e.path("data").path("issueKey").asText());
                }
                if (e.path("data").has("contentKey")) {
                    keys.add(e.path("data").path("contentKey").asText());
                }
            }
        }
        assertThat(keys).doesNotHaveDuplicates().hasSize(6);
    }
}
