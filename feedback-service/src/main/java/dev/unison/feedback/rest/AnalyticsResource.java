package dev.unison.feedback.rest;

import dev.unison.contracts.rest.QueryParams;
import dev.unison.feedback.service.AnalyticsService;
import dev.unison.feedback.service.AnalyticsService.BugReport;
import dev.unison.feedback.service.AnalyticsService.ImpactReport;
import dev.unison.feedback.service.AnalyticsService.SatisfactionReport;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {
    private final AnalyticsService analytics;

    public AnalyticsResource(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @GET
    @Path("/satisfaction")
    @Operation(summary = "CSAT, NPS and CES with response counts, complaints and bug reports, over a period",
            description = "CSAT: % of csat answers scoring 4–5 (scale 1–5). NPS: % promoters (9–10) − % detractors "
                    + "(0–6), in points. CES: mean score. Possibly solicited answers are reported apart and left out "
                    + "of the headline figures unless includeSolicited=true.")
    public SatisfactionReport satisfaction(
            @QueryParam("from") @Parameter(description = "inclusive; default: 30 days before to") String from,
            @QueryParam("to") @Parameter(description = "exclusive; default: now") String to,
            @QueryParam("groupBy") @Parameter(description = "department, channel or period; default: no grouping") String groupBy,
            @QueryParam("period") @Parameter(description = "with groupBy=period: day, week (ISO, from Monday) or month; default week") String period,
            @QueryParam("includeSolicited") @DefaultValue("false") boolean includeSolicited) {
        return analytics.satisfaction(analytics.period(QueryParams.time("from", from), QueryParams.time("to", to)),
                QueryParams.text("groupBy", groupBy), QueryParams.text("period", period), includeSolicited);
    }

    @GET
    @Path("/bugs")
    @Operation(summary = "Bug reports per release with how many are fixed, acknowledged and open")
    public BugReport bugs(@QueryParam("from") String from, @QueryParam("to") String to) {
        return analytics.bugs(analytics.period(QueryParams.time("from", from), QueryParams.time("to", to)));
    }

    @GET
    @Path("/impact")
    @Operation(summary = "Satisfaction of answers preceded by an alert of each rule against answers preceded by none",
            description = "An answer counts for a rule when an alert of that rule for the same customer was detected "
                    + "in the lookbackDays before the answer; the comparison cohort is the answers whose customer had "
                    + "no alert of any rule in that look-back.")
    public ImpactReport impact(@QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("lookbackDays") @Parameter(description = "1–365, default 30")
                               String lookbackDays,
                               @QueryParam("includeSolicited") @DefaultValue("false") boolean includeSolicited) {
        return analytics.impact(analytics.period(QueryParams.time("from", from), QueryParams.time("to", to)), lookbackDays,
                includeSolicited);
    }
}
