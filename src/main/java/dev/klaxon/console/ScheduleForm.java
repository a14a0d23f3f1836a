package dev.klaxon.console;

import dev.klaxon.schedule.Schedule;
import dev.klaxon.schedule.ScheduleService;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the schedule editor's form holds, read from the posted fields and turned into the API's schedule document.
 * Fields are named as the API names them ({@code layers[0].participants[1]}), so a violation the API reports lands
 * next to the field it names. Reading compacts the form: removed layers, empty member slots and empty windows go,
 * so the index the API reports is the index the form shows. Pure: values in, values out.
 */
final class ScheduleForm {

    /**
     * Units a shift length is typed in; each becomes the ISO-8601 text the API takes. Not minutes: the API refuses
     * shifts under {@code ScheduleService.MIN_SHIFT} (1 h); a stored length that needs them (PT90M) is shown in
     * minutes all the same ({@link #unitsFor}).
     */
    static final List<String> UNITS = List.of("hours", "days", "weeks", "months");
    /** The unit of a stored elapsed length that is not whole hours. */
    static final String MINUTES = "minutes";

    /** More layers, slots or windows than any form shows; indexes beyond are ignored rather than allocated. */
    private static final int MAX_INDEX = 400;
    private static final Pattern LAYER_KEY = Pattern.compile("layers\\[(\\d{1,3})]\\.(.+)");
    private static final Pattern SLOT_KEY = Pattern.compile("participants\\[(\\d{1,3})]");
    private static final Pattern WINDOW_KEY = Pattern.compile("restrictions\\[(\\d{1,3})]\\.(days|start|end)");

    record Window(List<String> days, String start, String end) {
    }

    /** One layer as typed: the first handoff as date and time of day, the length as a count and a unit. */
    record LayerInput(String name, String startDate, String handoffTime, String count, String unit,
                      List<String> members, List<Window> windows) {
    }

    record Input(String name, String timeZone, List<LayerInput> layers) {
    }

    private ScheduleForm() {
    }

    /** A new schedule: one weekly layer whose first handoff is {@code firstDay} at 09:00. */
    static Input blank(String zone, LocalDate firstDay) {
        return new Input("", zone, List.of(blankLayer(firstDay)));
    }

    static LayerInput blankLayer(LocalDate firstDay) {
        return new LayerInput("", firstDay.toString(), "09:00", "1", "weeks", List.of(), List.of());
    }

    static Input withLayer(Input in, LocalDate firstDay) {
        List<LayerInput> layers = new ArrayList<>(in.layers());
        layers.add(blankLayer(firstDay));
        return new Input(in.name(), in.timeZone(), layers);
    }

    /** A stored schedule as the form shows it. */
    static Input of(Schedule s) {
        List<LayerInput> layers = new ArrayList<>();
        for (Schedule.LayerDoc l : s.layers) {
            LocalDateTime start = LocalDateTime.parse(l.rotationStart());
            String[] length = length(l.shiftLength());
            List<Window> windows = l.restrictions() == null ? List.of() : l.restrictions().stream()
                    .map(r -> new Window(r.days() == null ? List.of() : r.days().stream().map(ScheduleForm::dayCode).toList(),
                            r.start(), r.end())).toList();
            layers.add(new LayerInput(l.name() == null ? "" : l.name(), start.toLocalDate().toString(),
                    start.toLocalTime().toString(), length[0], length[1], l.participants(), windows));
        }
        return new Input(s.name, s.timeZone, layers);
    }

