package dev.unison.journey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.CloudEventCodec;
import dev.unison.contracts.DeadLetters;
import dev.unison.contracts.EventJson;
import dev.unison.contracts.Topics;
import dev.unison.contracts.Touch;
import dev.unison.journey.repository.TouchRepository;
import dev.unison.journey.service.TouchStore;
import dev.unison.testsupport.KafkaTestClient;
import dev.unison.testsupport.UnisonTestResources;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a polled batch reaches the touches table: copied whole, or merged when it repeats stored touches. */
@QuarkusTest
@QuarkusTestResource(value = UnisonTestResources.class, restrictToAnnotatedClass = false)
class TouchStoreTest {
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(2).withNano(0);
    private static final AtomicLong OFFSET = new AtomicLong(1_000_000);

    @Inject
    TouchStore store;

    @Inject
    TouchRepository repository;

    @Test
    void repeatsInsideOneBatchAndAcrossBatchesAreStoredOnce() throws Exception {
        String customer = TouchEvents.customer();
        ObjectNode a = TouchEvents.contact(customer, "sales", T0);
        ObjectNode b = TouchEvents.contact(customer, "support", T0.plusMinutes(1));
        ObjectNode c = TouchEvents.contact(customer, "billing", T0.plusMinutes(2));
        ObjectNode aAgain = a.deepCopy();
        ((ObjectNode) aAgain.get("data")).put("department", "marketing");

        store.handle(List.of(record(a), record(b), record(aAgain)));
        assertThat(stored(customer)).containsExactly(a.get("id").asText() + "/sales", b.get("id").asText() + "/support");

        store.handle(List.of(record(b), record(c), record(a)));
        assertThat(stored(customer)).containsExactly(a.get("id").asText() + "/sales",
                b.get("id").asText() + "/support", c.get("id").asText() + "/billing");
    }

    @Test
    void aLargeBatchWithARepeatAtItsEndIsStoredOnceWhole() throws Exception {
        String customer = TouchEvents.customer();
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) { // more than one send to PostgreSQL before the repeat is met
            events.add(TouchEvents.touch("contact", customer, "support", T0.plusSeconds(i),
                    Map.of("purpose", "service", "summary", "call " + i + " " + "x".repeat(200))));
        }
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(events.stream().map(TouchStoreTest::record).toList());
        store.handle(batch.subList(0, 200));
        batch.add(record(events.get(399)));

        store.handle(batch);

