package dev.klaxon.escalation;

import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/escalation-policies")
public class EscalationPolicyResource {

    public record TargetBody(String type, String id) {
    }

    public record StepBody(String delay, List<TargetBody> targets) {
    }

    public record PolicyBody(String name, Integer repeat, List<StepBody> steps) {
    }

    public record PolicyView(String id, String name, int repeat, List<EscalationPolicy.Step> steps) {
        static PolicyView of(EscalationPolicy p) {
            return new PolicyView(p.id.toString(), p.name, p.repeatCount, p.steps);
        }
    }

    @Inject
    EscalationPolicyService policies;

    @Inject
    Caller caller;

    @POST
    @APIResponse(responseCode = "201", description = "The policy; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = PolicyView.class)))
    public Response create(PolicyBody body) {
        caller.requireAdmin();
        Parsed p = parse(body);
        EscalationPolicy created = policies.create(p.name, p.repeat, p.steps);
        return Response.created(URI.create("/api/v1/escalation-policies/" + created.id))
                .entity(PolicyView.of(created)).build();
    }

    @GET
    public List<PolicyView> list() {
        return policies.list().stream().map(PolicyView::of).toList();
    }

    @GET
    @Path("/{id}")
    public PolicyView get(@PathParam("id") String id) {
        return PolicyView.of(policies.require(Validation.pathId(id, "escalation policy")));
    }

    @PUT
    @Path("/{id}")
    public PolicyView replace(@PathParam("id") String id, PolicyBody body) {
        caller.requireAdmin();
        UUID policyId = Validation.pathId(id, "escalation policy");
        Parsed p = parse(body);
        return PolicyView.of(policies.replace(policyId, p.name, p.repeat, p.steps));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin();
        policies.delete(Validation.pathId(id, "escalation policy"));
        return Response.noContent().build();
    }

    private record Parsed(String name, int repeat, List<EscalationPolicy.Step> steps) {
    }

    private static Parsed parse(PolicyBody body) {
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        String name = v.text("name", body.name(), 200);
        int repeat = body.repeat() == null ? 0 : body.repeat();
        if (repeat < 0 || repeat > 20) v.add("repeat", "must be between 0 and 20");
        List<EscalationPolicy.Step> steps = new ArrayList<>();
        if (body.steps() == null || body.steps().isEmpty()) {
            v.add("steps", "must have at least one step");
        } else {
            for (int i = 0; i < body.steps().size(); i++) {
                StepBody s = body.steps().get(i);
                String f = "steps[" + i + "]";
                if (s == null) {
                    v.add(f, "must be an object");
                    continue;
                }
                Duration delay = s.delay() == null ? Duration.ofMinutes(5)
                        : v.duration(f + ".delay", s.delay(), Duration.ofSeconds(1), Duration.ofDays(7));
                List<EscalationPolicy.Target> targets = new ArrayList<>();
                if (s.targets() == null || s.targets().isEmpty()) {
                    v.add(f + ".targets", "must have at least one target");
                } else {
                    for (int j = 0; j < s.targets().size(); j++) {
                        TargetBody t = s.targets().get(j);
                        String tf = f + ".targets[" + j + "]";
                        if (t == null) {
                            v.add(tf, "must be an object");
                            continue;
                        }
                        EscalationPolicy.TargetType type = v.enumValue(tf + ".type", t.type(), EscalationPolicy.TargetType.class);
                        UUID id = v.id(tf + ".id", t.id());
                        if (type != null && id != null) targets.add(new EscalationPolicy.Target(type, id.toString()));
                    }
                }
                if (delay != null) steps.add(new EscalationPolicy.Step(delay.toString(), targets));
            }
        }
        v.check();
        return new Parsed(name, repeat, steps);
    }
}
