package dev.klaxon.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The console's pages, files under {@code templates/console/} named like the methods (hyphenated). */
@CheckedTemplate(basePath = "console", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
public final class Templates {

    private Templates() {
    }

    /** The sign-in page; {@code provider} names the OpenID Connect provider's button, null when OIDC is off. */
    public static native TemplateInstance signIn(String csrf, String error, String provider);

    /** Shown for an instant after OIDC sign-in: it moves on to Now by itself (see OidcSignInResource). */
    public static native TemplateInstance signedIn();

    /** Shown after signing out of a session that came from the provider: moves on to its end-session URL. */
    public static native TemplateInstance signedOut(String providerSignOut, String provider);

    public static native TemplateInstance error(String title, String detail);

    public static native TemplateInstance now(Views.NowPage page);

    public static native TemplateInstance alerts(Views.AlertFilter filter, List<Views.AlertRow> alerts, List<Views.Option> services);

    public static native TemplateInstance alerts$rows(Views.AlertFilter filter, List<Views.AlertRow> alerts);

    public static native TemplateInstance alert(Views.AlertPage page, String notice);

    public static native TemplateInstance schedules(List<Views.ScheduleCard> schedules);

    public static native TemplateInstance schedule(Views.SchedulePage page, String notice);

    public static native TemplateInstance scheduleEdit(Views.EditorPage page);

    public static native TemplateInstance me(Views.MePage page, String notice, String error);

    public static native TemplateInstance admin(Views.AdminHome page);

    public static native TemplateInstance adminServices(Views.ServicesPage page, String notice, String error);

    public static native TemplateInstance adminService(Views.ServicePage page, String notice, String error);

    public static native TemplateInstance adminUsers(Views.UsersPage page, String notice, String error);

    public static native TemplateInstance adminAudit(List<Views.AuditRow> entries);
}
