package dev.unison.consistency.store;

import dev.unison.consistency.detector.AutomationLoopDetector;
import dev.unison.consistency.detector.CompanyAnswersDetector;
import dev.unison.consistency.detector.ConflictingAnswersDetector;
import dev.unison.consistency.detector.DuplicateOutreachDetector;
import dev.unison.consistency.detector.RenewalOnlyContactDetector;
import dev.unison.consistency.detector.RepeatedInfoRequestDetector;
import dev.unison.consistency.detector.TicketMazeDetector;
import dev.unison.consistency.detector.UnacknowledgedBugDetector;
import dev.unison.contracts.Evidence;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateSerdeTest {
    /** Every value type the topology keeps in a detector store. */
    private static final List<Class<? extends Record>> STATES = List.of(ConflictingAnswersDetector.Answers.class,
            CompanyAnswersDetector.Recent.class, RepeatedInfoRequestDetector.Ledger.class,
            RenewalOnlyContactDetector.Renewal.class, DuplicateOutreachDetector.Outbox.class,
            TicketMazeDetector.Maze.class, AutomationLoopDetector.Loop.class, UnacknowledgedBugDetector.Report.class,
            UnacknowledgedBugDetector.Shipped.class);

    private int counter;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyStateTypeReadsBackEqualWithEveryComponentSetOrNull(boolean filled) {
        for (Class<? extends Record> type : STATES) {
            roundTrip(type, filled);
        }
    }

    private <T extends Record> void roundTrip(Class<T> type, boolean filled) {
        StateSerde<T> serde = StateSerde.of(type);
        T value = type.cast(sample(type, filled, 0));
        byte[] bytes = serde.serializer().serialize("t", value);
        T read = serde.deserializer().deserialize("t", bytes);
        assertThat(read).as(type.getSimpleName()).isEqualTo(value).isNotSameAs(value);
        assertThat(serde.serializer().serialize("t", read)).as(type.getSimpleName()).isEqualTo(bytes);
    }

    @Test
    void timesKeepTheirOffsetAndCollectionsReadBackMutableInWrittenOrder() {
        StateSerde<RepeatedInfoRequestDetector.Ledger> serde = StateSerde.of(RepeatedInfoRequestDetector.Ledger.class);
        OffsetDateTime time = OffsetDateTime.of(2026, 3, 29, 2, 30, 0, 123_456_789, ZoneOffset.ofHoursMinutes(5, 45));
        Map<String, RepeatedInfoRequestDetector.FieldEvent> provided = new LinkedHashMap<>();
        for (String field : List.of("zip", "address", "name")) {
            provided.put(field, new RepeatedInfoRequestDetector.FieldEvent("billing", time, null));
        }
        var read = serde.deserializer().deserialize("t",
                serde.serializer().serialize("t", new RepeatedInfoRequestDetector.Ledger(provided, Map.of())));

        assertThat(read.provided().keySet()).containsExactly("zip", "address", "name");
        assertThat(read.provided().get("zip").time().getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 45));
        assertThat(read.provided().get("zip").time().getNano()).isEqualTo(123_456_789);
        read.requested().put("email", new RepeatedInfoRequestDetector.FieldEvent("support", time, null));
        assertThat(read.requested()).containsKey("email");

        var loop = StateSerde.of(AutomationLoopDetector.Loop.class);
        var streak = loop.deserializer().deserialize("t", loop.serializer().serialize("t",
                new AutomationLoopDetector.Loop(null, List.of(), false))).streak();
        streak.add(new AutomationLoopDetector.Exchange(null, null));
        assertThat(streak).hasSize(1);
    }

    @Test
    void aValueOfAnotherFormatOrCutShortIsRefusedWithItsReason() {
        StateSerde<UnacknowledgedBugDetector.Report> serde = StateSerde.of(UnacknowledgedBugDetector.Report.class);
        byte[] json = "{\"alerted\":true}".getBytes();
        assertThatThrownBy(() -> serde.deserializer().deserialize("unacknowledged-bug-changelog", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Report").hasMessageContaining("unacknowledged-bug-changelog")
                .hasMessageContaining("reset the application's state");

        byte[] bytes = serde.serializer().serialize("t", new UnacknowledgedBugDetector.Report(
                new Evidence("e-1", "crm", "cx.feedback.bug-report", "support", OffsetDateTime.now(), "crash"), true, "2.1", null));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", cut))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    }

    /** A state type with a component the format cannot hold fails when its serde is made. */
    public record Before(String id, int count) {
    }

    public record After(String id, int count, List<String> added, boolean flag, Map<String, String> more,
                        OffsetDateTime since) {
    }

    @Test
    void aValueWrittenBeforeComponentsWereAddedAtTheEndReadsThemEmpty() {
        byte[] old = StateSerde.of(Before.class).serializer().serialize("t", new Before("x", 3));
        After read = StateSerde.of(After.class).deserializer().deserialize("t", old);
        assertThat(read).isEqualTo(new After("x", 3, List.of(), false, Map.of(), null));
        read.added().add("mutable");
        assertThat(read.added()).containsExactly("mutable");
    }

    public record Unsupported(String id, Map<Integer, String> byNumber) {
    }

    @Test
    void aStateTypeWithAnUnsupportedComponentFailsWhenItsSerdeIsMade() {
        assertThatThrownBy(() -> StateSerde.of(Unsupported.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.util.Map<java.lang.Integer");
    }

    /** A value of the given type with every component set (collections of two) or every reference null. */
    private Object sample(Type type, boolean filled, int depth) {
        int n = ++counter;
        if (type == boolean.class) {
            return n % 2 == 0;
        }
        if (type == int.class) {
            return filled ? -n * 1_000 : 0;
        }
        if (type == long.class) {
            return filled ? Long.MIN_VALUE + n : 0L;
        }
        if (!filled && depth > 0) {
            return null;
        }
        if (type == String.class) {
            return "välue-" + n + " ✓";
        }
        if (type == LocalDate.class) {
            return LocalDate.of(2026, 1, 1).plusDays(n);
        }
        if (type == OffsetDateTime.class) {
            return OffsetDateTime.of(2026, 11, 25, 10, n % 60, 5, n * 1_000, ZoneOffset.ofHours(n % 14 - 7));
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            RecordComponent[] rc = c.getRecordComponents();
            Object[] args = new Object[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                args[i] = sample(rc[i].getGenericType(), filled, depth + 1);
                types[i] = rc[i].getType();
            }
            try {
                return c.getDeclaredConstructor(types).newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        ParameterizedType p = (ParameterizedType) type;
        Type[] args = p.getActualTypeArguments();
        if (p.getRawType() == List.class) {
            List<Object> list = new ArrayList<>();
            list.add(sample(args[0], true, depth + 1));
            list.add(sample(args[0], true, depth + 1));
            return list;
        }
        if (p.getRawType() == Set.class) {
            Set<Object> set = new LinkedHashSet<>();
            set.add(sample(args[0], true, depth + 1));
            set.add(sample(args[0], true, depth + 1));
            return set;
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(sample(args[0], true, depth + 1), sample(args[1], filled, depth + 1));
        map.put(sample(args[0], true, depth + 1), sample(args[1], filled, depth + 1));
        return map;
    }
}
