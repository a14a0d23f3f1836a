package dev.klaxon.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.SqlTimes;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Loads and stores alerts: dedup of incoming events, and acknowledge, resolve and escalate through the pure
 * {@link AlertTransitions}; the timeline.
 */
@ApplicationScoped
@Transactional
public class AlertService {

    /** What an incoming event did. */
    public record Outcome(Alert alert, Result result) {
    }

    public enum Result { CREATED, DEDUPLICATED, ACKNOWLEDGED, RESOLVED, UNCHANGED, NO_OPEN_ALERT }

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    ObjectMapper json;

    @Inject
    Event<AlertSignals.Triggered> triggered;

    @Inject
    Event<AlertSignals.Stopped> stopped;

    @Inject
    Event<AlertSignals.EscalateRequested> escalateRequested;

    @Inject
    AlertGroups groups;

    @Inject
    FurtherSteps furtherSteps;

    /** Applies one event from a monitoring system to the open alert with its dedup key (or opens one). */
    public Outcome process(UUID serviceId, AlertEvent e, String actor) {
        return switch (e.action()) {
            case TRIGGER -> countDuplicate(serviceId, e).orElseGet(() -> trigger(serviceId, e, actor));
            case ACKNOWLEDGE -> openByKey(serviceId, e.dedupKey())
                    .map(a -> {
                        note(a, e);
                        boolean changed = acknowledge(a, actor, "integration");
                        return new Outcome(a, changed ? Result.ACKNOWLEDGED : Result.UNCHANGED);
                    })
                    .orElse(new Outcome(null, Result.NO_OPEN_ALERT));
            case RESOLVE -> openByKey(serviceId, e.dedupKey())
                    .map(a -> {
                        note(a, e);
                        if (e.group() != null) {
                            recordGroup(a, e.group(), actor);
                        }
                        resolve(a, actor, "integration");
                        return new Outcome(a, Result.RESOLVED);
                    })
                    .orElse(new Outcome(null, Result.NO_OPEN_ALERT));
        };
    }

    /**
     * Whether a trigger is a plain one: no group to compare and no timeline note to write. Joining an open alert,
     * such a trigger changes nothing but the alert's duplicate count and times, which {@link #countDuplicate} does
     * in one statement.
     */
    public static boolean plainTrigger(AlertEvent e) {
        return e.action() == AlertEvent.Action.TRIGGER && e.group() == null && e.timelineNote() == null;
    }

    /**
     * How far {@code last_triggered_at} may lag behind a counted duplicate's {@code last_duplicate_at}. The column
     * is indexed (the auto-resolve sweep's order), so writing it turns PostgreSQL's in-page (HOT) update of a counted
     * duplicate into a new entry in every index of the table; written at most once a minute per alert, nearly every
     * duplicate stays in-page. The last trigger is the later of the two columns ({@link AlertLifecycle#claimIdle}).
     */
    static final Duration TRIGGER_TIME_LAG = Duration.ofMinutes(1);

