package dev.unison.notification.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unison.contracts.rest.QueryParams;
import dev.unison.runtime.rest.InvalidRequestException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The data of the dashboard's pictures (customer.html, ops.html, analyst.html). The browser holds only a session
 * cookie of this service, so what lives in journey-, feedback- and consistency-service is fetched here with the
 * signed-in user's access token (their own access rules apply) and handed back as {@link Part}s.
 */
@Path("/views")
@Produces(MediaType.APPLICATION_JSON)
public class ViewsResource {
    /** journey-service's largest page. */
    static final int JOURNEY_PAGE = 500;

    private final JourneyClient journey;
    private final FeedbackClient feedback;
    private final ConsistencyClient consistency;
    private final OpsOverviewQuery ops;
    private final int maxTouches;

    public ViewsResource(@RestClient JourneyClient journey, @RestClient FeedbackClient feedback,
                         @RestClient ConsistencyClient consistency, OpsOverviewQuery ops,
                         ViewsConfig config) {
        this.journey = journey;
        this.feedback = feedback;
        this.consistency = consistency;
        this.ops = ops;
        this.maxTouches = config.maxTouches();
    }

    /** A customer's journey: every touch (oldest first, up to notification.views.max-touches), summary, state. */
    @GET
    @Path("/customers/{id}")
    @Operation(summary = "A customer's touches, summary and detector state, from journey- and consistency-service",
            description = "Each part is {service, status, data} or {service, status, error}: status is the other "
                    + "service's (403 when the signed-in user's roles do not grant it, 502 when it is unreachable).")
    public Map<String, Object> customer(@PathParam("id") String customerId) {
        String id = param(() -> QueryParams.path("id", customerId));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customerId", id);
        out.put("journey", Part.fetch("journey-service", () -> touches(id)));
        out.put("summary", Part.fetch("journey-service", () -> journey.summary(id)));
        out.put("state", Part.fetch("consistency-service", () -> consistency.state(id)));
        return out;
    }

    /** Pages through the journey: {touches: [...], truncated}. */
    private JsonNode touches(String customerId) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode touches = out.putArray("touches");
        String cursor = null;
        do {
            JsonNode page = journey.journey(customerId, JOURNEY_PAGE, cursor);
            page.path("items").forEach(touches::add);
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null && touches.size() < maxTouches);
        out.put("truncated", cursor != null);
        return out;
    }

    @GET
    @Path("/rules")
    @Operation(summary = "The detectors' rules, in consistency-service's order (the pages colour rules by it)")
    public Part rules() {
        return Part.fetch("consistency-service", consistency::rules);
    }

    @GET
    @Path("/ops")
    @Transactional
    @Operation(summary = "Alerts over time by rule and department, by status, time to acknowledge and resolve per "
            + "department (median, p90), deliveries by outcome")
    public OpsOverview ops(@QueryParam("from") @Parameter(description = "inclusive; default: 14 days before to") String from,
                           @QueryParam("to") @Parameter(description = "exclusive; default: now") String to,
                           @QueryParam("bucket") @Parameter(description = "hour or day; default: hour for up to 2 days, else day") String bucket) {
        OffsetDateTime end = param(() -> QueryParams.time("to", to));
        end = end == null ? OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1) : end;
        OffsetDateTime start = param(() -> QueryParams.time("from", from));
        start = start == null ? end.minusDays(14) : start;
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("/query/from", "from must be before to");
        }
        if (bucket != null && !bucket.equals("hour") && !bucket.equals("day")) {
            throw new InvalidRequestException("/query/bucket", "bucket must be hour or day");
        }
        String width = bucket != null ? bucket : Duration.between(start, end).toHours() <= 48 ? "hour" : "day";
        if (width.equals("hour") && Duration.between(start, end).toDays() > 62) {
            throw new InvalidRequestException("/query/bucket", "hour buckets cover at most 62 days");
        }
        return ops.overview(start, end, width);
    }

    @GET
    @Path("/analytics")
    @Operation(summary = "Satisfaction by department and by period, its impact, hand-offs and touches by channel, "
            + "from feedback- and journey-service")
    public Map<String, Part> analytics(@QueryParam("from") String from, @QueryParam("to") String to,
                                       @QueryParam("period") @Parameter(description = "day, week or month; default week") String period) {
        param(() -> QueryParams.time("from", from));
        param(() -> QueryParams.time("to", to));
        if (period != null && !period.matches("day|week|month")) {
            throw new InvalidRequestException("/query/period", "period must be day, week or month");
        }
        String p = period == null ? "week" : period;
        Map<String, Part> out = new LinkedHashMap<>();
        out.put("satisfactionByDepartment", Part.fetch("feedback-service",
                () -> feedback.satisfaction(from, to, "department", null)));
        out.put("satisfactionByPeriod", Part.fetch("feedback-service",
                () -> feedback.satisfaction(from, to, "period", p)));
        out.put("impact", Part.fetch("feedback-service", () -> feedback.impact(from, to)));
        out.put("handoffs", Part.fetch("journey-service", () -> journey.handoffs(from, to)));
        out.put("touches", Part.fetch("journey-service", () -> journey.touches(from, to, "department,channel")));
        return out;
    }

    static <T> T param(Supplier<T> read) {
        try {
            return read.get();
        } catch (QueryParams.BadParameterException e) {
            throw new InvalidRequestException(e.pointer(), e.getMessage());
        }
    }
}
