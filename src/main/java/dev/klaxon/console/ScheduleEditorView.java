package dev.klaxon.console;

import dev.klaxon.schedule.Gap;
import dev.klaxon.schedule.OnCallCalculator;
import dev.klaxon.schedule.Shift;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lays the schedule editor out: every field with what was typed and the API's message about it, an error summary
 * linking to those fields, and the preview table. Messages are looked up by the API's field names; a message whose
 * field the form does not show still appears in the summary. Pure apart from the names it is given.
 */
final class ScheduleEditorView {

    /** Empty member slots shown after the chosen members, so a layer can grow without script. */
    static final int SPARE_SLOTS = 2;

    private final Map<String, String> errors;
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> ids = new HashMap<>();

    /** @param errors the API's messages by field ({@link FormRefusals#byField}); empty when there are none */
    ScheduleEditorView(Map<String, String> errors) {
        this.errors = errors;
    }

    /**
     * The editor page for this input. {@code users}: id → name of everyone who can be a member, in display order.
     */
    Views.EditorPage page(String id, String action, String title, ScheduleForm.Input in, Map<String, String> users,
                          Views.Preview preview, Views.OverrideForm override) {
        Views.Field name = field("name", "name", in.name(), "Name");
        Views.Field zone = field("timeZone", "timeZone", in.timeZone(), "Time zone");
        Views.Field layers = field("layers", "layers", "", "Layers");
        List<Views.LayerView> views = new ArrayList<>();
        for (int i = 0; i < in.layers().size(); i++) {
            views.add(layer(i, in.layers().get(i), users));
        }
        return new Views.EditorPage(id, action, title, name, zone, layers, views, summary(), preview, override);
    }

    private Views.LayerView layer(int i, ScheduleForm.LayerInput l, Map<String, String> users) {
        String p = "layers[" + i + "]";
        String legend = "Layer " + (i + 1);
        Views.Field name = field(p + ".name", p + ".name", l.name(), legend + " name");
        // the API speaks of rotationStart and shiftLength; the form types them as date + time and count + unit
        Views.Field date = field(p + ".startDate", p + ".rotationStart", l.startDate(), legend + " first handoff");
        Views.Field time = field(p + ".handoffTime", null, l.handoffTime(), null);
        Views.Field count = field(p + ".count", p + ".shiftLength", l.count(), legend + " shift length");
        Views.Field unit = field(p + ".unit", null, l.unit(), null);
        List<Views.Option> units = ScheduleForm.unitsFor(l.unit()).stream()
                .map(u -> new Views.Option(u, u, u.equals(l.unit()))).toList();
        Views.Field members = field(p + ".members", p + ".participants", "", legend + " members");
        List<Views.SlotView> slots = new ArrayList<>();
        for (int s = 0; s < l.members().size() + SPARE_SLOTS; s++) {
            String chosen = s < l.members().size() ? l.members().get(s) : "";
            Views.Field f = field(p + ".participants[" + s + "]", p + ".participants[" + s + "]", chosen,
                    legend + " member " + (s + 1));
            List<Views.Option> options = new ArrayList<>();
            options.add(new Views.Option("", "— nobody —", chosen.isEmpty()));
            users.forEach((uid, uname) -> options.add(new Views.Option(uid, uname, uid.equals(chosen))));
            if (!chosen.isEmpty() && !users.containsKey(chosen)) {
                options.add(new Views.Option(chosen, "unknown user " + chosen, true));
            }
            slots.add(new Views.SlotView(f, ordinal(s + 1) + " on call", options));
        }
        List<Views.WindowView> windows = new ArrayList<>();
        List<ScheduleForm.Window> typed = new ArrayList<>(l.windows());
        typed.add(new ScheduleForm.Window(List.of(), "", ""));
        for (int r = 0; r < typed.size(); r++) {
            ScheduleForm.Window w = typed.get(r);
            String rp = p + ".restrictions[" + r + "]";
            String wl = legend + " window " + (r + 1);
            Views.Field days = field(rp + ".days", rp + ".days", "", wl + " days");
            List<Views.DayBox> boxes = new ArrayList<>();
            for (DayOfWeek d : DayOfWeek.values()) {
                String code = d.name().substring(0, 3);
                boxes.add(new Views.DayBox(days.id() + "-" + code, code, d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                        w.days().contains(code)));
            }
            windows.add(new Views.WindowView(r < l.windows().size() ? "Window " + (r + 1) : "Another window (optional)",
                    days, boxes, field(rp + ".start", rp + ".start", w.start(), wl + " from"),
                    field(rp + ".end", rp + ".end", w.end(), wl + " until")));
        }
        field(p + ".restrictions", p + ".restrictions", "", legend + " windows");
        field(p, p, "", legend);
        return new Views.LayerView(i, legend, name, date, time, count, unit, units, members, slots, windows,
                "f-layers-" + i + "-remove");
    }

