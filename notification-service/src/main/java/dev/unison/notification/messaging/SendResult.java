package dev.unison.notification.messaging;

/** How one attempt went: the receiver's HTTP status when there was one, and what went wrong. */
public record SendResult(boolean succeeded, Integer httpStatus, String error) {
    public static SendResult ok(Integer httpStatus) {
        return new SendResult(true, httpStatus, null);
    }

    public static SendResult failed(Integer httpStatus, String error) {
        return new SendResult(false, httpStatus, error);
    }
}