    /**
     * The posted fields as a form: {@code name}, {@code timeZone}, and per layer {@code layers[i].name},
     * {@code .startDate}, {@code .handoffTime}, {@code .count}, {@code .unit}, {@code .participants[p]},
     * {@code .restrictions[r].days|start|end} and {@code .remove}. Layers come in index order.
     */
    static Input read(Map<String, List<String>> form) {
        TreeMap<Integer, Map<String, List<String>>> byLayer = new TreeMap<>();
        form.forEach((key, values) -> {
            Matcher m = LAYER_KEY.matcher(key);
            if (m.matches() && Integer.parseInt(m.group(1)) < MAX_INDEX) {
                byLayer.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new TreeMap<>()).put(m.group(2), values);
            }
        });
        List<LayerInput> layers = new ArrayList<>();
        for (Map<String, List<String>> f : byLayer.values()) {
            if (!first(f, "remove").isEmpty()) {
                continue;
            }
            TreeMap<Integer, String> slots = new TreeMap<>();
            TreeMap<Integer, Map<String, List<String>>> windows = new TreeMap<>();
            f.forEach((key, values) -> {
                Matcher slot = SLOT_KEY.matcher(key);
                Matcher window = WINDOW_KEY.matcher(key);
                if (slot.matches() && Integer.parseInt(slot.group(1)) < MAX_INDEX) {
                    slots.put(Integer.parseInt(slot.group(1)), values.isEmpty() ? "" : values.get(0).strip());
                } else if (window.matches() && Integer.parseInt(window.group(1)) < MAX_INDEX) {
                    windows.computeIfAbsent(Integer.parseInt(window.group(1)), i -> new TreeMap<>()).put(window.group(2), values);
                }
            });
            List<Window> ws = new ArrayList<>();
            for (Map<String, List<String>> w : windows.values()) {
                List<String> days = w.getOrDefault("days", List.of()).stream().filter(d -> !d.isBlank()).toList();
                String start = first(w, "start");
                String end = first(w, "end");
                if (!days.isEmpty() || !start.isEmpty() || !end.isEmpty()) {
                    ws.add(new Window(days, start, end));
                }
            }
            layers.add(new LayerInput(first(f, "name"), first(f, "startDate"), first(f, "handoffTime"), first(f, "count"),
                    first(f, "unit"), slots.values().stream().filter(s -> !s.isEmpty()).toList(), ws));
        }
        return new Input(first(form, "name"), first(form, "timeZone"), layers);
    }

    /**
     * The API's schedule document for this form; nothing is checked here (the schedule service checks it and names
     * the field). A missing date, time or count gives a missing value, which the service reports as required.
     */
    static ScheduleService.ScheduleDoc doc(Input in, String handoffReminder, Boolean gapAlerts) {
        List<Schedule.LayerDoc> layers = in.layers().stream().map(l -> new Schedule.LayerDoc(
                l.name().isBlank() ? null : l.name(),
                l.startDate().isBlank() || l.handoffTime().isBlank() ? null : l.startDate() + "T" + l.handoffTime(),
                shiftLength(l.count(), l.unit()),
                l.members(),
                l.windows().isEmpty() ? null : l.windows().stream().map(w -> new Schedule.RestrictionDoc(
                        w.days().isEmpty() ? null : w.days(), nullIfBlank(w.start()), nullIfBlank(w.end()))).toList()))
                .toList();
        return new ScheduleService.ScheduleDoc(nullIfBlank(in.name()), nullIfBlank(in.timeZone()), layers, handoffReminder,
                gapAlerts);
    }

    /** The units offered for a layer whose length is in {@code unit}: {@link #UNITS}, and minutes only if it is. */
    static List<String> unitsFor(String unit) {
        if (!MINUTES.equals(unit)) {
            return UNITS;
        }
        List<String> all = new java.util.ArrayList<>(UNITS);
        all.add(MINUTES);
        return List.copyOf(all);
    }

    /** "2" and "weeks" → "P2W"; a blank count or an unknown unit → null (the API says what is missing). */
    static String shiftLength(String count, String unit) {
        if (count == null || count.isBlank()) {
            return null;
        }
        String n = count.strip();
        return switch (unit == null ? "" : unit) {
            case MINUTES -> "PT" + n + "M";
            case "hours" -> "PT" + n + "H";
            case "days" -> "P" + n + "D";
            case "weeks" -> "P" + n + "W";
            case "months" -> "P" + n + "M";
            default -> null;
        };
    }

    /**
     * A stored ISO-8601 length as count and unit: {@code PT12H} → 12 hours, {@code P14D} → 2 weeks, {@code P1Y} →
     * 12 months. A period mixing months and days (rare) is shown as the days it spans from 1 Jan 2000.
     */
    static String[] length(String iso) {
        String text = iso.strip().toUpperCase(Locale.ROOT);
        if (text.startsWith("PT")) {
            Duration d = Duration.parse(text);
            return d.toMinutes() % 60 == 0 ? new String[]{String.valueOf(d.toHours()), "hours"}
                    : new String[]{String.valueOf(d.toMinutes()), MINUTES};
        }
        Period p = Period.parse(text);
        if (p.getDays() == 0) {
            return new String[]{String.valueOf(p.toTotalMonths()), "months"};
        }
        long days = p.toTotalMonths() == 0 ? p.getDays()
                : ChronoUnit.DAYS.between(LocalDate.of(2000, 1, 1), LocalDate.of(2000, 1, 1).plus(p));
        return days % 7 == 0 ? new String[]{String.valueOf(days / 7), "weeks"} : new String[]{String.valueOf(days), "days"};
    }

    /** "MON" for any spelling the API accepts ("monday", "Mon"); what it does not accept stays as stored. */
    private static String dayCode(String day) {
        try {
            return ScheduleService.day(day).name().substring(0, 3);
        } catch (IllegalArgumentException e) {
            return day;
        }
    }

    private static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0).strip();
    }

    private static String nullIfBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
