package dev.unison.runtime.rest;

/**
 * Something the service needs (Kafka, its state stores) is away for now: 503 problem+json with Retry-After, so that
 * the client sends the request again. The message, which may name internals, goes to the log; the client reads
 * {@link #advice()}.
 */
public class UnavailableException extends RuntimeException {
    private final String slug;
    private final String title;
    private final String advice;

    /**
     * @param slug   the problem type's last segment, e.g. {@code kafka-unavailable}
     * @param title  the problem's title, e.g. "Change not accepted"
     * @param advice the problem's detail: what the client reads
     */
    public UnavailableException(String slug, String title, String advice, String message, Throwable cause) {
        super(message, cause);
        this.slug = slug;
        this.title = title;
        this.advice = advice;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String advice() {
        return advice;
    }
}
