package dev.unison.contracts;

/**
 * One problem with an event: {@code pointer} is the JSON Pointer (RFC 6901) of the offending field within the
 * submitted document, {@code detail} says what is wrong with it.
 */
public record Violation(String pointer, String detail) {

    public Violation prefixed(String prefix) {
        return new Violation(prefix + pointer, detail);
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + detail;
    }
}
