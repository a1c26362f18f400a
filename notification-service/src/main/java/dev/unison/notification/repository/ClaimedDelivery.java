package dev.unison.notification.repository;

import java.util.UUID;

/** A due delivery reserved by this instance for one attempt; {@code attempt} counts this one. */
public record ClaimedDelivery(UUID id, String alertId, UUID subscriptionId, String reason, String department,
                             String type, String target, int attempt) {
}
