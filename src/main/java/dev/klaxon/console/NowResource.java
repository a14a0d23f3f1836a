package dev.klaxon.console;

import dev.klaxon.platform.ProblemMapper;
import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.schedule.Schedule;
import dev.klaxon.schedule.ScheduleService;
import dev.klaxon.schedule.Shift;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The landing page: am I on call and until when, my next shift, open alerts that can page me, who is on call. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class NowResource {

    /** How far ahead "my next shift" looks. */
    static final Duration AHEAD = Duration.ofDays(60);

    @Inject
    Viewer viewer;

    @Inject
    ScheduleService schedules;

    @Inject
    UserService users;

    @Inject
    AlertService alerts;

    @Inject
    ServiceCatalog services;

    @Inject
    Coverage coverage;

    @Inject
    InstantSource clock;

    @GET
    public TemplateInstance now() {
        Instant now = clock.instant();
        ZoneId zone = viewer.zone();
        UUID me = viewer.session().userId();
        List<Views.OnCallNow> mine = new ArrayList<>();
        List<Views.ScheduleNow> everyone = new ArrayList<>();
        Shift next = null;
        String nextSchedule = null;
        for (Schedule s : schedules.list()) {
            List<UUID> onCall = schedules.onCall(s.id, now);
            Map<UUID, User> byId = users.byIds(onCall);
            String people = onCall.stream().map(u -> byId.containsKey(u) ? byId.get(u).name : "?")
                    .collect(Collectors.joining(", "));
            everyone.add(new Views.ScheduleNow(s.id.toString(), s.name, people, onCall.isEmpty()));
            if (me == null) {
                continue;
            }
            List<Shift> myShifts = schedules.shifts(s.id, now, now.plus(AHEAD)).stream()
                    .filter(sh -> sh.userId().equals(me.toString())).toList();
            for (Shift sh : myShifts) {
                if (sh.contains(now)) {
                    // a shift reaching the end of the window goes on beyond it: say so rather than invent an end
                    mine.add(new Views.OnCallNow(s.id.toString(), s.name, sh.end().isBefore(now.plus(AHEAD))
                            ? TimeText.at(sh.end(), zone) + " (" + TimeText.relative(sh.end(), now) + ")"
                            : "at least " + TimeText.at(sh.end(), zone) + " (the next " + AHEAD.toDays() + " days)"));
                } else if (sh.start().isAfter(now) && (next == null || sh.start().isBefore(next.start()))) {
                    next = sh;
                    nextSchedule = s.name;
                }
            }
        }
        String nextText = next == null ? null : nextSchedule + ": " + TimeText.at(next.start(), zone) + " – "
                + TimeText.at(next.end(), zone) + " (" + TimeText.relative(next.start(), now) + ")";
        Map<UUID, String> serviceNames = services.list().stream().collect(Collectors.toMap(sv -> sv.id, sv -> sv.name));
        Set<UUID> covered = me == null ? serviceNames.keySet() : coverage.servicesOf(me);
        List<Alert> open = new ArrayList<>(alerts.list(AlertStatus.TRIGGERED, null, 200, null));
        open.addAll(alerts.list(AlertStatus.ACKNOWLEDGED, null, 200, null));
        List<Views.AlertRow> rows = open.stream().filter(a -> covered.contains(a.serviceId))
                .sorted(Comparator.comparing((Alert a) -> a.number).reversed())
                .map(a -> AlertRows.of(a, serviceNames, zone, now)).toList();
        return Templates.now(new Views.NowPage(me != null, mine, nextText, rows, everyone, zone.getId()));
    }

    @ServerExceptionMapper
    public Response refused(KlaxonException e) {
        return ErrorPages.of(e);
    }
}
