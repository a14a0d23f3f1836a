package dev.klaxon.directory;

import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/teams")
public class TeamResource {

    public record TeamBody(String name, List<String> memberIds) {
    }

    public record TeamView(String id, String name, List<String> memberIds) {
        static TeamView of(Team t) {
            return new TeamView(t.id.toString(), t.name, List.copyOf(t.memberIds));
        }
    }

    @Inject
    UserService users;

    @Inject
    Caller caller;

    @POST
    @APIResponse(responseCode = "201", description = "The team; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamView.class)))
    public Response create(TeamBody body) {
        caller.requireAdmin();
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        String name = v.text("name", body.name(), 200);
        List<UUID> members = ids(v, body.memberIds() == null ? List.of() : body.memberIds());
        v.check();
        Team t = users.createTeam(name, members);
        return Response.created(URI.create("/api/v1/teams/" + t.id)).entity(TeamView.of(t)).build();
    }

    @GET
    public List<TeamView> list() {
        return users.teams().stream().map(TeamView::of).toList();
    }

    @GET
    @Path("/{id}")
    public TeamView get(@PathParam("id") String id) {
        return TeamView.of(users.team(Validation.pathId(id, "team")));
    }

    @PATCH
    @Path("/{id}")
    public TeamView patch(@PathParam("id") String id, TeamBody body) {
        caller.requireAdmin();
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        String name = body.name() == null ? null : v.text("name", body.name(), 200);
        List<UUID> members = body.memberIds() == null ? null : ids(v, body.memberIds());
        v.check();
        return TeamView.of(users.updateTeam(Validation.pathId(id, "team"), name, members));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin();
        users.deleteTeam(Validation.pathId(id, "team"));
        return Response.noContent().build();
    }

    private static List<UUID> ids(Validation v, List<String> raw) {
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            UUID id = v.id("memberIds[" + i + "]", raw.get(i));
            if (id != null) out.add(id);
        }
        return out;
    }
}
