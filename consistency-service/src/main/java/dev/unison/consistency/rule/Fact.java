package dev.unison.consistency.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.unison.consistency.answer.Reading;

import java.time.OffsetDateTime;

/**
 * The company's canonical answer to a question, kept on the compacted topic cx.facts.v1 under the question key.
 * {@code reading} is what answers are compared with (see {@link dev.unison.consistency.answer.Agreement}),
 * {@code normalized} its key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fact(String question, String answer, JsonNode value, String normalized, String registeredBy,
                   OffsetDateTime registeredAt, Reading reading) {
}
