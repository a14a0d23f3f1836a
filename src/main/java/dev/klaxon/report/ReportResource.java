package dev.klaxon.report;

import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /api/v1/reports/services/{id}?from=&to=}; without them, the last 30 days. */
@Path("/api/v1/reports")
public class ReportResource {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final Duration MAX_PERIOD = Duration.ofDays(400);

    @Inject
    ReportService reports;

    @Inject
    InstantSource clock;

    @GET
    @Path("/services/{id}")
    public ServiceReport service(@PathParam("id") String id, @Parameter(description = "start of the period (default: 30 days before to)", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("from") String from,
                                 @Parameter(description = "end of the period (default: now)", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("to") String to) {
        var serviceId = Validation.pathId(id, "service");
        Validation v = Validation.start();
        Instant end = to == null ? clock.instant() : v.instant("to", to);
        Instant start = from == null ? (end == null ? null : end.minus(DEFAULT_PERIOD))
                : v.instant("from", from);
        if (start != null && end != null) {
            if (!end.isAfter(start)) v.add("to", "must be after from");
            else if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) v.add("from", "the period may be at most " + MAX_PERIOD);
        }
        v.check();
        return reports.forService(serviceId, start, end);
    }

}
