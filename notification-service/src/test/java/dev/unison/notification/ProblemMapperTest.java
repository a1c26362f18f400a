package dev.unison.notification;

import dev.unison.contracts.Problem;
import dev.unison.contracts.Violation;
import dev.unison.notification.rest.ProblemMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMapperTest {

    @Test
    void aProblemListsTheFirstHundredErrorsAndSaysHowManyThereWere() {
        List<Violation> many = IntStream.range(0, 150).mapToObj(i -> new Violation("/items/" + i, "bad")).toList();

        Problem problem = (Problem) ProblemMapper.invalid(many, "/alerts").getEntity();

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).hasSize(100);
        assertThat(problem.errors().get(99).pointer()).isEqualTo("/items/99");
        assertThat(problem.detail()).startsWith("150 problem(s), the first 100 listed");
    }
}
