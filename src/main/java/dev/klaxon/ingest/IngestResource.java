package dev.klaxon.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.AlertService;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import dev.klaxon.service.Integration;
import dev.klaxon.service.IntegrationType;
import dev.klaxon.service.ServiceService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** {@code POST /hooks/{key}}: the integration's type fixes the body format. */
@Path("/hooks")
public class IngestResource {

    /** Accepted result of one webhook call. */
    public record Accepted(String alertId, Long number, String dedupKey, String status) {
    }

    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
            .build()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Map<IntegrationType, PayloadMapper> MAPPERS = Map.of(
            IntegrationType.GENERIC, new GenericMapper(),
            IntegrationType.ALERTMANAGER, new AlertmanagerMapper());

    @Inject
    ServiceService services;

    @Inject
    AlertService alerts;

    @Inject
    MeterRegistry metrics;

    @POST
    @Path("/{key}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response ingest(@PathParam("key") String key, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           byte[] body) {
        Integration integration = integration(key);
        String format = integration.type.name().toLowerCase();
        try {
            PayloadMapper mapper = MAPPERS.get(integration.type);
            if (mapper == null) {
                throw new KlaxonException(400, "Bad Request", integration.type + " integrations do not accept events here yet");
            }
            requireJson(contentType);
            AlertEvent event = mapper.map(parse(body));
            AlertService.Outcome o = alerts.process(integration.serviceId, event, integration.type.name().toLowerCase()
                    + ":" + integration.name);
            metrics.counter("klaxon.ingest", "format", format, "outcome", o.result().name().toLowerCase()).increment();
            Accepted a = o.alert() == null
                    ? new Accepted(null, null, event.dedupKey(), null)
                    : new Accepted(o.alert().id.toString(), o.alert().number, o.alert().dedupKey, o.alert().status.json());
            return Response.accepted(a).build();
        } catch (InvalidPayload e) {
            metrics.counter("klaxon.ingest", "format", format, "outcome", "invalid").increment();
            throw KlaxonException.invalid(e.violations());
        } catch (KlaxonException e) {
            metrics.counter("klaxon.ingest", "format", format, "outcome", "rejected").increment();
            throw e;
        }
    }

    private Integration integration(String key) {
        // one indexed lookup either way: a wrong key costs what a right one does
        if (key == null || key.length() > 64) {
            services.byKey("");
            throw KlaxonException.notFound("integration");
        }
        return services.byKey(key).orElseThrow(() -> KlaxonException.notFound("integration"));
    }

    static void requireJson(String contentType) {
        if (contentType == null) {
            return; // no declared type: try it as JSON
        }
        String ct = contentType.toLowerCase().split(";")[0].strip();
        if (!ct.equals("application/json") && !ct.endsWith("+json")) {
            throw new KlaxonException(415, "Unsupported Media Type", "send application/json, not " + ct);
        }
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw KlaxonException.badRequest("the body is empty; a JSON object is required");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw KlaxonException.badRequest("malformed JSON: " + Json.truncate(Json.clean(e.getOriginalMessage()), 200));
        } catch (java.io.IOException e) {
            throw KlaxonException.badRequest("unreadable body");
        }
    }
}
