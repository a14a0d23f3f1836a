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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
        List<UUID> members = members(v, body.memberIds() == null ? List.of() : body.memberIds());
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
        List<UUID> members = body.memberIds() == null ? null : members(v, body.memberIds());
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

    /** The member ids; each one that is not an id or names no user is a violation of its own, in order, all at once. */
    private List<UUID> members(Validation v, List<String> raw) {
        Validation malformed = Validation.start();
        List<UUID> parsed = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            parsed.add(malformed.id(field(i), raw.get(i)));
        }
        Map<String, String> wrong = new HashMap<>();
        malformed.violations().forEach(x -> wrong.put(x.field(), x.message()));
        users.unknownUsers(parsed, TeamResource::field).forEach(x -> wrong.put(x.field(), x.message()));
        for (int i = 0; i < raw.size(); i++) {
            if (wrong.containsKey(field(i))) {
                v.add(field(i), wrong.get(field(i)));
            }
        }
        return parsed.stream().filter(Objects::nonNull).toList();
    }

    private static String field(int index) {
        return "memberIds[" + index + "]";
    }
}
