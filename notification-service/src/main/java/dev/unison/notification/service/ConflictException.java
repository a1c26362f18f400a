package dev.unison.notification.service;

/** The request does not fit the current state of the resource (answered 409 problem+json). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
