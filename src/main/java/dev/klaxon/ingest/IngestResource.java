package dev.klaxon.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.JsonErrorWords;
import dev.klaxon.platform.Problem;
import dev.klaxon.service.Integration;
import dev.klaxon.service.IntegrationType;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /hooks/{key}}: the integration's type fixes the body format. A HEARTBEAT integration takes any
 * {@code GET} or {@code POST} as a beat. Errors are problem+json; every request is counted in
 * {@code klaxon_ingest_total{format,outcome}}.
 */
@Path("/hooks")
public class IngestResource {

    /**
     * Accepted result of one webhook call. {@code alertId}, {@code number} and {@code status} are null when the event
     * touched no alert (a resolve or acknowledge for nothing open, a heartbeat's beat, an event during maintenance).
     */
    public record Accepted(String alertId, Long number, String dedupKey, String status) {
    }

    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
            .build()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // a key given twice is ambiguous (which summary, which action?): refused like any malformed body
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Map<IntegrationType, PayloadMapper> MAPPERS = Map.of(
            IntegrationType.GENERIC, new GenericMapper(),
            IntegrationType.ALERTMANAGER, new AlertmanagerMapper(),
            IntegrationType.GRAFANA, new GrafanaMapper(),
            IntegrationType.PAGERDUTY, new PagerDutyMapper());

    @Inject
    Ingestion ingestion;

    @Inject
    GroupCommit groupCommit;

    /**
     * Served on the event loop when it can be (a small body, a cached key, the writers running): the event is handed
     * to {@link GroupCommit} and the answer is written when its commit completes, with no thread waiting for it.
     * Anything that may block — reading a key this replica has not cached, a heartbeat's write, a body REST has
     * not buffered whole ({@link #buffered}: chunked, or longer than its input buffer) — runs on a worker thread.
     */
    @POST
    @Path("/{key}")
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    public CompletionStage<Response> ingest(@PathParam("key") String key,
                                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                            @Context HttpHeaders headers, InputStream body) {
        if (!BlockingOperationControl.isBlockingAllowed()) {
            Optional<Integration> cached = cachedLookup(key);
            if (cached.isEmpty() || cached.get().type == IntegrationType.HEARTBEAT || !groupCommit.writing()
                    || !buffered(headers.getHeaderString(HttpHeaders.CONTENT_LENGTH))) {
                return CompletableFuture.supplyAsync(() -> GroupCommit.inRequestContext(
                                () -> ingest(lookup(key), contentType, body)), Infrastructure.getDefaultWorkerPool())
                        .thenCompose(answer -> answer)
                        .exceptionallyCompose(t -> CompletableFuture.failedFuture(GroupCommit.failure(t)));
            }
            return ingest(cached.get(), contentType, body);
        }
        return ingest(lookup(key), contentType, body);
    }

