package dev.unison.consistency.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.unison.contracts.EventJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerNormalizerTest {

    private static String n(String text) {
        return AnswerNormalizer.normalize(text, null);
    }

    @Test
    void durationsWrittenInDigitsWordsOrAsAdjectiveAreOneValue() {
        assertThat(n("30 days")).isEqualTo("duration:P30D")
                .isEqualTo(n("thirty days"))
                .isEqualTo(n("30-day"))
                .isEqualTo(n("Thirty Days."))
                .isEqualTo(n("within 30 days"))
                .isEqualTo(n("a 30-day money back window"));
        assertThat(n("14 days")).isEqualTo("duration:P14D").isEqualTo(n("two weeks")).isNotEqualTo(n("30 days"));
        assertThat(n("1 month")).isNotEqualTo(n("30 days"));
        assertThat(n("twenty-one days")).isEqualTo("duration:P21D");
    }

    @Test
    void yesNoAndAvailabilityAreBooleans() {
        assertThat(n("Yes")).isEqualTo("bool:true").isEqualTo(n("yes, it is")).isEqualTo(n("available"))
                .isEqualTo(n("It is available"));
        assertThat(n("No")).isEqualTo("bool:false").isEqualTo(n("not available")).isEqualTo(n("Unavailable"))
                .isEqualTo(n("no, sorry"));
    }

    @Test
    void moneyIsCurrencyAndAmount() {
        assertThat(n("$49.99")).isEqualTo("money:USD:49.99").isEqualTo(n("49.99 USD")).isEqualTo(n("USD 49.99"))
                .isEqualTo(n("49.99 dollars"));
        assertThat(n("€1,000")).isEqualTo("money:EUR:1000").isEqualTo(n("1000 euros"));
        assertThat(n("$39.99")).isNotEqualTo(n("$49.99"));
    }

    @Test
    void datesInSeveralSpellingsAreOneDate() {
        assertThat(n("2026-03-01")).isEqualTo("date:2026-03-01").isEqualTo(n("March 1, 2026"))
                .isEqualTo(n("1st March 2026")).isEqualTo(n("1 mar 2026"));
        assertThat(n("March 2, 2026")).isNotEqualTo(n("2026-03-01"));
    }

    @Test
    void aStructuredValueWinsOverTheText() {
        assertThat(AnswerNormalizer.normalize("about a month", JsonNodeFactory.instance.textNode("30 days")))
                .isEqualTo("duration:P30D");
        assertThat(AnswerNormalizer.normalize("yes", JsonNodeFactory.instance.booleanNode(false)))
                .isEqualTo("bool:false");
        assertThat(AnswerNormalizer.normalize("thirty", JsonNodeFactory.instance.numberNode(30.0)))
                .isEqualTo("number:30").isEqualTo(n("thirty"));
        var a = EventJson.MAPPER.createObjectNode().put("amount", 10).put("currency", "EUR");
        var b = EventJson.MAPPER.createObjectNode().put("currency", "EUR").put("amount", 10);
        assertThat(AnswerNormalizer.normalize("x", a)).isEqualTo(AnswerNormalizer.normalize("y", b));
    }

    @Test
    void otherTextIsComparedCleanedUp() {
        assertThat(n("Call the  hotline!")).isEqualTo(n("call the hotline")).isEqualTo("text:call the hotline");
        assertThat(n("call the hotline")).isNotEqualTo(n("write an email"));
    }
}
