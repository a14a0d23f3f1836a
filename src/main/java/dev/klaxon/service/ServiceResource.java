package dev.klaxon.service;

import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.PublicUrl;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/services")
public class ServiceResource {

    public record ServiceBody(String name, String escalationPolicyId, String ackTimeout, String autoResolve) {
    }

    public record ServiceView(String id, String name, String escalationPolicyId, Duration ackTimeout, Duration autoResolve) {
        static ServiceView of(Service s) {
            return new ServiceView(s.id.toString(), s.name, s.escalationPolicyId.toString(),
                    s.ackTimeoutSeconds == null ? null : Duration.ofSeconds(s.ackTimeoutSeconds),
                    s.autoResolveSeconds == null ? null : Duration.ofSeconds(s.autoResolveSeconds));
        }
    }

    public record IntegrationBody(String type, String name, String heartbeatInterval) {
    }

    public record IntegrationView(String id, String serviceId, IntegrationType type, String name, String key, String url,
                                  Duration heartbeatInterval) {
    }

    @Inject
    ServiceCatalog services;

    @Inject
    KlaxonConfig config;

    @Inject
    Caller caller;

    @POST
    @APIResponse(responseCode = "201", description = "The service; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ServiceView.class)))
    public Response create(ServiceBody body) {
        caller.requireAdmin();
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        String name = v.text("name", body.name(), 200);
        UUID policy = v.id("escalationPolicyId", body.escalationPolicyId());
        Duration ack = duration(v, "ackTimeout", body.ackTimeout());
        Duration auto = duration(v, "autoResolve", body.autoResolve());
        v.check();
        Service s = services.create(name, policy, ack, auto);
        return Response.created(URI.create("/api/v1/services/" + s.id)).entity(ServiceView.of(s)).build();
    }

    @GET
    public List<ServiceView> list() {
        return services.list().stream().map(ServiceView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ServiceView get(@PathParam("id") String id) {
        return ServiceView.of(services.require(Validation.pathId(id, "service")));
    }

    @PATCH
    @Path("/{id}")
    public ServiceView patch(@PathParam("id") String id, ServiceBody body) {
        caller.requireAdmin();
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        String name = body.name() == null ? null : v.text("name", body.name(), 200);
        UUID policy = body.escalationPolicyId() == null ? null : v.id("escalationPolicyId", body.escalationPolicyId());
        Optional<Duration> ack = body.ackTimeout() == null ? null : optional(v, "ackTimeout", body.ackTimeout());
        Optional<Duration> auto = body.autoResolve() == null ? null : optional(v, "autoResolve", body.autoResolve());
        v.check();
        return ServiceView.of(services.update(Validation.pathId(id, "service"), name, policy, ack, auto));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin();
        services.delete(Validation.pathId(id, "service"));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/integrations")
    @APIResponse(responseCode = "201", description = "The integration; `key` is its secret, `url` where monitoring sends to; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = IntegrationView.class)))
    public Response addIntegration(@PathParam("id") String id, IntegrationBody body) {
        caller.requireAdmin();
        UUID serviceId = Validation.pathId(id, "service");
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        IntegrationType type = v.enumValue("type", body.type(), IntegrationType.class);
        String name = body.name() == null ? (type == null ? null : type.name().toLowerCase()) : v.text("name", body.name(), 200);
        Duration heartbeat = duration(v, "heartbeatInterval", body.heartbeatInterval());
        if (type == IntegrationType.HEARTBEAT && body.heartbeatInterval() == null) {
            v.add("heartbeatInterval", "is required for a HEARTBEAT integration"); // a bad one is already named
        }
        v.check();
        Integration i = services.addIntegration(serviceId, type, name, heartbeat);
        return Response.created(URI.create("/api/v1/services/" + serviceId + "/integrations/" + i.id))
                .entity(view(i)).build();
    }

    @GET
    @Path("/{id}/integrations")
    public List<IntegrationView> integrations(@PathParam("id") String id) {
        caller.requireAdmin(); // the keys are secrets
        return services.integrations(Validation.pathId(id, "service")).stream().map(this::view).toList();
    }

    @DELETE
    @Path("/{id}/integrations/{integrationId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response deleteIntegration(@PathParam("id") String id, @PathParam("integrationId") String integrationId) {
        caller.requireAdmin();
        services.deleteIntegration(Validation.pathId(id, "service"), Validation.pathId(integrationId, "integration"));
        return Response.noContent().build();
    }

    private IntegrationView view(Integration i) {
        return new IntegrationView(i.id.toString(), i.serviceId.toString(), i.type, i.name, i.integrationKey,
                PublicUrl.of(config, "/hooks/" + i.integrationKey),
                i.heartbeatSeconds == null ? null : Duration.ofSeconds(i.heartbeatSeconds));
    }

    /** ackTimeout, autoResolve and heartbeatInterval: PT1M to P30D ({@link Timers}), documented in the README. */
    private static Duration duration(Validation v, String field, String value) {
        return v.optionalDuration(field, value, Timers.MIN, Timers.MAX);
    }

    private static Optional<Duration> optional(Validation v, String field, String value) {
        return value.isBlank() ? Optional.empty() : Optional.ofNullable(duration(v, field, value));
    }
}
