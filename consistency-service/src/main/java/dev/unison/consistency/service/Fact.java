package dev.unison.consistency.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/**
 * The company's canonical answer to a question, kept on the compacted topic cx.facts.v1 under the question key.
 * {@code normalized} is what answers are compared with (see {@link AnswerNormalizer}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fact(String question, String answer, JsonNode value, String normalized, String registeredBy,
                   OffsetDateTime registeredAt) {
}
