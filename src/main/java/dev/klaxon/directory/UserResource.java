package dev.klaxon.directory;

import dev.klaxon.platform.AddressMask;
import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Role;
import dev.klaxon.platform.TimeZones;
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
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/users")
public class UserResource {

    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public record UserBody(String name, String email, String timeZone, String role) {
    }

    public record UserView(String id, String name, String email, String timeZone, Role role, Instant createdAt) {
        static UserView of(User u) {
            return new UserView(u.id.toString(), u.name, u.email, u.timeZone, u.role, u.createdAt);
        }
    }

    @Inject
    UserService users;

    @Inject
    Caller caller;

    @POST
    @APIResponse(responseCode = "201", description = "The user; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = UserView.class)))
    public Response create(UserBody body) {
        caller.requireAdmin();
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        String name = v.text("name", body.name(), 200);
        String email = v.parse("email", body.email(), UserResource::email, "an email address");
        String zone = body.timeZone() == null ? "UTC" : v.parse("timeZone", body.timeZone(), UserResource::zone, "an IANA time zone such as Europe/Berlin");
        Role role = body.role() == null ? Role.RESPONDER : v.enumValue("role", body.role(), Role.class);
        v.check();
        User u = users.create(name, email, zone, role);
        return Response.created(URI.create("/api/v1/users/" + u.id)).entity(UserView.of(u)).build();
    }

    @GET
    public List<UserView> list() {
        return users.list().stream().map(this::view).toList();
    }

    /** A RESPONDER sees other users' names, zones and roles; their email address is masked like contact addresses. */
    private UserView view(User u) {
        UserView v = UserView.of(u);
        return caller.isAdmin() || u.id.equals(caller.userId()) ? v
                : new UserView(v.id(), v.name(), AddressMask.mask(v.email()), v.timeZone(), v.role(), v.createdAt());
    }

    @GET
    @Path("/{id}")
    public UserView get(@PathParam("id") String id) {
        return view(users.require(Validation.pathId(id, "user")));
    }

    @PATCH
    @Path("/{id}")
    public UserView patch(@PathParam("id") String id, UserBody body) {
        UUID userId = Validation.pathId(id, "user");
        caller.requireSelfOrAdmin(userId);
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        if (body.role() != null) caller.requireAdmin();
        Validation v = Validation.start();
        String name = body.name() == null ? null : v.text("name", body.name(), 200);
        String email = v.optionalParse("email", body.email(), UserResource::email, "an email address");
        String zone = v.optionalParse("timeZone", body.timeZone(), UserResource::zone, "an IANA time zone such as Europe/Berlin");
        Role role = body.role() == null ? null : v.enumValue("role", body.role(), Role.class);
        v.check();
        return UserView.of(users.update(userId, name, email, zone, role));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin();
        users.delete(Validation.pathId(id, "user"));
        return Response.noContent().build();
    }

    static String email(String s) {
        if (s.length() > 254 || !EMAIL.matcher(s).matches()) throw new IllegalArgumentException();
        return s;
    }

    static String zone(String s) {
        if (!TimeZones.isIana(s)) throw new IllegalArgumentException();
        return ZoneId.of(s).getId();
    }
}
