package dev.unison.contracts;

/** A request body, or one event in it, is larger than the service takes (answered 413). */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
