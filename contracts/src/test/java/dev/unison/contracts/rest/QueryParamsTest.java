package dev.unison.contracts.rest;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {

    @Test
    void queryTimesAreRfc3339OrDatesAndABadOneNamesItsParameter() {
        assertThat(QueryParams.time("from", "2026-11-25T10:00:00+01:00"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 25, 10, 0, 0, 0, ZoneOffset.ofHours(1)));
        assertThat(QueryParams.time("from", "2026-11-25"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 25, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(QueryParams.time("from", " ")).isNull();
        assertThatThrownBy(() -> QueryParams.time("to", "soon")).hasMessageContaining("'to'").hasMessageContaining("soon")
                .isInstanceOfSatisfying(QueryParams.BadParameterException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/query/to"));
    }
}
