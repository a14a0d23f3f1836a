package dev.klaxon.notify;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.alert.TimelineKind;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides, for rows the dispatcher just claimed, which go to their provider now. A row whose alert stopped or
 * whose escalation step moved on is canceled. Rows of bundling channels pass per-contact-method rate limits:
 * over a limit they wait until it allows one more page; when more alerts are due for one contact method than
 * the limits allow individually, they are folded into one bundled page ("7 alerts on payments-api — reply aa to
 * acknowledge all", with a link to the list). A repeating rule's next page is written when its current one goes.
 *
 * <p>The decisions are {@link ThrottlePlan}'s and {@link PageLimiter}'s; the limits come from {@link RateLimits};
 * a bundle's row from {@link BundleWriter}. This class loads rows, asks them and stores the answer.</p>
 */
@ApplicationScoped
@Transactional
public class Throttle {

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    KlaxonConfig config;

    @Inject
    Outbox outbox;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    OutboxClaims claims;

    @Inject
    PageTimeline timeline;

    @Inject
    AlertService alerts;

    @Inject
    BundleWriter bundles;

    @Inject
    RateLimits rateLimits;

    /**
     * Of a batch of claimed rows, the ones to send now; the ones another transaction held (give them back); and, by
     * alert, the ones whose alert a writer held ({@link #settleBusy}). Every other row was canceled, held or folded.
     */
    public record Admission(List<OutboxEntry> send, List<UUID> undecided, Map<UUID, List<UUID>> busy) {
        /** Nothing claimed, nothing decided. */
        public static final Admission NONE = new Admission(List.of(), List.of(), Map.of());
    }

    /**
     * Decides a batch of claimed rows. It never waits for a lock a writer (ingest, acknowledge, resolve, escalation)
     * may hold: alerts and rows are taken with SKIP LOCKED, and what could not be taken is left undecided. The only
     * locks it waits for are the contact methods' advisory locks, which only this class takes, in one order — so a
     * decision is never one side of a deadlock (issue 11: it was, with ingest batches, at a second's cost each).
     */
    public Admission admit(List<OutboxEntry> claimed) {
        if (claimed.isEmpty()) {
            return Admission.NONE;
        }
        Instant now = clock.instant();
        List<OutboxEntry> out = new ArrayList<>();
        List<OutboxEntry> rows = new ArrayList<>();
        List<UUID> undecided = new ArrayList<>();
        Map<UUID, List<UUID>> busy = new LinkedHashMap<>();
        // The alerts first, and locked (FOR SHARE): read unlocked, a resolve could commit between our read and our
        // commit, cancel only the rows PENDING at that moment — not our SENDING row — and we would then put it back
        // to PENDING under a rate-limit hold, or chain a repeat, for an alert that is resolved. Locked, the resolve
        // waits for us and then cancels what we left. One a writer holds now is skipped (decided next round).
        AlertService.PagingLocks alertLocks = alerts.lockForPaging(claimed.stream().map(r -> r.alertId)
                .filter(Objects::nonNull).distinct().toList());
        Map<UUID, Alert> byId = alertLocks.locked();
        // the claimed rows themselves, locked in one statement (in id order); one a status callback holds is skipped
        Map<UUID, OutboxEntry> locked = claims.lockClaimed(claimed.stream().map(c -> c.id).toList());
        for (OutboxEntry c : claimed) {
            OutboxEntry e = locked.get(c.id);
            if (e == null) {
                undecided.add(c.id);
            } else if (e.alertId != null && alertLocks.busy().contains(e.alertId)) {
                busy.computeIfAbsent(e.alertId, k -> new ArrayList<>()).add(e.id);
            } else if (e.status == OutboxStatus.SENDING) {
                rows.add(e);
            }
        }
        Map<UUID, List<OutboxEntry>> limited = new LinkedHashMap<>();
        for (OutboxEntry row : rows) {
            if (row.isBundle()) {
                if (openMembers(row) > 0) {
                    out.add(row);
                } else {
                    cancel(row, "every alert in the bundle was acknowledged or resolved");
                }
                continue;
            }
            if (row.alertId == null) {
                out.add(row); // a test message
                continue;
            }
            Alert a = byId.get(row.alertId);
            String stale = staleReason(row, a);
            if (stale != null) {
                cancel(row, stale);
            } else if (row.contactMethodId != null && rateLimits.bundles(row.channel)) {
                limited.computeIfAbsent(row.contactMethodId, k -> new ArrayList<>()).add(row);
            } else {
                dispatched(row, now);
                chainRepeat(row, a, now);
                out.add(row);
            }
        }
        if (!limited.isEmpty()) {
            out.addAll(admitGroups(limited, byId, now));
        }
        return new Admission(out, undecided, busy);
    }

    /**
     * Claimed rows of one alert a writer held during {@link #admit}: waits for that alert — this transaction holds no
     * other lock, so the wait cannot close a cycle — then cancels the rows if the writer made them stale (a resolve
     * cancels only PENDING rows, and these were SENDING), or else gives them back to PENDING, attempt not counted,
     * for the next round. A row another transaction holds meanwhile is left to its lease.
     */
    public void settleBusy(UUID alertId, List<UUID> rowIds) {
        Alert a = alerts.lockForPagingWaiting(alertId);
        for (OutboxEntry r : claims.lockClaimed(rowIds).values()) {
            if (r.status != OutboxStatus.SENDING) {
                continue;
            }
            String stale = staleReason(r, a);
            if (stale != null) {
                cancel(r, stale);
                continue;
            }
            r.status = OutboxStatus.PENDING;
            r.leaseUntil = null;
            r.attempts = Math.max(0, r.attempts - 1);
            r.updatedAt = clock.instant();
            outbox.wakeAfterCommit();
        }
    }

    /**
     * Every contact method's due rows against its limits, in a constant number of statements for the whole batch
     * (issue 11; it was an advisory lock and 3–4 queries per contact method): one statement takes the contact
     * methods' advisory locks, one finds the other due pages they have, one loads those and one their alerts, one
     * reads the recent pages of them all. The decisions are then made per contact method in memory.
     */
    @SuppressWarnings("unchecked")
    private List<OutboxEntry> admitGroups(Map<UUID, List<OutboxEntry>> limited, Map<UUID, Alert> known, Instant now) {
        Map<UUID, Alert> byId = new java.util.HashMap<>(known);
        String methods = String.join(",", limited.keySet().stream().map(UUID::toString).sorted().toList());
        // one decision at a time per contact method, across replicas; taken in one order, so two batches never
        // wait on each other in a cycle
        em.createNativeQuery("""
                        SELECT count(pg_advisory_xact_lock(h)) FROM (
                          SELECT hashtextextended('klaxon-page:' || m, 0) AS h
                          FROM unnest(string_to_array(?1, ',')) AS m ORDER BY h) locks""")
                .setParameter(1, methods).getSingleResult();

        // other due pages of these contact methods that nobody holds: a bundle carries them too
        List<UUID> extraIds = em.createNativeQuery("""
                        SELECT id FROM outbox
                        WHERE contact_method_id = ANY(CAST(string_to_array(?1, ',') AS uuid[])) AND status = 'PENDING'
                          AND not_before <= ?2 AND alert_id IS NOT NULL
                        ORDER BY not_before LIMIT ?3 FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, methods).setParameter(2, now).setParameter(3, 1000 * limited.size()).getResultList();
        Map<UUID, List<OutboxEntry>> extras = new java.util.HashMap<>();
        if (!extraIds.isEmpty()) {
            List<OutboxEntry> found = OutboxEntry.list("id in ?1 order by notBefore", extraIds);
            // their alerts locked as the claimed rows' are (see admit); one a writer holds is left for its own claim
            AlertService.PagingLocks more = alerts.lockForPaging(found.stream().map(r -> r.alertId)
                    .filter(id -> !byId.containsKey(id)).distinct().toList());
            byId.putAll(more.locked());
            for (OutboxEntry x : found) {
                if (more.busy().contains(x.alertId)) {
                    continue;
                }
                String stale = staleReason(x, byId.get(x.alertId));
                if (stale != null) {
                    cancel(x, stale);
                } else {
                    extras.computeIfAbsent(x.contactMethodId, k -> new ArrayList<>()).add(x);
                }
            }
        }

        Duration window = config.bundle().window();
        Map<String, List<PageLimiter.Limit>> limitsOf = new java.util.HashMap<>();
        Duration lookback = window;
        for (List<OutboxEntry> group : limited.values()) {
            List<PageLimiter.Limit> limits = limitsOf.computeIfAbsent(group.get(0).channel, ch ->
                    ThrottlePlan.limits(rateLimits.limits(ch), config.bundle().threshold(), window));
            Duration l = ThrottlePlan.lookback(limits, window);
            lookback = l.compareTo(lookback) > 0 ? l : lookback;
        }
        Map<UUID, List<Instant>> recent = new java.util.HashMap<>();
        Map<UUID, Instant> lastBundle = new java.util.HashMap<>();
        List<Object[]> history = em.createNativeQuery("""
                        SELECT contact_method_id, dispatched_at, bundle_size IS NOT NULL FROM outbox
                        WHERE contact_method_id = ANY(CAST(string_to_array(?1, ',') AS uuid[])) AND dispatched_at > ?2
                        ORDER BY dispatched_at DESC""")
                .setParameter(1, methods).setParameter(2, now.minus(lookback)).getResultList();
        for (Object[] h : history) {
            UUID method = h[0] instanceof UUID u ? u : UUID.fromString(h[0].toString());
            Instant at = SqlTimes.instant(h[1]);
            recent.computeIfAbsent(method, k -> new ArrayList<>()).add(at);
            if (Boolean.TRUE.equals(h[2]) && at.isAfter(now.minus(window))) {
                lastBundle.merge(method, at, (a, b) -> a.isAfter(b) ? a : b);
            }
        }

        List<OutboxEntry> out = new ArrayList<>();
        for (Map.Entry<UUID, List<OutboxEntry>> group : limited.entrySet()) {
            UUID method = group.getKey();
            List<PageLimiter.Limit> limits = limitsOf.get(group.getValue().get(0).channel);
            Instant since = now.minus(ThrottlePlan.lookback(limits, window));
            List<Instant> mine = recent.getOrDefault(method, List.of()).stream().filter(t -> t.isAfter(since)).toList();
            PageLimiter.Decision d = PageLimiter.decide(limits, mine, lastBundle.get(method), window, now);
            out.addAll(admitGroup(group.getValue(), extras.getOrDefault(method, List.of()), d, byId, now));
        }
        return out;
    }

    /** One contact method's due rows against its decided limits: send them, hold them, or fold them into one bundle. */
    private List<OutboxEntry> admitGroup(List<OutboxEntry> claimed, List<OutboxEntry> extras, PageLimiter.Decision d,
                                         Map<UUID, Alert> byId, Instant now) {
        Map<UUID, OutboxEntry> rows = new LinkedHashMap<>();
        List<ThrottlePlan.Due> due = new ArrayList<>();
        for (OutboxEntry r : claimed) {
            rows.put(r.id, r);
            due.add(new ThrottlePlan.Due(r.id, r.alertId, true));
        }
        for (OutboxEntry r : extras) {
            rows.put(r.id, r);
            due.add(new ThrottlePlan.Due(r.id, r.alertId, false));
        }
        ThrottlePlan.Plan plan = ThrottlePlan.plan(due, d);
        if (plan instanceof ThrottlePlan.Hold hold) {
            for (OutboxEntry r : claimed) {
                hold(r, hold.decision(), true);
            }
            for (OutboxEntry r : extras) {
                hold(r, hold.decision(), false);
            }
            return List.of();
        }
        if (plan instanceof ThrottlePlan.PageEach each) {
            // few enough for a page each; extras that are not part of a bundle wait for their own claim
            List<OutboxEntry> send = new ArrayList<>();
            for (ThrottlePlan.Send s : each.sends()) {
                OutboxEntry lead = rows.get(s.lead());
                for (UUID id : s.pages()) {
                    OutboxEntry p = rows.get(id);
                    if (p != lead) {
                        fold(p, lead, "folded into the page of the same alert that goes out now");
                    }
                    chainRepeat(p, byId.get(p.alertId), now);
                }
                dispatched(lead, now);
                send.add(lead);
            }
            return send;
        }
        int alerts = ((ThrottlePlan.Bundle) plan).alerts();
        List<OutboxEntry> all = List.copyOf(rows.values());
        OutboxEntry bundle = bundles.write(all, byId, now);
        for (OutboxEntry p : all) {
            fold(p, bundle, "bundled with " + (alerts - 1) + " other alert(s) into one message");
            chainRepeat(p, byId.get(p.alertId), now);
        }
        return List.of(bundle);
    }

    private void fold(OutboxEntry p, OutboxEntry carrier, String why) {
        p.status = OutboxStatus.CANCELED;
        p.bundleId = carrier.id;
        p.leaseUntil = null;
        p.updatedAt = clock.instant();
        timeline.log(p, TimelineKind.BUNDLED, PageTimeline.describe(p) + ": " + why);
    }

    private void hold(OutboxEntry r, PageLimiter.Decision d, boolean claimedByUs) {
        r.status = OutboxStatus.PENDING;
        r.leaseUntil = null;
        r.notBefore = d.heldUntil();
        if (claimedByUs) {
            r.attempts = Math.max(0, r.attempts - 1); // waiting for a limit is not a failed attempt
            r.claimedAt = null;
        }
        r.updatedAt = clock.instant();
        timeline.log(r, TimelineKind.RATE_LIMITED, PageTimeline.describe(r) + ": held by " + d.reason() + " until " + d.heldUntil()
                + "; then it goes out, bundled with whatever else is due");
    }

    private void cancel(OutboxEntry r, String why) {
        r.status = OutboxStatus.CANCELED;
        r.leaseUntil = null;
        r.error = why;
        r.updatedAt = clock.instant();
    }

    private void dispatched(OutboxEntry r, Instant now) {
        r.dispatchedAt = now;
        r.updatedAt = now;
    }

    /**
     * The next page of a repeating rule, written when the current one goes: only while the alert is triggered
     * and still on this row's step, and only within that step's lifetime (before its next escalation).
     */
    private void chainRepeat(OutboxEntry row, Alert a, Instant now) {
        if (row.repeatSeconds == null || row.repeatSeconds <= 0 || a == null || a.status != AlertStatus.TRIGGERED
                || row.escalationRound == null || a.escalationRound != row.escalationRound
                || a.escalationStep != row.escalationStep || a.nextEscalationAt == null) {
            return;
        }
        Duration every = Duration.ofSeconds(row.repeatSeconds);
        Optional<Instant> next = ThrottlePlan.nextRepeat(row.notBefore, every, now, a.nextEscalationAt);
        if (next.isEmpty()) {
            return;
        }
        int index = (row.repeatIndex == null ? 0 : row.repeatIndex) + 1;
        String key = ThrottlePlan.repeatKey(row.pageKey, index);
        outbox.enqueue(new Page(key, row.alertId, row.userId, row.contactMethodId, row.channel, row.address,
                row.subject, row.body, row.actionUrl, next.get(), row.escalationRound, row.escalationStep, every, index));
    }

    /** A page of a step nobody could be reached in outlives its step: only its alert stopping makes it stale. */
    private static String staleReason(OutboxEntry row, Alert a) {
        Integer round = row.outlivesStep ? null : row.escalationRound;
        return a == null ? ThrottlePlan.staleReason(null, round, row.escalationStep, 0, 0)
                : ThrottlePlan.staleReason(a.status, round, row.escalationStep, a.escalationRound, a.escalationStep);
    }

    /**
     * How many of a bundle's alerts are still triggered, read without locks: a stale answer only sends a bundle whose
     * alerts were all just acknowledged (its link then says so) or cancels one whose last alert was just
     * re-triggered (that alert pages again through its escalation); it leaves no PENDING row behind either way.
     */
    private int openMembers(OutboxEntry bundle) {
        List<UUID> ids = outboxQueries.bundleMembers(bundle.id).stream().map(m -> m.alertId).distinct().toList();
        return (int) alerts.byIds(ids).values().stream().filter(a -> a.status == AlertStatus.TRIGGERED).count();
    }
}
