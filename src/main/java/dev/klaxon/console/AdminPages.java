package dev.klaxon.console;

import dev.klaxon.alert.AlertService;
import dev.klaxon.check.CheckResource;
import dev.klaxon.directory.TeamResource;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserResource;
import dev.klaxon.directory.UserService;
import dev.klaxon.escalation.EscalationPolicy;
import dev.klaxon.escalation.EscalationPolicyResource;
import dev.klaxon.escalation.EscalationPolicyService;
import dev.klaxon.auth.ApiTokenResource;
import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import dev.klaxon.schedule.ScheduleService;
import dev.klaxon.service.IntegrationType;
import dev.klaxon.service.MaintenanceResource;
import dev.klaxon.service.MaintenanceService;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceResource;
import dev.klaxon.service.ServiceCatalog;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Admin pages: users and teams, services with their integrations (webhook URL and an Alertmanager receiver to
 * copy), escalation policies, maintenance windows, checks and the audit log. Every change goes through the API's
 * own resource with the session's role, so a RESPONDER is refused here exactly as in the API (403).
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminPages {

    @Inject
    Viewer viewer;

    @Inject
    UserService users;

    @Inject
    ServiceCatalog services;

    @Inject
    EscalationPolicyService policies;

    @Inject
    ScheduleService schedules;

    @Inject
    MaintenanceService maintenance;

    @Inject
    AlertService alerts;

    @Inject
    AuditLog audit;

    @Inject
    ServiceResource serviceApi;

    @Inject
    EscalationPolicyResource policyApi;

    @Inject
    UserResource userApi;

    @Inject
    TeamResource teamApi;

    @Inject
    ApiTokenResource tokenApi;

    @Inject
    MaintenanceResource maintenanceApi;

    @Inject
    CheckResource checkApi;

    @GET
    public TemplateInstance home() {
        viewer.requireAdmin();
        return Templates.admin(new Views.AdminHome(users.list().size(), users.teams().size(), services.list().size(),
                policies.list().size(), schedules.list().size()));
    }

    // ---- services, integrations, policies

    @GET
    @Path("services")
    public TemplateInstance services(@QueryParam("done") String done) {
        viewer.requireAdmin();
        return servicesPage(done == null ? null : "Saved.", null);
    }

    @POST
    @Path("services")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object createService(@FormParam("name") String name, @FormParam("escalationPolicyId") String policy,
                                @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        try {
            Object created = serviceApi.create(new ServiceResource.ServiceBody(name, policy, null, null)).getEntity();
            return Response.seeOther(URI.create("/admin/services/" + ((ServiceResource.ServiceView) created).id() + "?done=created")).build();
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, servicesPage(null, FormRefusals.words(e)));
        }
    }

    @POST
    @Path("policies")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object createPolicy(@FormParam("name") String name, @FormParam("target") String target,
                               @FormParam("delayMinutes") String delay,
                               @FormParam("repeat") String repeat, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        try {
            Validation v = Validation.start();
            Integer minutes = v.parse("delayMinutes", blankTo(delay, "15"), Integer::valueOf, "a whole number of minutes");
            Integer times = v.parse("repeat", blankTo(repeat, "0"), Integer::valueOf, "a whole number");
            v.check();
            String[] t = blankTo(target, ":").split(":", 2);
            String targetType = t[0];
            String targetId = t.length > 1 ? t[1] : null;
            policyApi.create(new EscalationPolicyResource.PolicyBody(name, times, List.of(new EscalationPolicyResource.StepBody(
                    Duration.ofMinutes(minutes).toString(), List.of(new EscalationPolicyResource.TargetBody(targetType, targetId))))));
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, servicesPage(null, FormRefusals.words(e)));
        }
        return Response.seeOther(URI.create("/admin/services?done=policy")).build();
    }

    @GET
    @Path("services/{id}")
    public TemplateInstance service(@PathParam("id") String id, @QueryParam("done") String done) {
        viewer.requireAdmin();
        return servicePage(id, done == null ? null : "Saved.", null);
    }

    @POST
    @Path("services/{id}/integrations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object addIntegration(@PathParam("id") String id, @FormParam("type") String type, @FormParam("name") String name,
                                 @FormParam("heartbeatInterval") String heartbeat, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        try {
            serviceApi.addIntegration(id, new ServiceResource.IntegrationBody(type, blankTo(name, null), blankTo(heartbeat, null)));
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, servicePage(id, null, FormRefusals.words(e)));
        }
        return Response.seeOther(URI.create("/admin/services/" + id + "?done=integration")).build();
    }

    @POST
    @Path("services/{id}/maintenance")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object addWindow(@PathParam("id") String id, @FormParam("start") String start, @FormParam("end") String end,
                            @FormParam("reason") String reason, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        try {
            ZoneId zone = viewer.zone();
            Validation v = Validation.start();
            LocalDateTime s = v.parse("start", start, LocalDateTime::parse, "a local date and time");
            LocalDateTime e = v.parse("end", end, LocalDateTime::parse, "a local date and time");
            v.check();
            maintenanceApi.create(id, new MaintenanceResource.WindowBody(s.atZone(zone).toInstant().toString(),
                    e.atZone(zone).toInstant().toString(), reason));
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, servicePage(id, null, FormRefusals.words(e)));
        }
        return Response.seeOther(URI.create("/admin/services/" + id + "?done=maintenance")).build();
    }

    @POST
    @Path("services/{id}/checks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object addCheck(@PathParam("id") String id, @FormParam("type") String type, @FormParam("target") String target,
                           @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        try {
            checkApi.create(id, new CheckResource.CheckBody(type, target, null));
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, servicePage(id, null, FormRefusals.words(e)));
        }
        return Response.seeOther(URI.create("/admin/services/" + id + "?done=check")).build();
    }

    // ---- users, teams, tokens

    @GET
    @Path("users")
    public TemplateInstance users(@QueryParam("done") String done) {
        viewer.requireAdmin();
        return Templates.adminUsers(usersPage(null), done == null ? null : "Saved.", null);
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object createUser(@FormParam("name") String name, @FormParam("email") String email,
                             @FormParam("timeZone") String zone, @FormParam("role") String role, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        try {
            userApi.create(new UserResource.UserBody(name, email, zone, role));
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, Templates.adminUsers(usersPage(null), null, FormRefusals.words(e)));
        }
        return Response.seeOther(URI.create("/admin/users?done=user")).build();
    }

    @POST
    @Path("users/{id}/tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object createToken(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        User u = users.require(Validation.pathId(id, "user"));
        Object created = tokenApi.create(new ApiTokenResource.CreateToken("console-" + u.name, u.role.name(), id)).getEntity();
        return Templates.adminUsers(usersPage(((ApiTokenResource.TokenCreated) created).token()),
                "Token for " + u.name + " created; copy it now, it is shown only once.", null);
    }

    @POST
    @Path("teams")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object createTeam(@FormParam("name") String name, @FormParam("memberIds") List<String> members,
                             @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        try {
            teamApi.create(new TeamResource.TeamBody(name, members == null ? List.of() : members));
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, Templates.adminUsers(usersPage(null), null, FormRefusals.words(e)));
        }
        return Response.seeOther(URI.create("/admin/users?done=team")).build();
    }

    @GET
    @Path("audit")
    public TemplateInstance audit() {
        viewer.requireAdmin();
        ZoneId zone = viewer.zone();
        return Templates.adminAudit(audit.list(200, null).stream().map(e -> new Views.AuditRow(TimeText.at(e.at, zone),
                e.actor, e.action, e.entityType, e.summary)).toList());
    }

    @ServerExceptionMapper
    public Response refused(KlaxonException e) {
        return ErrorPages.of(e);
    }

    private TemplateInstance servicesPage(String notice, String error) {
        Map<UUID, String> policyNames = policies.list().stream().collect(Collectors.toMap(p -> p.id, p -> p.name));
        Map<String, String> userNames = users.list().stream().collect(Collectors.toMap(u -> u.id.toString(), u -> u.name));
        Map<String, String> scheduleNames = schedules.list().stream().collect(Collectors.toMap(s -> s.id.toString(), s -> s.name));
        users.teams().forEach(t -> scheduleNames.put("team:" + t.id, t.name));
        List<Views.ServiceRow> rows = services.list().stream().map(s -> new Views.ServiceRow(s.id.toString(), s.name,
                policyNames.getOrDefault(s.escalationPolicyId, "?"), services.integrations(s.id).size(),
                (int) alerts.openCount(s.id))).toList();
        List<Views.PolicyRow> policyRows = policies.list().stream().map(p -> new Views.PolicyRow(p.id.toString(), p.name,
                p.repeatCount, p.steps.stream().map(st -> "after " + TimeText.length(st.delayDuration()).replaceFirst("^$", "0 min")
                        + ": " + st.targets().stream().map(t -> target(t, userNames, scheduleNames)).collect(Collectors.joining(", ")))
                .toList())).toList();
        List<Views.Option> policyOptions = policies.list().stream().map(p -> new Views.Option(p.id.toString(), p.name, false)).toList();
        List<Views.Option> targets = new java.util.ArrayList<>();
        users.list().forEach(u -> targets.add(new Views.Option("USER:" + u.id, "User " + u.name, false)));
        schedules.list().forEach(s -> targets.add(new Views.Option("SCHEDULE:" + s.id, "Schedule " + s.name, false)));
        users.teams().forEach(t -> targets.add(new Views.Option("TEAM:" + t.id, "Team " + t.name, false)));
        return Templates.adminServices(new Views.ServicesPage(rows, policyOptions, policyRows, targets), notice, error);
    }

    private static String target(EscalationPolicy.Target t, Map<String, String> users, Map<String, String> schedules) {
        return switch (t.type()) {
            case USER -> users.getOrDefault(t.id(), "?");
            case SCHEDULE -> "on call in " + schedules.getOrDefault(t.id(), "?");
            case TEAM -> "team " + schedules.getOrDefault("team:" + t.id(), "?");
        };
    }

    private TemplateInstance servicePage(String id, String notice, String error) {
        Service s = services.require(Validation.pathId(id, "service"));
        ZoneId zone = viewer.zone();
        EscalationPolicy p = policies.find(s.escalationPolicyId);
        List<Views.IntegrationRow> integrations = serviceApi.integrations(id).stream().map(i -> new Views.IntegrationRow(i.id(),
                i.type().name(), i.name(), i.url(), i.type() == IntegrationType.ALERTMANAGER ? alertmanagerReceiver(s.name, i.url()) : null))
                .toList();
        List<Views.WindowRow> windows = maintenance.list(s.id).stream().map(w -> new Views.WindowRow(w.id.toString(),
                TimeText.at(w.startAt, zone), TimeText.at(w.endAt, zone), w.reason)).toList();
        List<Views.CheckRow> checks = checkApi.list(id).stream().map(c -> new Views.CheckRow(c.id(), c.type().name(), c.target())).toList();
        return Templates.adminService(new Views.ServicePage(s.id.toString(), s.name, p == null ? "?" : p.name,
                s.ackTimeoutSeconds == null ? "never" : TimeText.length(Duration.ofSeconds(s.ackTimeoutSeconds)),
                s.autoResolveSeconds == null ? "never" : TimeText.length(Duration.ofSeconds(s.autoResolveSeconds)),
                integrations, Arrays.stream(IntegrationType.values()).map(t -> new Views.Option(t.name(), t.name(), false)).toList(),
                windows, checks, zone.getId()), notice, error);
    }

    /** An Alertmanager receiver and route for this integration, ready to paste into alertmanager.yml. */
    static String alertmanagerReceiver(String serviceName, String url) {
        String name = "klaxon-" + serviceName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return "route:\n  receiver: " + name + "\nreceivers:\n  - name: " + name + "\n    webhook_configs:\n"
                + "      - url: " + url + "\n        send_resolved: true\n";
    }

    private Views.UsersPage usersPage(String newToken) {
        List<User> all = users.list();
        Map<String, String> names = all.stream().collect(Collectors.toMap(u -> u.id.toString(), u -> u.name));
        return new Views.UsersPage(all.stream().map(u -> new Views.UserRow(u.id.toString(), u.name, u.email, u.timeZone,
                u.role.name())).toList(), users.teams().stream().map(t -> new Views.TeamRow(t.id.toString(), t.name,
                t.memberIds.stream().map(m -> names.getOrDefault(m, "?")).collect(Collectors.joining(", ")))).toList(), newToken);
    }

    private static String blankTo(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }
}
