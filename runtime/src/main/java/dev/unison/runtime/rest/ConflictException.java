package dev.unison.runtime.rest;

/** The request does not fit the current state of the resource (409 problem+json). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
