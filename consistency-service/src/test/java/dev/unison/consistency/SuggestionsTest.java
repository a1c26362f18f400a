package dev.unison.consistency;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.ChangeHeaders;
import dev.unison.contracts.Topics;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.TestTokens;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.answer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Suggested canonical answers, exact on a small known set of answers, and one accepted as the fact. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "false"))
class SuggestionsTest {
    @Test
    void questionsAnsweredDifferentlyAreRankedByCustomersAffectedWithEachAnswersFigures() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/rules").then().statusCode(200));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String refund = "refund-" + run;       // four customers, two answers (one said in two ways)
        String notice = "notice-" + run;       // one customer, two departments disagree
        String agreed = "agreed-" + run;       // two departments, one answer: nothing to suggest
        String alone = "alone-" + run;         // one department, two answers: no department disagrees with another
        OffsetDateTime t = T0.plusDays(3);
        List<ObjectNode> answers = List.of(
                answer("sg-a-" + run, "support", t, refund, "30 days"),
                answer("sg-a-" + run, "sales", t.plusMinutes(1), refund, "14 days"),
                answer("sg-b-" + run, "support", t.plusMinutes(2), refund, "thirty days"),
                answer("sg-b-" + run, "billing", t.plusMinutes(3), refund, "30 days"),
                answer("sg-c-" + run, "sales", t.plusMinutes(4), refund, "14 days"),
                answer("sg-d-" + run, "web", t.plusMinutes(5), refund, "thirty days"),
                // the latest answer of a department to a customer is the one it holds: support's first word is replaced
                answer("sg-e-" + run, "support", t.plusMinutes(6), notice, "2 months"),
                answer("sg-e-" + run, "support", t.plusMinutes(7), notice, "1 month"),
                answer("sg-e-" + run, "billing", t.plusMinutes(8), notice, "3 months"),
                answer("sg-f-" + run, "support", t, agreed, "yes"),
                answer("sg-f-" + run, "sales", t, agreed, "yes"),
                answer("sg-g-" + run, "sales", t, alone, "5 seats"),
                answer("sg-h-" + run, "sales", t, alone, "10 seats"));
        KafkaEvents.send(Topics.TOUCHES, answers.toArray(new ObjectNode[0]));
        Quiet.awaitQuiet();

        JsonPath all = given().auth().oauth2(TestTokens.withRoles("analyst")).get("/facts/suggestions")
                .then().statusCode(200).extract().jsonPath();
        List<String> ours = all.<String>getList("question").stream().filter(q -> q.endsWith(run)).toList();
        assertThat(ours).containsExactly(refund, notice);
        Map<String, Object> first = suggestion(all, refund);
        assertThat(first.get("customersAffected")).isEqualTo(4);
        assertThat(first.get("canonicalAnswer")).isNull();
        assertThat(first.get("answers")).asList().hasSize(2);
        assertThat(use(first, 0)).containsEntry("means", "30 days").containsEntry("answer", "thirty days")
                .containsEntry("count", 4).containsEntry("departments", List.of("billing", "support", "web"));
        assertThat(OffsetDateTime.parse((String) use(first, 0).get("lastUsed"))).isEqualTo(t.plusMinutes(5));
        assertThat(use(first, 1)).containsEntry("means", "14 days").containsEntry("answer", "14 days")
                .containsEntry("count", 2).containsEntry("departments", List.of("sales"));
        assertThat(OffsetDateTime.parse((String) use(first, 1).get("lastUsed"))).isEqualTo(t.plusMinutes(4));
        Map<String, Object> second = suggestion(all, notice);
        assertThat(second.get("customersAffected")).isEqualTo(1);
        assertThat(second.get("answers")).asList().hasSize(2);
        assertThat(use(second, 0)).containsEntry("means", "3 months").containsEntry("count", 1)
                .containsEntry("departments", List.of("billing"));
        assertThat(use(second, 1)).containsEntry("means", "1 month").containsEntry("count", 1)
                .containsEntry("departments", List.of("support"));

        // the chosen answer becomes the fact, through the same path (and audit headers) as PUT /facts/{question}
        given().auth().oauth2(TestTokens.withRoles("ops")).contentType(ContentType.JSON)
                .body(Map.of("answer", "30 days")).post("/facts/suggestions/{q}/accept", refund)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.token("cx-lead", Set.of("admin"), Set.of())).contentType(ContentType.JSON)
                .body(Map.of("answer", "")).post("/facts/suggestions/{q}/accept", refund)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].pointer",
                        equalTo("/answer"));
        given().auth().oauth2(TestTokens.token("cx-lead", Set.of("admin"), Set.of())).contentType(ContentType.JSON)
                .body(Map.of("answer", "30 days")).post("/facts/suggestions/{q}/accept", refund)
                .then().statusCode(200).body("answer", equalTo("30 days"), "registeredBy", equalTo("cx-lead"),
                        "reading.means", equalTo("30 days"));
        var announced = KafkaTestClient.await(Topics.FACTS, r -> refund.equals(KafkaTestClient.text(r.key())), 1,
                Duration.ofSeconds(30));
        assertThat(announced).hasSize(1);
        assertThat(ChangeHeaders.read(announced.get(0).headers(), ChangeHeaders.ACTOR)).isEqualTo("cx-lead");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/facts/suggestions").then()
                .statusCode(200).body("find { it.question == '" + refund + "' }.canonicalAnswer", equalTo("30 days")));
    }

    private static Map<String, Object> suggestion(JsonPath all, String question) {
        return all.getMap("find { it.question == '" + question + "' }");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> use(Map<String, Object> suggestion, int i) {
        return ((List<Map<String, Object>>) suggestion.get("answers")).get(i);
    }
}
