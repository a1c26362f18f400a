package dev.unison.notification.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unison.notification.repository.AlertView;

/**
 * One message of the live feed: {@code change} is connected (first message of every stream), created, acknowledged,
 * resolved or escalated; {@code alert} is the alert after the change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedEvent(String change, AlertView alert) {
    public static final String CONNECTED = "connected";
    public static final String CREATED = "created";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";
    public static final String ESCALATED = "escalated";
}
