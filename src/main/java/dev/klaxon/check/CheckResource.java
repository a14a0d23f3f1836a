package dev.klaxon.check;

import dev.klaxon.platform.Caller;
import dev.klaxon.platform.OutboundGuard;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /api/v1/services/{id}/checks}: TLS certificate and domain expiry checks of a service. */
@Path("/api/v1/services/{id}/checks")
public class CheckResource {

    private static final Pattern DOMAIN =
            Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    public record CheckBody(String type, String target, String window) {
    }

    /** @param window ISO-8601, in days when it is whole days ("P14D" reads better than "PT336H") */
    public record CheckView(String id, String serviceId, CheckType type, String target, String window,
                            Instant nextCheckAt, Instant lastCheckedAt, Boolean ok, Instant expiresAt, String error,
                            String warning) {
        static CheckView of(ExpiryCheck c) {
            return new CheckView(c.id.toString(), c.serviceId.toString(), c.type, c.target,
                    days(Duration.ofSeconds(c.windowSeconds)), c.nextCheckAt, c.lastCheckedAt, c.lastOk, c.lastExpiresAt,
                    c.lastError, c.lastWarning);
        }
    }

    @Inject
    ExpiryChecks checks;

    @Inject
    Caller caller;

    @Inject
    OutboundGuard guard;

    /** A host name is at most 253 characters (RFC 1035), plus a port. */
    static final int MAX_TARGET = 260;

    @POST
    @APIResponse(responseCode = "201", description = "The check; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CheckView.class)))
    public Response create(@PathParam("id") String id, CheckBody body) {
        caller.requireAdmin();
        UUID serviceId = Validation.pathId(id, "service");
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        CheckType type = v.enumValue("type", body.type(), CheckType.class);
        String target = null;
        if (body.target() != null && body.target().length() > MAX_TARGET) {
            v.add("target", "must be at most " + MAX_TARGET + " characters");
        } else if (type == CheckType.TLS_CERTIFICATE) {
            HostPort hp = v.parse("target", body.target(), HostPort::parse, "host:port, e.g. example.com:443");
            target = hp == null ? null : (hp.host().contains(":") ? "[" + hp.host() + "]" : hp.host().toLowerCase(Locale.ROOT))
                    + ":" + hp.port();
            // a check target is an address a user supplies: the outbound guard's rules apply (and again at connect time)
            if (hp != null) {
                guard.refusal(hp.host()).ifPresent(why -> v.add("target", why));
            }
        } else if (type == CheckType.DOMAIN_EXPIRY) {
            target = v.parse("target", body.target(), CheckResource::domain, "a domain name, e.g. example.com");
        }
        Duration window = v.optionalDuration("window", body.window(), Duration.ofHours(1), Duration.ofDays(366));
        v.check();
        ExpiryCheck c = checks.create(serviceId, type, target, window);
        return Response.created(URI.create("/api/v1/services/" + serviceId + "/checks/" + c.id))
                .entity(CheckView.of(c)).build();
    }

    @GET
    public List<CheckView> list(@PathParam("id") String id) {
        return checks.list(Validation.pathId(id, "service")).stream().map(CheckView::of).toList();
    }

    @GET
    @Path("/{checkId}")
    public CheckView get(@PathParam("id") String id, @PathParam("checkId") String checkId) {
        return CheckView.of(checks.require(Validation.pathId(id, "service"), Validation.pathId(checkId, "check")));
    }

    @DELETE
    @Path("/{checkId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id, @PathParam("checkId") String checkId) {
        caller.requireAdmin();
        checks.delete(Validation.pathId(id, "service"), Validation.pathId(checkId, "check"));
        return Response.noContent().build();
    }

    static String days(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString();
    }

    static String domain(String s) {
        String d = s.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (!DOMAIN.matcher(d).matches()) throw new IllegalArgumentException();
        return d;
    }
}
