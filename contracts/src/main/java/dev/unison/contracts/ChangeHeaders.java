package dev.unison.contracts;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * Who made a change and when, as headers of the record that announces it (cx.rules.v1, cx.facts.v1): headers stay on
 * a tombstone too, so a deletion names its author. notification-service's audit log reads them.
 */
public final class ChangeHeaders {
    public static final String ACTOR = "unison.actor";
    public static final String AT = "unison.changed-at";

    private ChangeHeaders() {
    }

    public static void write(Headers headers, String actor, java.time.OffsetDateTime at) {
        headers.remove(ACTOR).remove(AT);
        headers.add(ACTOR, actor.getBytes(StandardCharsets.UTF_8));
        headers.add(AT, at.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The header's text, or null. */
    public static String read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
