package dev.unison.notification.views;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import java.util.function.Supplier;

/**
 * One part of a page's data, fetched from another service: its data, or why there is none. A page draws the parts
 * it has and says which are missing, so one service down (or a role the user lacks there: 403) blanks one chart,
 * not the page. {@code status} is the other service's HTTP status, or 502 when it could not be reached.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Part(String service, int status, JsonNode data, String error) {

    static Part fetch(String service, Supplier<JsonNode> call) {
        try {
            return new Part(service, 200, call.get(), null);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            return new Part(service, status, null, service + " answered " + status + reason(status));
        } catch (ProcessingException e) {
            Log.debugf(e, "%s could not be reached", service);
            return new Part(service, 502, null, service + " could not be reached");
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 401, 403 -> ": your sign-in does not grant this";
            case 404 -> ": nothing there";
            default -> "";
        };
    }
}