    /**
     * A field named {@code name} in the form, showing the API's message about {@code apiField} (the same name, or
     * the one the API uses for what this control types); {@code label} is how the summary names it.
     */
    private Views.Field field(String name, String apiField, String value, String label) {
        String id = id(name);
        if (apiField != null) {
            labels.put(apiField, label);
            ids.put(apiField, id);
        }
        return new Views.Field(name, id, value, apiField == null ? null : errors.get(apiField));
    }

    /**
     * The admin's override form: who ({@code userId}), from and until (local times of {@code zone}), the API's
     * messages beside them; {@code typed} holds what was posted (empty values for a fresh form).
     */
    Views.OverrideForm override(String action, ZoneId zone, Map<String, String> typed, Map<String, String> users,
                                List<Views.OverrideRow> current) {
        String chosen = typed.getOrDefault("userId", "");
        Views.Field user = field("userId", "userId", chosen, "Override: who");
        List<Views.Option> options = new ArrayList<>();
        users.forEach((uid, uname) -> options.add(new Views.Option(uid, uname, uid.equals(chosen))));
        return new Views.OverrideForm(action, zone.getId(), user, options,
                field("start", "start", typed.getOrDefault("start", ""), "Override: from"),
                field("end", "end", typed.getOrDefault("end", ""), "Override: until"), current, summary());
    }

    private List<Views.ErrorLink> summary() {
        List<Views.ErrorLink> out = new ArrayList<>();
        errors.forEach((field, message) -> {
            String label = labels.getOrDefault(field, field.isEmpty() ? null : field);
            out.add(new Views.ErrorLink(ids.containsKey(field) ? "#" + ids.get(field) : null,
                    label == null ? message : label + ": " + message));
        });
        return out;
    }

    /** An element id for a field name: {@code layers[0].name} → {@code f-layers-0-name}. */
    static String id(String name) {
        return "f-" + name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "");
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /**
     * The final shifts and gaps of a preview, in order, times in {@code zone}; {@code names} turns user ids into
     * names ("?" for one it does not know).
     */
    static Views.Preview preview(OnCallCalculator.Timeline t, Instant from, Instant to, ZoneId zone, String zoneNote,
                                 Map<String, String> names) {
        record Row(Instant start, Views.PreviewRow row) {
        }
        List<Row> rows = new ArrayList<>();
        for (Shift s : t.shifts()) {
            rows.add(new Row(s.start(), new Views.PreviewRow(TimeText.at(s.start(), zone), TimeText.at(s.end(), zone),
                    names.getOrDefault(s.userId(), "?"), false)));
        }
        for (Gap g : t.gaps()) {
            rows.add(new Row(g.start(), new Views.PreviewRow(TimeText.at(g.start(), zone), TimeText.at(g.end(), zone),
                    "Nobody on call", true)));
        }
        rows.sort(Comparator.comparing(Row::start));
        String heading = "Final shifts " + TimeText.day(from.atZone(zone)) + " – "
                + TimeText.day(to.minusSeconds(1).atZone(zone)) + ", times in " + zone.getId() + zoneNote;
        return new Views.Preview(heading, rows.stream().map(Row::row).toList());
    }
}