        assertThat(stored(customer)).hasSize(400).doesNotHaveDuplicates();
    }

    @Test
    void copyRefusesARepeatAndStoresNothingWhileMergeCountsOnlyNewTouches() throws Exception {
        String customer = TouchEvents.customer();
        Touch a = touch(TouchEvents.contact(customer, "sales", T0));
        Touch b = touch(TouchEvents.contact(customer, "support", T0.plusMinutes(1)));
        Touch c = touch(TouchEvents.contact(customer, "billing", T0.plusMinutes(2)));

        assertThat(QuarkusTransaction.requiringNew().call(() -> copy(a, b))).isEqualTo(2);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() -> copy(c, a)))
                .satisfies(TouchStoreTest::isRepeat);
        assertThat(stored(customer)).hasSize(2);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() -> copy(c, c)))
                .satisfies(TouchStoreTest::isRepeat);

        assertThat(QuarkusTransaction.requiringNew().call(() -> repository.merge(TouchRepository.rows(List.of(c, a, c)))))
                .isEqualTo(1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> repository.merge(TouchRepository.rows(List.of(a, b)))))
                .isZero();
        assertThat(stored(customer)).hasSize(3);
    }

    @Test
    void invalidRecordsOfABatchWithRepeatsGoToTheDeadLetterTopic() throws Exception {
        String customer = TouchEvents.customer();
        ObjectNode a = TouchEvents.contact(customer, "sales", T0);
        ObjectNode missing = TouchEvents.contact(customer, "support", T0);
        ((ObjectNode) missing.get("data")).remove("channel");
        store.handle(List.of(record(a)));

        store.handle(List.of(record(a), record(missing), garbage(customer), record(a)));

        assertThat(stored(customer)).containsExactly(a.get("id").asText() + "/sales");
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestClient.await(Topics.TOUCHES_DLQ,
                r -> customer.equals(KafkaTestClient.text(r.key())), 2, Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                .anySatisfy(reason -> assertThat(reason).startsWith("/data/channel"))
                .anySatisfy(reason -> assertThat(reason).contains("malformed JSON"));
    }

    @Test
    void storedRowHoldsTheTouchAsSentWithTheTimeRoundedAsPostgresRoundsItsText() throws Exception {
        String customer = TouchEvents.customer();
        List<String> times = List.of("2026-03-02T09:00:00Z", "2026-03-02T10:00:00.0000005+01:00",
                "2026-03-02T09:00:00.0000015Z", "2026-03-02T09:00:00.9999996Z", "2026-03-02T09:00:00.123456789-02:30",
                "1999-12-31T23:59:59.9999995Z");
        List<ObjectNode> events = new ArrayList<>();
        for (String time : times) {
            ObjectNode e = TouchEvents.touch("answer-given", customer, "support", T0,
                    Map.of("question", "refund-window", "answer", "30 days", "value", Map.of("days", 30),
                            "agent", Map.of("id", "bot-1", "automated", true), "caseId", "K-9", "unknown", "dropped"));
            e.put("time", time);
            events.add(e);
        }
        store.handle(events.stream().map(TouchStoreTest::record).toList());

        try (Connection db = UnisonTestResources.database().connect()) {
            for (ObjectNode e : events) {
                Touch t = touch(e);
                try (PreparedStatement ps = db.prepareStatement("""
                        SELECT occurred_at = ?::timestamptz, data = ?::jsonb, customer_id, type, kind, department,
                               channel, direction, initiated_by, agent_id, automated, case_id
                        FROM touches WHERE source = ? AND id = ?""")) {
                    ps.setString(1, e.get("time").asText());
                    ps.setString(2, EventJson.string(t.data()));
                    ps.setString(3, t.source());
                    ps.setString(4, t.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getBoolean(1)).as("time " + e.get("time")).isTrue();
                        assertThat(rs.getBoolean(2)).as("data").isTrue();
                        assertThat(List.of(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                                rs.getString(11), rs.getString(12)))
                                .containsExactly(customer, "cx.touch.answer-given", "answer-given", "support", "email",
                                        "outbound", "company", "bot-1", "t", "K-9");
                    }
                }
            }
        }
    }

    private long copy(Touch... touches) throws SQLException {
        try (TouchRepository.Copy copy = repository.copy()) {
            for (Touch t : touches) {
                copy.add(t);
            }
            return copy.finish();
        }
    }

    /** The repository's own exception for a repeat, with PostgreSQL's unique violation as its cause. */
    private static void isRepeat(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof TouchRepository.RepeatedTouchException)) {
            t = t.getCause();
        }
        assertThat(t).as("a RepeatedTouchException in %s", e).isNotNull();
        assertThat(sqlState(t)).isEqualTo(TouchRepository.UNIQUE_VIOLATION);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static Touch touch(ObjectNode event) {
        return EventJson.toTouch(event);
    }

    private static ConsumerRecord<byte[], byte[]> record(ObjectNode event) {
        ProducerRecord<String, byte[]> r = CloudEventCodec.toKafka(Topics.TOUCHES, event);
        return consumed(r.key(), r.value(), new RecordHeaders(r.headers().toArray()));
    }

    private static ConsumerRecord<byte[], byte[]> garbage(String customer) {
        return consumed(customer, ("{not json " + customer).getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    private static ConsumerRecord<byte[], byte[]> consumed(String key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(Topics.TOUCHES, 0, OFFSET.incrementAndGet(), System.currentTimeMillis(),
                TimestampType.CREATE_TIME, -1, value.length, key.getBytes(StandardCharsets.UTF_8), value, headers,
                Optional.empty());
    }

    /** id/department of the customer's stored touches, in time order. */
    private static List<String> stored(String customer) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection db = UnisonTestResources.database().connect();
             PreparedStatement ps = db.prepareStatement(
                     "SELECT id, department FROM touches WHERE customer_id = ? ORDER BY occurred_at, id")) {
            ps.setString(1, customer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
        }
        return out;
    }
}
