package dev.unison.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmissionsTest {
    private final EventValidator validator = EventValidator.forTouches(Duration.ofMinutes(5));

    @Test
    void batchIsTakenWholeOrRefusedNamingEachEventByIndex() {
        String good = EventValidatorTest.answer().toString();
        JsonNode batch = CloudEventCodec.parse(("[" + good + "," + good.replace("\"source\":\"crm\",", "") + "]")
                .getBytes());
        assertThatThrownBy(() -> Submissions.events(batch, true, validator::validate))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer).containsExactly("/1/source"));
        assertThat(Submissions.size(batch)).isEqualTo(2);
        List<JsonNode> events = Submissions.events(CloudEventCodec.parse(("[" + good + "]").getBytes()), true,
                validator::validate);
        assertThat(events).hasSize(1);
    }

    @Test
    void singleEventAndTheWrongShapesForEachMode() {
        JsonNode single = EventValidatorTest.answer();
        assertThat(Submissions.events(single, false, validator::validate)).containsExactly(single);
        assertThatThrownBy(() -> Submissions.events(single, true, validator::validate))
                .hasMessageContaining("a batch must be a JSON array");
        assertThatThrownBy(() -> Submissions.events(CloudEventCodec.parse("[]".getBytes()), true, validator::validate))
                .hasMessageContaining("the batch is empty");
        assertThatThrownBy(() -> Submissions.events(CloudEventCodec.parse("[]".getBytes()), false, validator::validate))
                .hasMessageContaining("a JSON array is a batch");
        assertThat(Submissions.size(single)).isEqualTo(1);
    }
}
