package dev.unison.contracts.rest;

import dev.unison.contracts.InvalidEventException;
import dev.unison.contracts.Problem;
import dev.unison.contracts.kafka.ReliableProducer;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProblemsTest {

    @Test
    void queryTimesAreRfc3339OrDatesAndABadOneNamesItsParameter() {
        assertThat(QueryParams.time("from", "2026-11-25T10:00:00+01:00"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 25, 10, 0, 0, 0, ZoneOffset.ofHours(1)));
        assertThat(QueryParams.time("from", "2026-11-25"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 25, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(QueryParams.time("from", " ")).isNull();
        assertThatThrownBy(() -> QueryParams.time("to", "soon")).hasMessageContaining("'to'").hasMessageContaining("soon");
    }

    @Test
    void problemTypeAndStatusFollowTheException() {
        Problem invalid = Problems.problem(new InvalidEventException("/id", "required"), "/touches");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.type()).isEqualTo("https://unison.dev/problems/invalid-event");
        assertThat(invalid.errors()).extracting(v -> v.pointer()).containsExactly("/id");
        assertThat(invalid.instance()).isEqualTo("/touches");
        assertThat(Problems.problem(new IllegalArgumentException("limit"), "/x").status()).isEqualTo(400);
        assertThat(Problems.problem(new Problems.PayloadTooLargeException("big"), "/x").status()).isEqualTo(413);
        assertThat(Problems.problem(new ReliableProducer.PublishException("down", null), "/x").status()).isEqualTo(503);
        Problem internal = Problems.problem(new IllegalStateException("secret detail"), "/x");
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.detail()).doesNotContain("secret detail");
    }
}