    /**
     * A plain trigger ({@link #plainTrigger}) for an open alert, in one statement: counts it on the open alert with
     * this (service, dedup key) — {@code duplicate_count}, {@code last_duplicate_at}, and {@code last_triggered_at}
     * for auto-resolve (within {@link #TRIGGER_TIME_LAG}) — and pages nobody. No advisory lock: numbers are drawn only where an alert is created, and the
     * UPDATE's row lock orders it against an acknowledge or resolve (a resolve that commits first leaves nothing to
     * count, and the trigger then opens a new alert).
     *
     * @return the alert it was counted on (a detached copy of id, number, status and dedup key), or empty when no
     * alert is open with that key or the event is not a plain trigger (then the full path decides)
     */
    public Optional<Outcome> countDuplicate(UUID serviceId, AlertEvent e) {
        if (!plainTrigger(e)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        UPDATE alert SET duplicate_count = duplicate_count + 1, last_duplicate_at = ?1,
                                         last_triggered_at = CASE WHEN last_triggered_at < ?4 THEN ?1
                                                                  ELSE last_triggered_at END,
                                         updated_at = ?1
                        WHERE service_id = ?2 AND dedup_key = ?3 AND status <> 'RESOLVED'
                        RETURNING id, number, status""")
                .setParameter(1, now).setParameter(2, serviceId).setParameter(3, e.dedupKey())
                .setParameter(4, now.minus(TRIGGER_TIME_LAG))
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        Alert a = new Alert();
        a.id = (UUID) r[0];
        a.number = ((Number) r[1]).longValue();
        a.status = AlertStatus.valueOf((String) r[2]);
        a.serviceId = serviceId;
        a.dedupKey = e.dedupKey();
        return Optional.of(new Outcome(a, Result.DEDUPLICATED));
    }

    /** An open alert's identity: one per (service, dedup key). */
    public record OpenKey(UUID serviceId, String dedupKey) {
    }

    /**
     * {@link #countDuplicate} for many keys in ONE statement (group commit): each key's count goes up by how many
     * plain triggers it had. The alerts are locked in id order, so concurrent callers cannot deadlock each other.
     *
     * @param counts plain triggers per key
     * @return the alert each counted key was counted on (detached copies); keys with no open alert are absent
     */
    public java.util.Map<OpenKey, Alert> countDuplicates(java.util.LinkedHashMap<OpenKey, Integer> counts) {
        if (counts.isEmpty()) {
            return java.util.Map.of();
        }
        em.flush();
        Instant now = clock.instant();
        return em.unwrap(org.hibernate.Session.class).doReturningWork(c -> countDuplicates(c, counts, now));
    }

    /**
     * {@link #countDuplicates} on a connection the caller holds, in the caller's transaction on it (group commit's
     * own, for a batch's duplicates: no JTA transaction and no Hibernate session for the commonest event).
     *
     * @param counts plain triggers per key (the alerts are locked in id order, whatever the order given)
     * @param now    the time counted as the duplicates' (UTC instant)
     * @return the alert each counted key was counted on (detached copies); keys with no open alert are absent
     * @throws SQLException what the statement threw
     */
    public static java.util.Map<OpenKey, Alert> countDuplicates(Connection c, java.util.LinkedHashMap<OpenKey, Integer> counts,
                                                                Instant now) throws SQLException {
        UUID[] services = new UUID[counts.size()];
        String[] keys = new String[counts.size()];
        Integer[] ns = new Integer[counts.size()];
        int k = 0;
        for (var e : counts.entrySet()) {
            services[k] = e.getKey().serviceId();
            keys[k] = e.getKey().dedupKey();
            ns[k++] = e.getValue();
        }
        java.util.Map<OpenKey, Alert> out = new java.util.HashMap<>();
        try (var st = c.prepareStatement("""
                WITH locked AS (
                  SELECT a.id, v.n FROM alert a
                  JOIN unnest(?::uuid[], ?::text[], ?::int[]) AS v(service_id, dedup_key, n)
                    ON a.service_id = v.service_id AND a.dedup_key = v.dedup_key
                  WHERE a.status <> 'RESOLVED'
                  ORDER BY a.id FOR UPDATE OF a)
                UPDATE alert a SET duplicate_count = a.duplicate_count + l.n, last_duplicate_at = ?,
                                   last_triggered_at = CASE WHEN a.last_triggered_at < ? THEN ?
                                                            ELSE a.last_triggered_at END,
                                   updated_at = ?
                FROM locked l WHERE a.id = l.id
                RETURNING a.id, a.number, a.status, a.service_id, a.dedup_key""")) {
            java.time.OffsetDateTime at = now.atOffset(java.time.ZoneOffset.UTC);
            st.setArray(1, c.createArrayOf("uuid", services));
            st.setArray(2, c.createArrayOf("text", keys));
            st.setArray(3, c.createArrayOf("int4", ns));
            st.setObject(4, at);
            st.setObject(5, now.minus(TRIGGER_TIME_LAG).atOffset(java.time.ZoneOffset.UTC));
            st.setObject(6, at);
            st.setObject(7, at);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    Alert a = new Alert();
                    a.id = rs.getObject(1, UUID.class);
                    a.number = rs.getLong(2);
                    a.status = AlertStatus.valueOf(rs.getString(3));
                    a.serviceId = rs.getObject(4, UUID.class);
                    a.dedupKey = rs.getString(5);
                    out.put(new OpenKey(a.serviceId, a.dedupKey), a);
                }
            }
        }
        return out;
    }

    /**
     * The full path of a trigger once {@link #countDuplicate} found no open alert: opens one under the
     * (service, dedup key) advisory lock, or joins the alert another transaction opened meanwhile.
     */
    public Outcome open(UUID serviceId, AlertEvent e, String actor) {
        if (e.action() != AlertEvent.Action.TRIGGER) {
            throw new IllegalArgumentException("only a trigger opens an alert");
        }
        return trigger(serviceId, e, actor);
    }

    private Outcome trigger(UUID serviceId, AlertEvent e, String actor) {
        // A resolve committing between our insert attempt and our dedup lookup leaves no open alert to join:
        // then the next attempt opens a new one. Three attempts outlast any such race.
        for (int attempt = 1; ; attempt++) {
            Optional<Outcome> o = tryTrigger(serviceId, e, actor);
            if (o.isPresent()) {
                return o.get();
            }
            if (attempt == 3) {
                throw KlaxonException.unavailable("the alert changed while this event was applied; retry", 1);
            }
        }
    }

    private Optional<Outcome> tryTrigger(UUID serviceId, AlertEvent e, String actor) {
        Instant now = clock.instant();
        // The short number comes from a sequence in the INSERT, and PostgreSQL draws it before ON CONFLICT is known:
        // a duplicate that reached the INSERT would use up a number. So triggers of one (service, dedup key)
        // queue here (a transaction lock, released at commit) and only the one that finds no open alert inserts.
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, serviceId + ":" + e.dedupKey()).getSingleResult();
        Optional<Alert> existing = openByKey(serviceId, e.dedupKey());
        if (existing.isPresent()) {
            return Optional.of(deduplicate(existing.get(), e, actor, now));
        }
        UUID id = UUID.randomUUID();
        // The partial unique index stays the last word should anything insert without the lock.
        int inserted = em.createNativeQuery("""
                        INSERT INTO alert (id, service_id, status, summary, severity, source, dedup_key, details, links,
                                           created_at, updated_at, last_triggered_at)
                        VALUES (?1, ?2, 'TRIGGERED', ?3, ?4, ?5, ?6, CAST(?7 AS jsonb), CAST(?8 AS jsonb), ?9, ?9, ?9)
                        ON CONFLICT (service_id, dedup_key) WHERE status <> 'RESOLVED' DO NOTHING""")
                .setParameter(1, id).setParameter(2, serviceId).setParameter(3, e.summary())
                .setParameter(4, e.severity().name()).setParameter(5, e.source()).setParameter(6, e.dedupKey())
                .setParameter(7, toJson(e.details())).setParameter(8, toJson(e.links()))
                .setParameter(9, now)
                .executeUpdate();
        if (inserted == 1) {
            Alert a = em.find(Alert.class, id, LockModeType.PESSIMISTIC_WRITE);
            log(a, TimelineKind.TRIGGERED, actor, "Alert #" + a.number + " triggered: " + a.summary);
            note(a, e);
            if (e.group() != null) {
                recordGroup(a, e.group(), actor);
            }
            triggered.fire(new AlertSignals.Triggered(a.id));
            return Optional.of(new Outcome(a, Result.CREATED));
        }
        Optional<Alert> found = openByKey(serviceId, e.dedupKey());
        return found.map(open -> deduplicate(open, e, actor, now));
    }

    private Outcome deduplicate(Alert open, AlertEvent e, String actor, Instant now) {
        open.lastTriggeredAt = now;
        if (e.group() != null) {
            // A grouping source re-sends the whole group: only a change of members is news.
            boolean changed = recordGroup(open, e.group(), actor);
            if (e.details() != null) {
                open.details = e.details();
            }
            if (changed) {
                open.updatedAt = now;
                if (e.summary() != null) {
                    open.summary = e.summary(); // the group's summary counts and names its members: keep it current
                }
            }
            return new Outcome(open, changed ? Result.DEDUPLICATED : Result.UNCHANGED);
        }
        open.updatedAt = now;
        if (e.timelineNote() != null) {
            note(open, e);
        } else {
            // counted, not logged: the timeline shows one "deduplicated ×N" line (see timeline())
            em.createNativeQuery("UPDATE alert SET duplicate_count = duplicate_count + 1, last_duplicate_at = ?1 WHERE id = ?2")
                    .setParameter(1, now).setParameter(2, open.id).executeUpdate();
        }
        return new Outcome(open, Result.DEDUPLICATED);
    }

    /** How many alerts of a service are open (triggered or acknowledged). */
    /** Stores a group's members and writes who joined or left. @return whether the membership changed */
    private boolean recordGroup(Alert a, GroupSnapshot snapshot, String actor) {
        List<AlertTransitions.Entry> entries = groups.record(a, snapshot, actor);
        entries.forEach(x -> log(a, x.kind(), x.actor(), x.message()));
        return !entries.isEmpty();
    }

    public long openCount(UUID serviceId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM alert WHERE service_id = ?1 AND status <> 'RESOLVED'")
                .setParameter(1, serviceId).getSingleResult()).longValue();
    }

    /**
     * Whether a service has at least {@code cap} open alerts. Reads at most {@code cap} index entries, however many
     * are open; asked only when a trigger would open a new alert, never for a duplicate.
     */
    public boolean openAtLeast(UUID serviceId, int cap) {
        return ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM (SELECT 1 FROM alert WHERE service_id = ?1 AND status <> 'RESOLVED' LIMIT ?2) o""")
                .setParameter(1, serviceId).setParameter(2, cap).getSingleResult()).longValue() >= cap;
    }

    /** Whether a trigger with this dedup key would join an open alert rather than open a new one. */
    public boolean hasOpen(UUID serviceId, String dedupKey) {
        return Alert.count("serviceId = ?1 and dedupKey = ?2 and status <> ?3", serviceId, dedupKey, AlertStatus.RESOLVED) > 0;
    }

    private void note(Alert a, AlertEvent e) {
        if (e.timelineNote() != null) {
            log(a, TimelineKind.UPDATE, null, e.timelineNote());
        }
    }

    private Optional<Alert> openByKey(UUID serviceId, String dedupKey) {
        return Alert.<Alert>find("serviceId = ?1 and dedupKey = ?2 and status <> ?3", serviceId, dedupKey, AlertStatus.RESOLVED)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    // ---- actions by humans (API, ack link, SMS reply, key press)

    public Alert require(UUID id) {
        Alert a = Alert.findById(id);
        if (a == null) {
            throw KlaxonException.notFound("alert " + id);
        }
        return a;
    }

    /** The alerts with these ids that exist (delivery checks whether a page is still wanted). */
    public java.util.Map<UUID, Alert> byIds(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<UUID, Alert> out = new java.util.HashMap<>();
        for (Alert a : Alert.<Alert>list("id in ?1", ids)) {
            out.put(a.id, a);
        }
        return out;
    }

    /** What {@link #lockForPaging} got: the alerts it locked, and the ids of those a writer holds right now. */
    public record PagingLocks(java.util.Map<UUID, Alert> locked, java.util.Set<UUID> busy) {
    }

    /**
     * The alerts with these ids, each locked against change (FOR SHARE) until the caller's transaction ends: a
     * decision about their pages stays true until it is stored, because an acknowledge or resolve waits for it and
     * then cancels what it left PENDING. Several such readers do not block each other.
     *
     * <p>An alert a writer holds right now (an ingest batch counting a duplicate, an acknowledge or resolve, an
     * escalation step) is not waited for but reported {@code busy} (SKIP LOCKED): writers lock alerts in orders of
     * their own — an ingest batch by (service, dedup key), a resolve one alert and then its outbox rows — so a
     * reader that waited for alerts while holding others, or outbox rows, could close a deadlock cycle with them.
     * A caller that never waits for an alert never closes one.</p>
     *
     * @return the locked alerts by id; ids of alerts that exist but are held by a writer; ids of neither are gone
     */
    @SuppressWarnings("unchecked")
    public PagingLocks lockForPaging(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return new PagingLocks(java.util.Map.of(), java.util.Set.of());
        }
        java.util.Set<UUID> got = new java.util.HashSet<>(em.createNativeQuery(
                        "SELECT id FROM alert WHERE id IN (?1) ORDER BY id FOR SHARE SKIP LOCKED", UUID.class)
                .setParameter(1, List.copyOf(ids)).getResultList());
        java.util.Map<UUID, Alert> locked = new java.util.HashMap<>();
        java.util.Set<UUID> busy = new java.util.HashSet<>();
        // read after the lock: what a locked alert says cannot change before the caller's commit
        for (Alert a : Alert.<Alert>list("id in ?1", List.copyOf(ids))) {
            if (got.contains(a.id)) {
                locked.put(a.id, a);
            } else {
                busy.add(a.id);
            }
        }
        return new PagingLocks(locked, busy);
    }

    /**
     * One alert locked FOR SHARE, waiting for a writer that holds it. Safe from deadlock only for a caller that holds
     * no other lock yet (see {@link #lockForPaging}). @return the alert, or null when it is gone
     */
    public Alert lockForPagingWaiting(UUID id) {
        return em.find(Alert.class, id, LockModeType.PESSIMISTIC_READ);
    }

    public Optional<Alert> byNumber(long number) {
        return Alert.find("number", number).firstResultOptional();
    }

    public Alert lock(UUID id) {
        Alert a = em.find(Alert.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (a == null) {
            throw KlaxonException.notFound("alert " + id);
        }
        return a;
    }

    /** @return false when the alert was not triggered (already acknowledged or resolved): nothing changed. */
    public boolean acknowledge(UUID id, String actor, String surface) {
        return acknowledge(lock(id), actor, surface);
    }

    private boolean acknowledge(Alert a, String actor, String surface) {
        Instant now = clock.instant();
        if (!apply(a, AlertTransitions.acknowledge(AlertState.of(a), actor, surface, now), now)) {
            return false;
        }
        stopped.fire(new AlertSignals.Stopped(a.id, a.status));
        return true;
    }

    /** @return false when already resolved. */
    public boolean resolve(UUID id, String actor, String surface) {
        return resolve(lock(id), actor, surface);
    }

    private boolean resolve(Alert a, String actor, String surface) {
        Instant now = clock.instant();
        if (!apply(a, AlertTransitions.resolve(AlertState.of(a), actor, surface, now), now)) {
            return false;
        }
        stopped.fire(new AlertSignals.Stopped(a.id, a.status));
        return true;
    }

    /** What asking to escalate did. */
    public enum Escalation {
        /** The next step is being paged. */
        ESCALATED,
        /** The policy has no further step: nothing changed, the alert stays with the people who have it. */
        NO_FURTHER_STEP,
        /** The alert is resolved. */
        RESOLVED
    }

    /**
     * Moves to the next escalation step now; an acknowledged alert becomes triggered again. When the policy has no
     * further step the alert is left as it is — its responders keep it, and keep being paged by their rules — and
     * the attempt is recorded on the timeline.
     */
    public Escalation escalate(UUID id, String actor, String surface) {
        Alert a = lock(id);
        if (a.status == AlertStatus.RESOLVED) {
            return Escalation.RESOLVED;
        }
        if (!furtherSteps.exist(a)) {
            log(a, TimelineKind.ESCALATION_UNAVAILABLE, actor, "Escalation requested by " + actor + " via " + surface
                    + ", but the policy has no further step; the alert stays with its current responders");
            return Escalation.NO_FURTHER_STEP;
        }
        if (!apply(a, AlertTransitions.escalate(AlertState.of(a), actor, surface), clock.instant())) {
            return Escalation.RESOLVED;
        }
        escalateRequested.fire(new AlertSignals.EscalateRequested(a.id, actor));
        return Escalation.ESCALATED;
    }

    /** Stores what a transition changed and writes its timeline entry. @return false if it changed nothing */
    boolean apply(Alert a, AlertTransitions.Result r, Instant now) {
        if (!(r instanceof AlertTransitions.Changed c)) {
            return false;
        }
        c.state().applyTo(a);
        a.updatedAt = now;
        log(a, c.entry().kind(), c.entry().actor(), c.entry().message());
        return true;
    }

    public void addNote(UUID id, String actor, String text) {
        Alert a = require(id);
        log(a, TimelineKind.NOTE, actor, text);
    }

    // ---- escalation position, owned here, moved by the engine

    /** Due alerts for the escalation sweep, locked; rows another replica holds are skipped. */
    @SuppressWarnings("unchecked")
    public List<Alert> claimDueEscalations(int limit) {
        List<UUID> ids = em.createNativeQuery("""
                        SELECT id FROM alert WHERE status = 'TRIGGERED' AND next_escalation_at <= ?1
                        ORDER BY next_escalation_at LIMIT ?2 FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, clock.instant()).setParameter(2, limit).getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        // one query for the batch, not one per alert (issue 11: 10,000 steps falling due at once)
        return em.createQuery("from Alert where id in :ids order by nextEscalationAt, id", Alert.class)
                .setParameter("ids", ids).getResultList();
    }

    public void setEscalation(Alert a, int round, int step, Instant next) {
        a.escalationRound = round;
        a.escalationStep = step;
        a.nextEscalationAt = next;
    }

    // ---- reading

    public List<Alert> list(AlertStatus status, UUID serviceId, int limit, Long afterNumber) {
        StringBuilder q = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            params.add(status);
            q.append(" and status = ?").append(params.size());
        }
        if (serviceId != null) {
            params.add(serviceId);
            q.append(" and serviceId = ?").append(params.size());
        }
        if (afterNumber != null) {
            params.add(afterNumber);
            q.append(" and number < ?").append(params.size());
        }
        q.append(" order by number desc");
        return Alert.<Alert>find(q.toString(), params.toArray()).page(Page.ofSize(limit)).list();
    }

    /**
     * An alert's timeline, oldest first. Duplicate triggers are not rows of their own: one entry of kind
     * {@code deduplicated} ("Trigger deduplicated ×N into the open alert, last at …") stands for all of them, at the
     * time of the last one. Rows a previous release wrote for single duplicates are shown as they are.
     */
    public List<AlertLogEntry> timeline(UUID alertId) {
        List<AlertLogEntry> rows = new ArrayList<>(AlertLogEntry.<AlertLogEntry>list("alertId = ?1 order by id", alertId));
        @SuppressWarnings("unchecked")
        List<Object[]> d = em.createNativeQuery("SELECT duplicate_count, last_duplicate_at FROM alert WHERE id = ?1")
                .setParameter(1, alertId).getResultList();
        if (d.isEmpty() || ((Number) d.get(0)[0]).intValue() == 0 || d.get(0)[1] == null) {
            return rows;
        }
        int count = ((Number) d.get(0)[0]).intValue();
        Instant last = SqlTimes.instant(d.get(0)[1]);
        AlertLogEntry dup = new AlertLogEntry(); // never persisted: it stands for the counted duplicates
        dup.alertId = alertId;
        dup.at = last;
        dup.kind = TimelineKind.DEDUPLICATED.wire();
        dup.message = dedupMessage(count, last);
        int at = rows.size();
        while (at > 0 && rows.get(at - 1).at != null && rows.get(at - 1).at.isAfter(last)) {
            at--;
        }
        rows.add(at, dup);
        return rows;
    }

    /** The timeline's line for {@code count} duplicate triggers, the last at {@code last} (UTC, ISO-8601). */
    static String dedupMessage(int count, Instant last) {
        return "Trigger deduplicated ×" + count + " into the open alert, last at " + last;
    }

    public void log(Alert a, TimelineKind kind, String actor, String message) {
        log(a.id, kind, actor, message);
    }

    /** One timeline line for {@link #logAll}. */
    public record Line(UUID alertId, TimelineKind kind, String actor, String message) {
    }

    /**
     * Writes many timeline lines in one statement (the escalation sweep's batch), all at this instant. Their ids
     * grow in list order, so each alert's lines read in the order given, after every line written before.
     */
    public void logAll(List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        UUID[] alertIds = lines.stream().map(Line::alertId).toArray(UUID[]::new);
        String[] kinds = lines.stream().map(l -> l.kind().wire()).toArray(String[]::new);
        String[] actors = lines.stream().map(Line::actor).toArray(String[]::new);
        String[] messages = lines.stream().map(Line::message).toArray(String[]::new);
        java.time.OffsetDateTime at = clock.instant().atOffset(java.time.ZoneOffset.UTC);
        em.unwrap(org.hibernate.Session.class).doWork(c -> {
            // ORDER BY the ordinality: the id sequence is drawn in list order
            try (var st = c.prepareStatement("""
                    INSERT INTO alert_log (alert_id, at, kind, actor, message)
                    SELECT v.alert_id, ?::timestamptz, v.kind, v.actor, v.message
                    FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                         AS v(alert_id, kind, actor, message, ord)
                    ORDER BY v.ord""")) {
                st.setObject(1, at);
                st.setArray(2, c.createArrayOf("uuid", alertIds));
                st.setArray(3, c.createArrayOf("text", kinds));
                st.setArray(4, c.createArrayOf("text", actors));
                st.setArray(5, c.createArrayOf("text", messages));
                st.executeUpdate();
            }
        });
    }

    public void log(UUID alertId, TimelineKind kind, String actor, String message) {
        AlertLogEntry e = new AlertLogEntry();
        e.alertId = alertId;
        e.at = clock.instant();
        e.kind = kind.wire();
        e.actor = actor;
        e.message = message;
        e.persist();
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw KlaxonException.badRequest("details cannot be stored as JSON");
        }
    }
}