    /**
     * Whether REST has the whole body in memory before the method runs, so reading it cannot block: a declared length
     * within {@code quarkus.rest.input-buffer-size} (10 KiB unless configured). A chunked body, or a longer one, is
     * read as it arrives — a blocking read, which the event loop must not do (it fails with
     * BlockingNotAllowedException), so such a request is served on a worker thread.
     */
    static boolean buffered(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            long declared = Long.parseLong(contentLength.trim());
            return declared >= 0 && declared <= InputBuffer.BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** REST's input buffer, read once from the configuration. */
    private static final class InputBuffer {
        static final long BYTES = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.rest.input-buffer-size", io.quarkus.runtime.configuration.MemorySize.class)
                .map(io.quarkus.runtime.configuration.MemorySize::asLongValue).orElse(10L * 1024);
    }

    /** One webhook call for a known integration; blocks only where blocking is allowed (see {@link #ingest}). */
    private CompletionStage<Response> ingest(Integration integration, String contentType, InputStream body) {
        String format = Ingestion.format(integration);
        try {
            ingestion.admit(integration);
            if (integration.type == IntegrationType.HEARTBEAT) {
                Bodies.read(body); // a beat's body means nothing, but read (within the limit) it is
                return CompletableFuture.completedFuture(accepted(format, ingestion.beat(integration)));
            }
            requireJson(contentType);
            AlertEvent event = MAPPERS.get(integration.type).map(parse(Bodies.read(body)));
            if (!groupCommit.writing()) {
                return CompletableFuture.completedFuture(accepted(format, groupCommit.submit(integration, event)));
            }
            CompletableFuture<Response> answer = new CompletableFuture<>();
            groupCommit.enqueue(integration, event).whenComplete((r, t) -> {
                if (t == null) {
                    answer.complete(accepted(format, r));
                    return;
                }
                Throwable failure = GroupCommit.failure(t);
                ingestion.count(format, failure instanceof KlaxonException k ? Ingestion.outcome(k) : "error");
                answer.completeExceptionally(failure);
            });
            return answer;
        } catch (Ingestion.RateLimited e) {
            ingestion.count(format, "rate_limited");
            throw e.response;
        } catch (Bodies.TooLarge e) {
            ingestion.count(format, "too_large");
            return CompletableFuture.completedFuture(tooLarge(Problem.MEDIA_TYPE, Problem.tooLarge()));
        } catch (KlaxonException e) {
            ingestion.count(format, Ingestion.outcome(e));
            throw e;
        } catch (RuntimeException e) {
            ingestion.count(format, "error");
            throw e;
        }
    }

    /** A heartbeat's beat; any other integration takes only POST. */
    @GET
    @Path("/{key}")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "The beat was recorded", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    public Response beat(@PathParam("key") String key) {
        Integration integration = lookup(key);
        String format = Ingestion.format(integration);
        if (integration.type != IntegrationType.HEARTBEAT) {
            ingestion.count(format, "method_not_allowed");
            return Response.status(405).header(HttpHeaders.ALLOW, "POST").type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(405, "Method Not Allowed", format + " integrations take events by POST"))
                    .build();
        }
        try {
            ingestion.admit(integration);
            return accepted(format, ingestion.beat(integration));
        } catch (Ingestion.RateLimited e) {
            ingestion.count(format, "rate_limited");
            throw e.response;
        } catch (KlaxonException e) {
            ingestion.count(format, Ingestion.outcome(e));
            throw e;
        }
    }

    private Optional<Integration> cachedLookup(String key) {
        try {
            return ingestion.lookupCached(key);
        } catch (KlaxonException e) {
            ingestion.count("unknown", Ingestion.outcome(e));
            throw e;
        }
    }

    private Integration lookup(String key) {
        try {
            return ingestion.lookup(key);
        } catch (KlaxonException e) {
            ingestion.count("unknown", Ingestion.outcome(e));
            throw e;
        }
    }

    private Response accepted(String format, Ingestion.Result r) {
        ingestion.count(format, r.outcome());
        Accepted a = r.alert() == null
                ? new Accepted(null, null, r.dedupKey(), null)
                : new Accepted(r.alert().id.toString(), r.alert().number, r.alert().dedupKey, r.alert().status.json());
        return Response.accepted(a).build();
    }

    /** 413 and close the connection: the rest of the body is not read, so the connection cannot be reused. */
    static Response tooLarge(String mediaType, Object entity) {
        return Response.status(413).type(mediaType).header("Connection", "close").entity(entity).build();
    }

    static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return; // no declared type: try it as JSON
        }
        String ct = contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (!ct.equals("application/json") && !ct.endsWith("+json")) {
            throw KlaxonException.unsupportedFormat("send application/json, not "
                    + Json.truncate(Json.clean(ct), 100));
        }
    }

    /** Parses a body strictly and makes every string in it storable. */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw KlaxonException.badRequest("the body is empty; a JSON object is required");
        }
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw KlaxonException.badRequest("the body is empty; a JSON object is required");
            }
            return Json.storable(tree);
        } catch (JsonProcessingException e) {
            throw KlaxonException.badRequest(Json.truncate(Json.clean(Json.storable(JsonErrorWords.of(e))), 200));
        } catch (java.io.IOException e) {
            throw KlaxonException.badRequest("unreadable body");
        }
    }
}
