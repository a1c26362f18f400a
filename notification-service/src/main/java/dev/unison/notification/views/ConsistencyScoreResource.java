package dev.unison.notification.views;

import dev.unison.contracts.rest.QueryParams;
import dev.unison.runtime.rest.InvalidRequestException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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

/**
 * The consistency score ({@link ConsistencyScore}): this service's alerts per week and department, over journey-
 * service's customers touched, asked for with the signed-in user's token.
 */
@Path("/analytics/consistency")
@Produces(MediaType.APPLICATION_JSON)
public class ConsistencyScoreResource {
    /** The period shown when none is asked for: eight weeks. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(56);
    /** The longest period asked for at once: two years of weeks. */
    static final Duration MAX_PERIOD = Duration.ofDays(731);

    private final JourneyClient journey;
    private final OpsOverviewQuery alerts;

    public ConsistencyScoreResource(@RestClient JourneyClient journey, OpsOverviewQuery alerts) {
        this.journey = journey;
        this.alerts = alerts;
    }

    @GET
    @Transactional
    @Operation(summary = "Contradictions, repeated requests, duplicate outreach and ticket mazes per 1,000 customers "
            + "touched, per ISO week, company-wide and per department",
            description = "Alerts from this service, customers touched from journey-service (the part 'touched' says "
                    + "why when it could not be had: then the counts come without rates).")
    public ConsistencyScore score(
            @QueryParam("from") @Parameter(description = "inclusive; default: 56 days before to") String from,
            @QueryParam("to") @Parameter(description = "exclusive; default: now") String to) {
        OffsetDateTime end = ViewsResource.param(() -> QueryParams.time("to", to));
        end = end == null ? OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) : end;
        OffsetDateTime start = ViewsResource.param(() -> QueryParams.time("from", from));
        start = start == null ? end.minus(DEFAULT_PERIOD) : start;
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("/query/from", "from must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw new InvalidRequestException("/query/from", "a period covers at most 731 days");
        }
        String fromText = start.toString();
        String toText = end.toString();
        Part touched = Part.fetch("journey-service", () -> journey.customersTouched(fromText, toText));
        return ConsistencyScore.of(start, end, alerts.scoreCounts(start, end), touched);
    }
}
