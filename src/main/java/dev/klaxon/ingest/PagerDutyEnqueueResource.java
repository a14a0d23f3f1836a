package dev.klaxon.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.platform.DatabaseAvailability;
import dev.klaxon.platform.DatabaseGate;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import dev.klaxon.platform.ProblemMapper;
import dev.klaxon.service.Integration;
import dev.klaxon.service.IntegrationType;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /v2/enqueue}: PagerDuty's Events API v2 endpoint, so anything that can send to PagerDuty can send to
 * Klaxon by changing the base URL. {@code routing_key} is a PAGERDUTY integration's key. Responses are
 * PagerDuty's, errors included: 202 {@code {"status":"success","message":"Event processed","dedup_key":…}},
 * 400 {@code {"status":"invalid event","message":"Event object is invalid","errors":[…]}}, 429 with Retry-After.
 */
@Path("/v2/enqueue")
public class PagerDutyEnqueueResource {

    static final String FORMAT = "pagerduty";
    private static final PagerDutyMapper MAPPER = new PagerDutyMapper();

    public record Processed(String status, String message, @JsonProperty("dedup_key") String dedupKey) {
    }

    public record Refused(String status, String message, List<String> errors) {
    }

    @Inject
    Ingestion ingestion;

    @Inject
    GroupCommit groupCommit;

    @Inject
    DatabaseAvailability database;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Event processed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Processed.class)))
    @APIResponse(responseCode = "400", description = "Invalid event", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refused.class)))
    @APIResponse(responseCode = "404", description = "Unknown routing key", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refused.class)))
    @APIResponse(responseCode = "413", description = "Body over 1 MiB", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refused.class)))
    @APIResponse(responseCode = "415", description = "Not JSON", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refused.class)))
    @APIResponse(responseCode = "429", description = "Too many events for this integration; see Retry-After", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refused.class)))
    @APIResponse(responseCode = "503", description = "Klaxon cannot take events now; see Retry-After", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refused.class)))
    public Response enqueue(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        if (!database.up()) {
            ingestion.count(FORMAT, "unavailable");
            return refused(DatabaseGate.outage());
        }
        try {
            IngestResource.requireJson(contentType);
            JsonNode event = IngestResource.parse(Bodies.read(body));
            JsonNode rk = event.path("routing_key");
            if (!rk.isTextual() || rk.asText().isBlank()) {
                throw KlaxonException.invalid("routing_key", "is required and must be a string");
            }
            Integration integration = ingestion.lookup(rk.asText());
            if (integration.type != IntegrationType.PAGERDUTY) {
                throw KlaxonException.invalid("routing_key", "belongs to a " + integration.type
                        + " integration; /v2/enqueue takes the key of a PAGERDUTY integration");
            }
            ingestion.admit(integration);
            AlertEvent e = MAPPER.map(event);
            Ingestion.Result r = groupCommit.submit(integration, e);
            ingestion.count(FORMAT, r.outcome());
            return Response.accepted(new Processed("success", "Event processed", r.dedupKey())).build();
        } catch (Ingestion.RateLimited e) {
            ingestion.count(FORMAT, "rate_limited");
            return refused(e.response);
        } catch (Bodies.TooLarge e) {
            ingestion.count(FORMAT, "too_large");
            return IngestResource.tooLarge(MediaType.APPLICATION_JSON,
                    new Refused("invalid event", "Event object is too large", List.of(e.getMessage())));
        } catch (KlaxonException e) {
            ingestion.count(FORMAT, Ingestion.outcome(e));
            return refused(e);
        } catch (RuntimeException e) {
            if (DatabaseAvailability.isOutage(e)) {
                database.reportOutage(e);
                ingestion.count(FORMAT, "unavailable");
                return refused(DatabaseGate.outage());
            }
            ingestion.count(FORMAT, "error");
            throw e;
        }
    }

    /** PagerDuty's error shape for one of our refusals, with the same status code and Retry-After. */
    static Response refused(KlaxonException e) {
        Problem p = ProblemMapper.problem(e);
        List<String> errors = new ArrayList<>();
        if (p.violations() != null) {
            p.violations().forEach(v -> errors.add(v.field().isEmpty() ? v.message() : "'" + v.field() + "' " + v.message()));
        } else {
            errors.add(p.detail());
        }
        Refused body = switch (p.status()) {
            case 400 -> new Refused("invalid event", "Event object is invalid", errors);
            case 404 -> new Refused("invalid event", "Unknown routing key", errors);
            case 415 -> new Refused("invalid event", "Unsupported content type", errors);
            case 503 -> new Refused("error", "Klaxon cannot take events now; retry later", errors);
            case 429 -> new Refused("throttle event", "Requests for this integration are arriving too quickly; retry later", errors);
            default -> new Refused("error", p.title(), errors);
        };
        Response.ResponseBuilder rb = Response.status(p.status()).type(MediaType.APPLICATION_JSON).entity(body);
        if (e.retryAfterSeconds() != null) {
            rb.header("Retry-After", e.retryAfterSeconds());
        }
        return rb.build();
    }
}
