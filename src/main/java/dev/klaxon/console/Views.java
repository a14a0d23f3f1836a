package dev.klaxon.console;

import java.util.List;

/** What the console's templates show: plain values, already in the viewer's words and time zone. */
public final class Views {

    private Views() {
    }

    public record Option(String value, String label, boolean selected) {
    }

    // ---- Now
    public record OnCallNow(String scheduleId, String scheduleName, String until) {
    }

    public record ScheduleNow(String scheduleId, String scheduleName, String people, boolean nobody) {
    }

    public record NowPage(boolean hasUser, List<OnCallNow> mine, String nextShift, List<AlertRow> openAlerts,
                   List<ScheduleNow> schedules, String zone) {
    }

    // ---- alerts
    public record AlertRow(String id, long number, String summary, String severity, String status, String service,
                    String started, String ago) {
    }

    public record AlertFilter(String status, String serviceId, String query) {
    }

    public record Fact(String name, String value) {
    }

    public record LinkView(String href, String text) {
    }

    public record TimelineRow(String at, String actor, String message) {
    }

    public record NotificationRow(String at, String who, String channel, String status, String detail) {
    }

    public record AlertPage(AlertRow alert, boolean open, boolean triggered, List<Fact> facts, List<LinkView> links,
                     List<TimelineRow> timeline, List<NotificationRow> notifications, String details) {
    }

    // ---- schedules
    public record ScheduleCard(String id, String name, String zone, String onCallNow) {
    }

    /** One coloured stretch of a day: x and width in percent of the day for the SVG bar. */
    public record Segment(String kind, String label, String from, String to, String x, String width, String takeStart,
                   String takeEnd, String overrideId, boolean takeable, boolean mine) {
    }

    public record DayRow(String label, List<Segment> segments) {
    }

    public record Track(String name, List<DayRow> days) {
    }

    public record OverrideRow(String id, String who, String from, String to, boolean deletable) {
    }

    public record SchedulePage(String id, String name, String scheduleZone, String zone, boolean inScheduleZone,
                        String view, String otherZoneLink, String weekLink, String monthLink, String prevLink,
                        String nextLink, String range, Track merged, List<Track> layers, List<OverrideRow> overrides,
                        boolean admin, boolean canTake) {
    }

    // ---- me
    public record ContactRow(String id, String type, String address, String label, boolean confirmed, boolean disabled) {
    }

    public record RuleRow(String id, String contact, String delay, String repeat) {
    }

    public record TokenRow(String id, String name, String role, String created, String lastUsed) {
    }

    public record MePage(String name, String email, String zone, String role, List<ContactRow> contacts, List<RuleRow> rules,
                  List<Option> contactOptions, String calendarUrl, List<TokenRow> tokens, String newToken) {
    }

    // ---- admin
    /** The admin home's counts, each as words: "1 user", "3 teams". */
    public record AdminHome(String users, String teams, String services, String policies, String schedules) {
        AdminHome(int users, int teams, int services, int policies, int schedules) {
            this(count(users, "user", "users"), count(teams, "team", "teams"), count(services, "service", "services"),
                    count(policies, "policy", "policies"), count(schedules, "schedule", "schedules"));
        }
    }

    /** "1 team", "0 teams", "2 teams". */
    static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    public record ServiceRow(String id, String name, String policy, int integrations, int openAlerts) {
    }

    public record ServicesPage(List<ServiceRow> services, List<Option> policies, List<PolicyRow> policyRows,
                        List<Option> integrationTypes) {
    }

    public record PolicyRow(String id, String name, int repeat, List<String> steps) {
    }

    public record IntegrationRow(String id, String type, String name, String url, String snippet) {
    }

    public record WindowRow(String id, String from, String to, String reason) {
    }

    public record CheckRow(String id, String type, String target) {
    }

    public record ServicePage(String id, String name, String policy, String ackTimeout, String autoResolve,
                       List<IntegrationRow> integrations, List<Option> integrationTypes, List<WindowRow> windows,
                       List<CheckRow> checks, String zone) {
    }

    public record UserRow(String id, String name, String email, String zone, String role) {
    }

    public record TeamRow(String id, String name, String members) {
    }

    public record UsersPage(List<UserRow> users, List<TeamRow> teams, String newToken) {
    }

    public record AuditRow(String at, String actor, String action, String entity, String summary) {
    }

    // ---- schedule editor

    /**
     * One form control: its name as the API names it ({@code layers[0].name}), the element id, what it holds, and
     * the API's message about it (null when there is none).
     */
    public record Field(String name, String id, String value, String error) {
    }

    public record DayBox(String id, String value, String label, boolean checked) {
    }

    public record WindowView(String legend, Field days, List<DayBox> dayBoxes, Field start, Field end) {
    }

    public record SlotView(Field field, String label, List<Option> users) {
    }

    public record LayerView(int index, String legend, Field name, Field startDate, Field handoffTime, Field count,
                            Field unit, List<Option> units, Field members, List<SlotView> slots,
                            List<WindowView> windows, String removeId) {
    }

    /** A line of the error summary; {@code href} points at the field ("#id"), null when no field shows it. */
    public record ErrorLink(String href, String text) {
    }

    public record PreviewRow(String from, String to, String who, boolean gap) {
    }

    public record Preview(String heading, List<PreviewRow> rows) {
    }

    public record OverrideForm(String action, String zone, Field userId, List<Option> users, Field start, Field end,
                               List<OverrideRow> current, List<ErrorLink> errors) {
    }

    /** The schedule editor: {@code id} null for a new schedule; {@code override} null until it is stored. */
    public record EditorPage(String id, String action, String title, Field name, Field timeZone, Field layers,
                             List<LayerView> layerViews, List<ErrorLink> errors, Preview preview, OverrideForm override) {
    }
}
