package dev.unison.journey.rest;

import dev.unison.contracts.rest.QueryParams;
import dev.unison.journey.service.JourneyService;
import dev.unison.journey.service.JourneyService.CustomersTouchedReport;
import dev.unison.journey.service.JourneyService.HandoffMatrix;
import dev.unison.journey.service.JourneyService.TouchCounts;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.Arrays;
import java.util.List;

@Path("/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {
    private final JourneyService journeys;

    public AnalyticsResource(JourneyService journeys) {
        this.journeys = journeys;
    }

    @GET
    @Path("/touches")
    @Operation(summary = "Touch counts over a period, grouped by department, channel and/or kind")
    public TouchCounts touches(@QueryParam("from") @Parameter(description = "inclusive; default: 30 days before to") String from,
                               @QueryParam("to") @Parameter(description = "exclusive; default: now") String to,
                               @QueryParam("groupBy") @Parameter(description = "comma-separated subset of department,channel,kind; default all") String groupBy) {
        QueryParams.text("groupBy", groupBy);
        List<String> groups = groupBy == null || groupBy.isBlank() ? List.of()
                : Arrays.stream(groupBy.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return journeys.touchCounts(QueryParams.time("from", from), QueryParams.time("to", to), groups);
    }

    @GET
    @Path("/customers-touched")
    @Operation(summary = "Distinct customers touched per ISO week (UTC), by department and by the company",
            description = "The denominator of notification-service's consistency score; weeks cut by from and to "
                    + "count only the touches inside them.")
    public CustomersTouchedReport customersTouched(
            @QueryParam("from") @Parameter(description = "inclusive; default: 30 days before to") String from,
            @QueryParam("to") @Parameter(description = "exclusive; default: now") String to) {
        return journeys.customersTouched(QueryParams.time("from", from), QueryParams.time("to", to));
    }

    @GET
    @Path("/handoffs")
    @Operation(summary = "Department-to-department hand-off matrix of cases over a period")
    public HandoffMatrix handoffs(@QueryParam("from") String from, @QueryParam("to") String to) {
        return journeys.handoffs(QueryParams.time("from", from), QueryParams.time("to", to));
    }
}
