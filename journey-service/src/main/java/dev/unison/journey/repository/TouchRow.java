package dev.unison.journey.repository;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One stored touch as analysts see it. {@code data} is the stored JSON as PostgreSQL sends it (UTF-8), written into
 * the response as it is. A page is the hot path of GET /customers/{id}/journey, so {@link Json} writes a row field by
 * field instead of through bean introspection; the fields, their order and their text are those of the record's
 * default mapping (nulls left out, the time as ISO_OFFSET_DATE_TIME).
 */
@JsonSerialize(using = TouchRow.Json.class)
public record TouchRow(String id, String source, String type, String kind, OffsetDateTime time, String department,
                       String channel, String direction, String initiatedBy, String caseId,
                       @Schema(type = SchemaType.OBJECT, description = "the touch's data as it was sent")
                       byte[] data) {

    /** Writes a row as the JSON object of the API. */
    static final class Json extends StdSerializer<TouchRow> {
        Json() {
            super(TouchRow.class);
        }

        @Override
        public void serialize(TouchRow row, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            field(out, "id", row.id);
            field(out, "source", row.source);
            field(out, "type", row.type);
            field(out, "kind", row.kind);
            if (row.time != null) {
                char[] text = new char[MAX_TIME_LENGTH];
                out.writeFieldName("time");
                out.writeString(text, 0, isoTime(row.time, text));
            }
            field(out, "department", row.department);
            field(out, "channel", row.channel);
            field(out, "direction", row.direction);
            field(out, "initiatedBy", row.initiatedBy);
            field(out, "caseId", row.caseId);
            if (row.data != null) {
                out.writeFieldName("data");
                out.writeRawValue(new RawJson(row.data));
            }
            out.writeEndObject();
        }

        private static void field(JsonGenerator out, String name, String value) throws IOException {
            if (value != null) {
                out.writeStringField(name, value);
            }
        }
    }

    /** Longest text of {@link #isoTime}: {@code +999999999-12-31T23:59:59.999999999+18:00}. */
    static final int MAX_TIME_LENGTH = 48;

    /**
     * Writes into {@code c} the text {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} gives the time (for a UTC time:
     * seconds always, the fraction with no trailing zeros, {@code Z}) and returns its length; other offsets and years
     * go to the formatter.
     */
    static int isoTime(OffsetDateTime time, char[] c) {
        int year = time.getYear();
        if (!time.getOffset().equals(ZoneOffset.UTC) || year < 0 || year > 9999) {
            String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
            text.getChars(0, text.length(), c, 0);
            return text.length();
        }
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, time.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, time.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, time.getHour(), 2);
        c[13] = ':';
        put(c, 14, time.getMinute(), 2);
        c[16] = ':';
        put(c, 17, time.getSecond(), 2);
        int n = 19;
        int nano = time.getNano();
        if (nano != 0) {
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            c[n++] = '.';
            put(c, n, nano, digits);
            n += digits;
        }
        c[n++] = 'Z';
        return n;
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** JSON text in UTF-8, written as it is. */
    private record RawJson(byte[] utf8) implements SerializableString {
        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String text = getValue();
            if (offset + text.length() > buffer.length) {
                return -1;
            }
            text.getChars(0, text.length(), buffer, offset);
            return text.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }
    }
}
