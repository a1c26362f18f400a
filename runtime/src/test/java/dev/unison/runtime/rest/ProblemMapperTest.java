package dev.unison.runtime.rest;

import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.PayloadTooLargeException;
import dev.unison.contracts.Problem;
import dev.unison.contracts.Violation;
import dev.unison.contracts.kafka.Failures;
import dev.unison.contracts.kafka.ReliableProducer;
import dev.unison.contracts.rest.QueryParams;
import dev.unison.runtime.storage.StorageException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMapperTest {

    @Test
    void problemTypeAndStatusFollowTheException() {
        Problem invalid = ProblemMapper.problem(new InvalidEventException("/id", "required"), "/touches");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.type()).isEqualTo("https://unison.dev/problems/invalid-event");
        assertThat(invalid.errors()).extracting(Violation::pointer).containsExactly("/id");
        assertThat(invalid.instance()).isEqualTo("/touches");
        assertThat(ProblemMapper.problem(new QueryParams.BadParameterException("/query/from", "bad"), "/x").errors())
                .extracting(Violation::pointer).containsExactly("/query/from");
        assertThat(ProblemMapper.problem(new IllegalArgumentException("limit"), "/x").status()).isEqualTo(400);
        assertThat(ProblemMapper.problem(new ForbiddenRequestException("/department", "not yours"), "/x"))
                .satisfies(p -> assertThat(p.status()).isEqualTo(403))
                .satisfies(p -> assertThat(p.errors()).extracting(Violation::pointer).containsExactly("/department"));
        assertThat(ProblemMapper.problem(new ConflictException("taken"), "/x").status()).isEqualTo(409);
        assertThat(ProblemMapper.problem(new PayloadTooLargeException("big"), "/x").status()).isEqualTo(413);
        assertThat(ProblemMapper.problem(new jakarta.ws.rs.NotSupportedException(), "/x").errors())
                .extracting(Violation::pointer).containsExactly("/header/content-type");
        Problem internal = ProblemMapper.problem(new IllegalStateException("secret detail"), "/x");
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.detail()).doesNotContain("secret detail");
    }

    @Test
    void aPassingOutageIsA503WithRetryAfterAndItsAdviceNotItsInternals() {
        Response kafka = ProblemMapper.response(new ReliableProducer.PublishException("down", null), "/x");
        assertThat(kafka.getStatus()).isEqualTo(503);
        assertThat(kafka.getHeaderString("Retry-After")).isEqualTo(ProblemMapper.RETRY_AFTER_SECONDS);
        Problem state = ProblemMapper.problem(new UnavailableException("state-unavailable", "State not available now",
                "ask again soon", "store x is rebalancing", null), "/x");
        assertThat(state.type()).endsWith("/state-unavailable");
        assertThat(state.detail()).isEqualTo("ask again soon");
    }

    @Test
    void theDatabaseAwayIsA503ButARefusedValueIsTheServicesFault() {
        StorageException away = new StorageException("cannot read touches",
                new SQLException("Connection refused", "08001", new ConnectException("refused")));
        Problem unavailable = ProblemMapper.problem(away, "/customers/c/timeline");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.type()).endsWith("/storage-unavailable");
        assertThat(unavailable.detail()).doesNotContain("Connection refused");
        assertThat(Failures.isDataError(away)).as("the consumers still see a passing outage").isFalse();

        RuntimeException ormAway = new RuntimeException("Unable to acquire JDBC Connection",
                new SQLException("Acquisition timeout while waiting for new connection", "08001"));
        assertThat(ProblemMapper.problem(ormAway, "/feedback").status()).as("an ORM exception over it too").isEqualTo(503);

        StorageException refused = new StorageException("cannot store", new SQLException("bad text", "22021"));
        assertThat(Failures.isDataError(refused)).as("the consumers still see a data error").isTrue();
        assertThat(ProblemMapper.problem(refused, "/x").status()).isEqualTo(500);
    }

    @Test
    void anInvalidRequestListsTheFirstHundredErrorsAndSaysHowManyThereWere() {
        List<Violation> many = IntStream.range(0, 150).mapToObj(i -> new Violation("/items/" + i, "bad")).toList();

        Problem problem = (Problem) ProblemMapper.response(new InvalidRequestException(many), "/alerts").getEntity();

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).endsWith("/invalid-request");
        assertThat(problem.errors()).hasSize(100);
        assertThat(problem.errorCount()).isEqualTo(150);
        assertThat(problem.errors().get(99).pointer()).isEqualTo("/items/99");
        assertThat(problem.detail()).startsWith("150 problem(s), the first 100 listed: /items/0");
    }

    @Test
    void aContentLengthOverTheLimitIsA413AndOneThatIsNoNumberA400() {
        assertThat(BodyLimitFilter.overLimit("65537", 65536, "/rules/x")).get()
                .satisfies(p -> assertThat(p.status()).isEqualTo(413))
                .satisfies(p -> assertThat(p.detail()).contains("exceeds the limit of 65536 bytes"));
        assertThat(BodyLimitFilter.overLimit("65536", 65536, "/rules/x")).isEmpty();
        assertThat(BodyLimitFilter.overLimit(null, 65536, "/rules/x")).isEmpty();
        assertThat(BodyLimitFilter.overLimit("lots", 65536, "/rules/x")).get()
                .satisfies(p -> assertThat(p.status()).isEqualTo(400));
    }
}
