package dev.unison.journey.repository;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN (FORMAT binary)}): a header, then per row the
 * number of fields and each field as its length and bytes, then a trailer. Times go as microseconds, so PostgreSQL
 * parses no text but the JSON.
 */
final class CopyRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L; // 2000-01-01T00:00:00Z
    private static final byte JSONB_VERSION = 1;

    private byte[] buf;
    private int size;

    CopyRows(int expectedBytes) {
        buf = new byte[Math.max(64, expectedBytes)];
        bytes(SIGNATURE);
        int32(0); // flags
        int32(0); // header extension length
    }

    CopyRows row(int fields) {
        int16(fields);
        return this;
    }

    CopyRows text(String value) {
        if (value == null) {
            int32(-1);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            int32(utf8.length);
            bytes(utf8);
        }
        return this;
    }

    CopyRows bool(boolean value) {
        int32(1);
        ensure(1);
        buf[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    /**
     * A timestamptz: microseconds since 2000-01-01 UTC, the fraction rounded as PostgreSQL rounds the text form of the
     * time (to the nearest microsecond, half to even).
     */
    CopyRows timestamptz(OffsetDateTime value) {
        long micros = (long) Math.rint(value.getNano() / 1e9 * 1e6);
        int32(8);
        int64((value.toEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + micros);
        return this;
    }

    CopyRows jsonb(byte[] utf8Json) {
        int32(utf8Json.length + 1);
        ensure(1);
        buf[size++] = JSONB_VERSION;
        bytes(utf8Json);
        return this;
    }

    /** Writes the trailer; no row may follow. */
    CopyRows end() {
        int16(-1);
        return this;
    }

    /** The bytes written so far: {@code array()[0 .. size())}. */
    byte[] array() {
        return buf;
    }

    int size() {
        return size;
    }

    /** Forgets the bytes written so far (once they are sent); the rows that follow continue the same COPY. */
    void clear() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void int16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    private void int32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
