package dev.unison.consistency.rule;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Duration;

/** Writes a duration as ISO-8601 in whole days when it is whole days ({@code P30D}), else as {@code PT…}. */
public class DurationText extends StdSerializer<Duration> {
    public DurationText() {
        super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        boolean wholeDays = !value.isZero() && value.toSeconds() % 86_400 == 0 && value.getNano() == 0;
        gen.writeString(wholeDays ? "P" + value.toDays() + "D" : value.toString());
    }
}
