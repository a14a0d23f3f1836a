package dev.klaxon.platform;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /api/v1/audit-log}: configuration changes, newest first (ADMIN only). */
@Path("/api/v1/audit-log")
public class AuditLogResource {

    public record AuditView(long id, Instant at, String actor, String action, String entityType, String entityId,
                            String summary) {
    }

    @Inject
    AuditLog audit;

    @Inject
    Caller caller;

    @GET
    @APIResponse(responseCode = "200", description = "One page of entries, newest first; `Link: <…>; rel=\"next\"` when there are more", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuditView.class, type = SchemaType.ARRAY)))
    public Response list(@QueryParam("limit") Integer limit, @QueryParam("after") String after, @Context UriInfo uri) {
        caller.requireAdmin();
        Validation v = Validation.start();
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 500) v.add("limit", "must be between 1 and 500");
        Long afterId = v.optionalParse("after", after, Long::parseLong, "an audit entry id");
        v.check();
        List<AuditEntry> page = audit.list(size, afterId);
        Response.ResponseBuilder rb = Response.ok(page.stream().map(e -> new AuditView(e.id, e.at, e.actor, e.action,
                e.entityType, e.entityId, e.summary)).toList());
        if (page.size() == size) {
            URI next = uri.getRequestUriBuilder().replaceQueryParam("after", page.get(page.size() - 1).id).build();
            rb.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return rb.build();
    }
}
