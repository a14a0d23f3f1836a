package dev.klaxon.auth;

import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Role;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/api-tokens")
public class ApiTokenResource {

    public record CreateToken(String name, String role, String userId) {
    }

    public record TokenCreated(String id, String token) {
    }

    public record TokenView(String id, String name, Role role, String userId, Instant createdAt, Instant lastUsedAt) {
    }

    @Inject
    ApiTokenService tokens;

    @Inject
    Caller caller;

    @POST
    @APIResponse(responseCode = "201", description = "The token; `token` is shown only in this response; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TokenCreated.class)))
    public Response create(CreateToken body) {
        caller.requireAdmin();
        if (body == null) {
            throw KlaxonException.badRequest("a JSON body is required");
        }
        Validation v = Validation.start();
        String name = v.text("name", body.name(), 200);
        Role role = v.enumValue("role", body.role(), Role.class);
        UUID userId = body.userId() == null ? null : v.id("userId", body.userId());
        if (role == Role.RESPONDER && body.userId() == null) {
            v.add("userId", "is required for a RESPONDER token");
        }
        v.check();
        ApiTokenService.Created created = tokens.create(name, role, userId);
        return Response.created(URI.create("/api/v1/api-tokens/" + created.id()))
                .entity(new TokenCreated(created.id().toString(), created.token())).build();
    }

    @GET
    public List<TokenView> list() {
        caller.requireAdmin();
        return tokens.list().stream().map(t -> new TokenView(t.id.toString(), t.name, t.role,
                t.userId == null ? null : t.userId.toString(), t.createdAt, t.lastUsedAt)).toList();
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin();
        tokens.delete(Validation.pathId(id, "api token"));
        return Response.noContent().build();
    }
}
