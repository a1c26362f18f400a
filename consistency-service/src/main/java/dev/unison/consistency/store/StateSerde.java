package dev.unison.consistency.store;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Why: detector state is written on nearly every event, and JSON spent most of that time formatting field names,
 * times and escapes (bench/README.md, "Where the tuned parts come from").
 * <p>
 * Binary serde of detector state, and of the answers the service repartitions to itself: a record whose components
 * are strings, booleans, ints, longs, dates, date-times (with their offset), lists, sets, string-keyed maps and other
 * such records, written in component order behind a format byte. Lists, sets and maps read back mutable (in
 * their written order), as detectors update them in place. The codec of a type is built once, when the serde is made:
 * a component of any other type fails then, not at run time.
 * <p>
 * A value is at most {@value #MAX_BYTES} bytes: writing a larger one is refused with a {@link TooLargeException} as
 * soon as it passes the limit, before it takes more memory (a changelog record must stay below the broker's 1 MB
 * message limit anyway). The detectors' caps keep their values far below it; the limit is the last line of defence.
 * <p>
 * A state record may gain components at its end: a value written before reads with them empty (null, false, 0, or
 * an empty list, set or map), so a new version of a detector reads what an older one kept.
 */
public final class StateSerde<T extends Record> implements Serde<T> {
    /** First byte of every value; a value of another format is refused with a clear error. */
    static final byte FORMAT = 1;
    /** Largest value written, in bytes. */
    public static final int MAX_BYTES = 512 * 1024;

    private final Class<T> type;
    private final Codec codec;

    private StateSerde(Class<T> type) {
        this.type = type;
        this.codec = nullable(new RecordCodec(type, true));
    }

    public static <T extends Record> StateSerde<T> of(Class<T> type) {
        return new StateSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            Out out = new Out(type);
            out.buf[out.pos++] = FORMAT;
            codec.write(out, value);
            return Arrays.copyOf(out.buf, out.pos);
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0 || bytes[0] != FORMAT) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic
                        + ": state format " + (bytes.length == 0 ? "missing" : bytes[0]) + ", expected " + FORMAT
                        + " (state written by another version: reset the application's state)");
            }
            In in = new In(bytes);
            try {
                Object value = codec.read(in);
                if (in.pos != bytes.length) {
                    throw new IllegalStateException((bytes.length - in.pos) + " bytes left over");
                }
                return type.cast(value);
            } catch (RuntimeException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic + ": "
                        + e.getMessage(), e);
            }
        };
    }

    private interface Codec {
        void write(Out out, Object value);

        Object read(In in);
    }

    private static Codec codec(Type type) {
        if (type == String.class) {
            return STRING;
        }
        if (type == boolean.class) {
            return BOOLEAN;
        }
        if (type == int.class) {
            return INT;
        }
        if (type == long.class) {
            return LONG;
        }
        if (type == LocalDate.class) {
            return nullable(DATE);
        }
        if (type == OffsetDateTime.class) {
            return nullable(DATE_TIME);
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return nullable(new RecordCodec(c));
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                return new CollectionCodec(codec(args[0]), ArrayList::new);
            }
            if (raw == Set.class) {
                return new CollectionCodec(codec(args[0]), n -> new LinkedHashSet<>(n * 4 / 3 + 1));
            }
            if (raw == Map.class && args[0] == String.class) {
                return new MapCodec(codec(args[1]));
            }
        }
        throw new IllegalArgumentException("detector state cannot hold a " + type.getTypeName());
    }

    /** A codec of two functions. */
    private static Codec of(BiConsumer<Out, Object> write, Function<In, Object> read) {
        return new Codec() {
            @Override
            public void write(Out out, Object value) {
                write.accept(out, value);
            }

            @Override
            public Object read(In in) {
                return read.apply(in);
            }
        };
    }

    /** Strings: length + 1 as a varint (0 for null), then UTF-8. */
    private static final Codec STRING = of((out, value) -> {
        if (value == null) {
            out.varint(0);
            return;
        }
        byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
        out.varint(bytes.length + 1);
        out.bytes(bytes);
    }, in -> {
        int n = in.length();
        if (n < 0) {
            return null;
        }
        String s = new String(in.buf, in.pos, n, StandardCharsets.UTF_8);
        in.pos += n;
        return s;
    });

    private static final Codec BOOLEAN = of((out, value) -> out.varint(Boolean.TRUE.equals(value) ? 1 : 0),
            in -> in.varint() != 0);

    private static final Codec INT = of((out, value) -> out.zigzag((Integer) value), in -> (int) in.zigzag());

    private static final Codec LONG = of((out, value) -> out.zigzag((Long) value), In::zigzag);

    private static final Codec DATE = of((out, value) -> out.zigzag(((LocalDate) value).toEpochDay()),
            in -> LocalDate.ofEpochDay(in.zigzag()));

    /** The instant (seconds, nanoseconds) and the offset it was given in. */
    private static final Codec DATE_TIME = of((out, value) -> {
        OffsetDateTime t = (OffsetDateTime) value;
        out.zigzag(t.toEpochSecond());
        out.varint(t.getNano());
        out.zigzag(t.getOffset().getTotalSeconds());
    }, in -> {
        long seconds = in.zigzag();
        int nanos = (int) in.varint();
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) in.zigzag());
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), offset);
    });

    /** A presence byte before a value that may be null. */
    private static Codec nullable(Codec codec) {
        return of((out, value) -> {
            if (value == null) {
                out.varint(0);
            } else {
                out.varint(1);
                codec.write(out, value);
            }
        }, in -> in.varint() == 0 ? null : codec.read(in));
    }

    /** The components in declaration order, read back through the canonical constructor. */
    private static final class RecordCodec implements Codec {
        private final String name;
        private final Function<Object, Object>[] accessors;
        private final Codec[] components;
        private final MethodHandle constructor;
        /** Top-level only: components missing at the end of the value (written before they existed) read empty. */
        private final boolean tailMayBeMissing;
        private final Class<?>[] types;

        RecordCodec(Class<?> type) {
            this(type, false);
        }

        @SuppressWarnings("unchecked")
        RecordCodec(Class<?> type, boolean tailMayBeMissing) {
            this.tailMayBeMissing = tailMayBeMissing;
            name = type.getName();
            RecordComponent[] rc = type.getRecordComponents();
            accessors = new Function[rc.length];
            components = new Codec[rc.length];
            types = new Class<?>[rc.length];
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            try {
                for (int i = 0; i < rc.length; i++) {
                    accessors[i] = accessor(lookup, type, rc[i]);
                    components[i] = codec(rc[i].getGenericType());
                    types[i] = rc[i].getType();
                }
                constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(types))
                        .asSpreader(Object[].class, rc.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (ReflectiveOperationException | LambdaConversionException e) {
                throw new IllegalArgumentException("detector state " + name + " must be a public record", e);
            }
        }

        /**
         * A component's accessor as a generated function (a lambda class with the record's type as a constant, so
         * reading a component costs what a getter call does; a method handle checked the type on every call).
         */
        @SuppressWarnings("unchecked")
        private static Function<Object, Object> accessor(MethodHandles.Lookup lookup, Class<?> type,
                                                         RecordComponent component)
                throws ReflectiveOperationException, LambdaConversionException {
            MethodHandle getter = lookup.unreflect(component.getAccessor());
            Class<?> returned = component.getType();
            Class<?> boxed = !returned.isPrimitive() ? returned : MethodType.methodType(returned).wrap().returnType();
            try {
                return (Function<Object, Object>) LambdaMetafactory.metafactory(lookup, "apply",
                        MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class),
                        getter, MethodType.methodType(boxed, type)).getTarget().invokeExact();
            } catch (LambdaConversionException | ReflectiveOperationException | RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(Out out, Object value) {
            for (int i = 0; i < components.length; i++) {
                components[i].write(out, accessors[i].apply(value));
            }
        }

        @Override
        public Object read(In in) {
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = tailMayBeMissing && in.pos == in.buf.length ? empty(types[i]) : components[i].read(in);
            }
            try {
                return (Object) constructor.invokeExact(args);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot make a " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** The value of a component that a value written before it existed does not hold. */
    private static Object empty(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == List.class) {
            return new ArrayList<>();
        }
        if (type == Set.class) {
            return new LinkedHashSet<>();
        }
        if (type == Map.class) {
            return new LinkedHashMap<>();
        }
        return null;
    }

    /** Size + 1 as a varint (0 for null), then the elements. */
    private record CollectionCodec(Codec element, java.util.function.IntFunction<Collection<Object>> make)
            implements Codec {
        @Override
        public void write(Out out, Object value) {
            if (value == null) {
                out.varint(0);
                return;
            }
            Collection<?> c = (Collection<?>) value;
            out.varint(c.size() + 1);
            for (Object e : c) {
                element.write(out, e);
            }
        }

        @Override
        public Object read(In in) {
            int n = in.length();
            if (n < 0) {
                return null;
            }
            Collection<Object> c = make.apply(n);
            for (int i = 0; i < n; i++) {
                c.add(element.read(in));
            }
            return c;
        }
    }

    /** Size + 1 as a varint (0 for null), then each key and value. */
    private record MapCodec(Codec value) implements Codec {
        @Override
        public void write(Out out, Object map) {
            if (map == null) {
                out.varint(0);
                return;
            }
            Map<?, ?> m = (Map<?, ?>) map;
            out.varint(m.size() + 1);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                STRING.write(out, e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        public Object read(In in) {
            int n = in.length();
            if (n < 0) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>(n * 4 / 3 + 1);
            for (int i = 0; i < n; i++) {
                String key = (String) STRING.read(in);
                m.put(key, value.read(in));
            }
            return m;
        }
    }

    /** A value that would be larger than {@value #MAX_BYTES} bytes: a data error, the record is set aside. */
    public static final class TooLargeException extends SerializationException {
        TooLargeException(Class<?> type) {
            super("a " + type.getSimpleName() + " value would exceed " + MAX_BYTES + " bytes; refused");
        }
    }

    private static final class Out {
        final Class<?> type;
        byte[] buf = new byte[256];
        int pos;

        Out(Class<?> type) {
            this.type = type;
        }

        void ensure(int n) {
            if (pos + n > buf.length) {
                if ((long) pos + n > MAX_BYTES) {
                    throw new TooLargeException(type);
                }
                buf = Arrays.copyOf(buf, Math.min(MAX_BYTES, Math.max(buf.length * 2, pos + n)));
            }
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void zigzag(long v) {
            varint((v << 1) ^ (v >> 63));
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }
    }

    private static final class In {
        final byte[] buf;
        int pos = 1;

        In(byte[] buf) {
            this.buf = buf;
        }

        /** At least n more bytes remain (every element takes one byte or more). */
        void check(int n) {
            if (n > buf.length - pos) {
                throw new IllegalStateException("truncated value");
            }
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= buf.length) {
                    throw new IllegalStateException("truncated value");
                }
                byte b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        /**
         * A length written as length + 1 (0 for null): -1 for null. At least that many bytes must remain (a string's
         * bytes; a collection's elements take one or more each).
         */
        int length() {
            long v = varint();
            if (v > Integer.MAX_VALUE) {
                throw new IllegalStateException("malformed length");
            }
            int n = (int) v - 1;
            check(n);
            return n;
        }

        long zigzag() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }
    }
}
