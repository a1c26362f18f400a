package dev.unison.journey.repository;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * Rows in PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN (FORMAT binary)}): a header, then per row the
 * number of fields and each field as its length and bytes, then a trailer. Times go as microseconds, so PostgreSQL
 * parses no text but the JSON.
 */
final class CopyRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L; // 2000-01-01T00:00:00Z
    private static final byte JSONB_VERSION = 1;

    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;

    CopyRows(int expectedBytes) {
        bytes = new ByteArrayOutputStream(expectedBytes);
        out = new DataOutputStream(bytes);
        try {
            out.write(SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CopyRows row(int fields) throws IOException {
        out.writeShort(fields);
        return this;
    }

    CopyRows text(String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
        return this;
    }

    CopyRows bool(boolean value) throws IOException {
        out.writeInt(1);
        out.writeByte(value ? 1 : 0);
        return this;
    }

    /**
     * A timestamptz: microseconds since 2000-01-01 UTC, the fraction rounded as PostgreSQL rounds the text form of the
     * time (to the nearest microsecond, half to even).
     */
    CopyRows timestamptz(OffsetDateTime value) throws IOException {
        long micros = (long) Math.rint(value.getNano() / 1e9 * 1e6);
        out.writeInt(8);
        out.writeLong((value.toEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + micros);
        return this;
    }

    CopyRows jsonb(byte[] utf8Json) throws IOException {
        out.writeInt(utf8Json.length + 1);
        out.writeByte(JSONB_VERSION);
        out.write(utf8Json);
        return this;
    }

    /** The rows with the trailer. */
    byte[] finish() throws IOException {
        out.writeShort(-1);
        out.flush();
        return bytes.toByteArray();
    }
}
