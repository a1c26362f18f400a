package dev.unison.consistency.detector;

import dev.unison.consistency.rule.Rule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.answer;
import static dev.unison.consistency.Events.message;
import static org.assertj.core.api.Assertions.assertThat;

/** An erasure request of cx.erasures.v1 deletes one customer's state from every per-customer store, no one else's. */
class CustomerErasureTest {
    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void theErasedCustomersStateGoesAndTheirNextTouchesStartAfresh() {
        for (String customer : new String[] {"c-erased", "c-kept"}) {
            driver.touch(answer(customer, "support", T0, "refund-window", "30 days"),
                    message(customer, "marketing", T0, "spring-offer", "marketing"));
        }
        assertThat((Object) driver.state(DuplicateOutreachDetector.STORE, "c-erased")).isNotNull();
        assertThat(driver.keysWithPrefix(ConflictingAnswersDetector.STORE, "c-erased|")).isNotEmpty();

        driver.erase("c-erased");

        assertThat((Object) driver.state(DuplicateOutreachDetector.STORE, "c-erased")).isNull();
        assertThat(driver.keysWithPrefix(ConflictingAnswersDetector.STORE, "c-erased|")).isEmpty();
        assertThat((Object) driver.state(DuplicateOutreachDetector.STORE, "c-kept")).isNotNull();
        assertThat(driver.keysWithPrefix(ConflictingAnswersDetector.STORE, "c-kept|")).isNotEmpty();

        // what was erased cannot complete an alert any more; what was kept still does
        for (String customer : new String[] {"c-erased", "c-kept"}) {
            driver.touch(message(customer, "sales", T0.plusHours(2), "spring-offer", "sales"));
        }
        assertThat(driver.alerts(Rule.DUPLICATE_OUTREACH)).extracting(a -> a.customerId())
                .containsExactly("c-kept");
    }

    @Test
    void aRecordThatIsNoErasureRequestIsSkipped() {
        driver.touch(message("c-1", "marketing", T0, "spring-offer", "marketing"));
        driver.eraseRaw("c-1", "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat((Object) driver.state(DuplicateOutreachDetector.STORE, "c-1")).isNotNull();
    }
}
