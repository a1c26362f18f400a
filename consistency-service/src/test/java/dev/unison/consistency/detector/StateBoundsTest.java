package dev.unison.consistency.detector;

import dev.unison.consistency.store.StateSerde;
import dev.unison.consistency.rule.Rule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static dev.unison.consistency.Events.T0;
import static dev.unison.consistency.Events.message;
import static dev.unison.consistency.Events.provided;
import static dev.unison.consistency.Events.reply;
import static dev.unison.consistency.Events.request;
import static dev.unison.consistency.Events.requested;
import static dev.unison.consistency.Events.touch;
import static org.assertj.core.api.Assertions.assertThat;

/** Every detector's state per key stays within its cap, however noisy the customer, and detection goes on. */
class StateBoundsTest {
    private final DetectorDriver driver = new DetectorDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    private static int size(Class<? extends Record> type, Record value) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        byte[] bytes = ((StateSerde) StateSerde.of(type)).serializer().serialize("t", value);
        return bytes.length;
    }

    @Test
    void twentyThousandFieldsInOneEventAreRefusedAndOneAtTheLimitIsKeptWithinTheCap() {
        String[] tooMany = IntStream.range(0, 20_000).mapToObj(i -> "field-name-number-" + i).toArray(String[]::new);
        driver.touch(provided("c-1", "support", T0, tooMany));
        assertThat((Object) driver.state(RepeatedInfoRequestDetector.STORE, "c-1"))
                .as("over the contracts' limit of fields a touch: refused, nothing kept").isNull();

        String[] fields = IntStream.range(0, RepeatedInfoRequestDetector.MAX_FIELDS)
                .mapToObj(i -> "field-name-number-" + i).toArray(String[]::new);
        driver.touch(provided("c-1", "support", T0.plusMinutes(1), fields));
        RepeatedInfoRequestDetector.Ledger ledger = driver.state(RepeatedInfoRequestDetector.STORE, "c-1");
        assertThat(ledger.provided()).hasSize(RepeatedInfoRequestDetector.MAX_FIELDS)
                .containsKey("field-name-number-0");
        assertThat(ledger.provided().get("field-name-number-0").evidence().said())
                .hasSizeLessThan(Evidences.MAX_SAID + 40).endsWith("characters)");
        assertThat(size(RepeatedInfoRequestDetector.Ledger.class, ledger)).isLessThan(StateSerde.MAX_BYTES / 4);

        driver.touch(requested("c-1", "billing", T0.plusDays(1), "field-name-number-7"));
        assertThat(driver.alerts(Rule.REPEATED_INFO_REQUEST)).singleElement()
                .satisfies(a -> assertThat(a.summary()).contains("field-name-number-7"));
    }

    @Test
    void theOldestFieldsGoFirstWhenACustomerGivesMoreThanTheCap() {
        for (int i = 0; i < RepeatedInfoRequestDetector.MAX_FIELDS + 10; i++) {
            driver.touch(provided("c-1", "support", T0.plusMinutes(i), "f" + i));
        }
        RepeatedInfoRequestDetector.Ledger ledger = driver.state(RepeatedInfoRequestDetector.STORE, "c-1");
        assertThat(ledger.provided()).hasSize(RepeatedInfoRequestDetector.MAX_FIELDS)
                .doesNotContainKey("f0").doesNotContainKey("f9").containsKey("f10")
                .containsKey("f" + (RepeatedInfoRequestDetector.MAX_FIELDS + 9));
    }

    @Test
    void aFloodOfMessagesKeepsOnlyTheLatestAndStillFindsTheDuplicate() {
        for (int i = 0; i < 150; i++) {
            driver.touch(message("c-1", "marketing", T0.plusSeconds(i), "campaign-" + i, "marketing"));
        }
        DuplicateOutreachDetector.Outbox outbox = driver.state(DuplicateOutreachDetector.STORE, "c-1");
        assertThat(outbox.sent()).hasSize(DuplicateOutreachDetector.MAX_MESSAGES);
        assertThat(outbox.sent().get(0).contentKey()).isEqualTo("campaign-50");
        driver.touch(message("c-1", "sales", T0.plusMinutes(10), "campaign-149", "sales"));
        assertThat(driver.alerts(Rule.DUPLICATE_OUTREACH)).singleElement()
                .satisfies(a -> assertThat(a.departments()).containsExactly("marketing", "sales"));
    }

    @Test
    void aTicketStormKeepsTheLatestIssuesCasesAndApprovals() {
        for (int i = 0; i < 220; i++) {
            driver.touch(touch("case-opened", "c-1", "support", T0.plusMinutes(i),
                    java.util.Map.of("caseId", "case-" + i, "issueKey", "issue-" + (i % 40))));
            driver.touch(touch("approval-requested", "c-1", "billing", T0.plusMinutes(i),
                    java.util.Map.of("caseId", "case-" + i, "approvalId", "ap-" + i)));
        }
        TicketMazeDetector.Maze maze = driver.state(TicketMazeDetector.STORE, "c-1");
        assertThat(maze.issues()).hasSize(TicketMazeDetector.MAX_ISSUES);
        assertThat(maze.issueOfCase()).hasSize(TicketMazeDetector.MAX_CASES).containsKey("case-219");
        assertThat(maze.approvals()).hasSize(TicketMazeDetector.MAX_APPROVALS).containsKey("ap-219")
                .doesNotContainKey("ap-0");
        assertThat(size(TicketMazeDetector.Maze.class, maze)).isLessThan(StateSerde.MAX_BYTES);
    }

    @Test
    void aLongAutomatedStreakKeepsOnlyTheLatestExchanges() {
        driver.rule(Rule.AUTOMATION_LOOP, dev.unison.consistency.rule.RuleSettings.patch()
                .threshold(1000).build());
        for (int i = 0; i < 120; i++) {
            driver.touch(request("c-1", T0.plusMinutes(2L * i)), reply("c-1", T0.plusMinutes(2L * i + 1), true));
        }
        AutomationLoopDetector.Loop loop = driver.state(AutomationLoopDetector.STORE, "c-1");
        assertThat(loop.streak()).hasSize(AutomationLoopDetector.MAX_STREAK);
        assertThat(driver.alerts(Rule.AUTOMATION_LOOP)).isEmpty();
    }

    @Test
    void aValueOverTheLimitIsRefusedBeforeItTakesTheMemory() {
        RepeatedInfoRequestDetector.FieldEvent event = new RepeatedInfoRequestDetector.FieldEvent("support", T0,
                new dev.unison.contracts.Evidence("id", "/s", "t", "support", T0, "x".repeat(1000)));
        java.util.Map<String, RepeatedInfoRequestDetector.FieldEvent> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            many.put("f" + i, event);
        }
        var value = new RepeatedInfoRequestDetector.Ledger(many, new java.util.LinkedHashMap<>());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> size(RepeatedInfoRequestDetector.Ledger.class, value))
                .isInstanceOf(StateSerde.TooLargeException.class).hasMessageContaining("524288");
    }
}
