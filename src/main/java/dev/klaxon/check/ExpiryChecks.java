package dev.klaxon.check;

import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.AlertService;
import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Expiry checks: their configuration, and running those that are due. A check's probe talks to the network, so it
 * runs outside any transaction: the check is claimed first (its due time pushed ahead by a lease, so a replica that
 * dies mid-check only delays it), then the result and the alert it calls for are written together.
 */
@ApplicationScoped
public class ExpiryChecks {

    private static final Logger LOG = Logger.getLogger(ExpiryChecks.class);
    static final int BATCH = 10;
    static final Duration LEASE = Duration.ofMinutes(10);
    static final String ACTOR = "expiry check";

    /** A claimed check, detached: what the probe needs. */
    record Claimed(UUID id, UUID serviceId, CheckType type, String target, Duration window) {
    }

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    KlaxonConfig config;

    @Inject
    ServiceCatalog services;

    @Inject
    AlertService alerts;

    @Inject
    AuditLog audit;

    @Inject
    TlsCertificateProbe tls;

    @Inject
    RdapClient rdap;

    // ---- configuration

    @Transactional
    public ExpiryCheck create(UUID serviceId, CheckType type, String target, Duration window) {
        Service s = services.require(serviceId);
        ExpiryCheck c = new ExpiryCheck();
        c.id = UUID.randomUUID();
        c.serviceId = serviceId;
        c.type = type;
        c.target = target;
        c.windowSeconds = (window == null ? config.checks().defaultWindow() : window).toSeconds();
        c.createdAt = clock.instant();
        c.nextCheckAt = c.createdAt; // the first run is due at once
        c.persist();
        audit.record("created", "expiry-check", c.id, type + " check of " + target + " for service " + s.name);
        return c;
    }

    @Transactional
    public List<ExpiryCheck> list(UUID serviceId) {
        services.require(serviceId);
        return ExpiryCheck.list("serviceId = ?1 order by createdAt, id", serviceId);
    }

    @Transactional
    public ExpiryCheck require(UUID serviceId, UUID checkId) {
        ExpiryCheck c = ExpiryCheck.findById(checkId);
        if (c == null || !c.serviceId.equals(serviceId)) {
            throw KlaxonException.notFound("check " + checkId);
        }
        return c;
    }

    @Transactional
    public void delete(UUID serviceId, UUID checkId) {
        ExpiryCheck c = require(serviceId, checkId);
        c.delete();
        audit.record("deleted", "expiry-check", checkId, c.type + " check of " + c.target);
    }

    // ---- running

    /** Runs every check that is due; returns how many ran. Safe on every replica at once. */
    public int runDue() {
        int total = 0;
        while (true) {
            List<Claimed> batch = QuarkusTransaction.requiringNew().call(() -> claim(BATCH));
            for (Claimed c : batch) {
                try {
                    run(c);
                } catch (RuntimeException e) {
                    // the lease runs out and the check runs again; one broken check never stops the others
                    LOG.warnf("expiry check %s failed to record its result: %s", c.id(), e.toString());
                }
            }
            total += batch.size();
            if (batch.size() < BATCH) {
                return total;
            }
        }
    }

    @SuppressWarnings("unchecked")
    List<Claimed> claim(int limit) {
        Instant now = clock.instant();
        List<Object[]> rows = em.createNativeQuery("""
                        UPDATE expiry_check SET next_check_at = ?1
                        WHERE id IN (SELECT id FROM expiry_check WHERE next_check_at <= ?2
                                     ORDER BY next_check_at LIMIT ?3 FOR UPDATE SKIP LOCKED)
                        RETURNING id, service_id, type, target, window_seconds""")
                .setParameter(1, now.plus(LEASE)).setParameter(2, now).setParameter(3, limit).getResultList();
        return rows.stream().map(r -> new Claimed((UUID) r[0], (UUID) r[1], CheckType.valueOf((String) r[2]),
                (String) r[3], Duration.ofSeconds(((Number) r[4]).longValue()))).toList();
    }

    private void run(Claimed c) {
        ProbeResult result = switch (c.type()) {
            case TLS_CERTIFICATE -> {
                HostPort hp = HostPort.parse(c.target());
                yield tls.probe(hp.host(), hp.port());
            }
            case DOMAIN_EXPIRY -> rdap.expiration(c.target());
        };
        QuarkusTransaction.requiringNew().run(() -> record(c, result));
    }

    private void record(Claimed claimed, ProbeResult result) {
        ExpiryCheck c = ExpiryCheck.findById(claimed.id());
        if (c == null) {
            return; // deleted while it ran
        }
        Instant now = clock.instant();
        Verdict verdict = Verdict.of(c.type, c.target, result, Duration.ofSeconds(c.windowSeconds), now);
        c.lastCheckedAt = now;
        c.lastOk = verdict.ok();
        c.lastExpiresAt = result.expiresAt();
        c.lastError = result.error();
        c.lastWarning = result.warning();
        c.nextCheckAt = now.plus(config.checks().interval());
        String key = ExpiryCheck.dedupKey(c.id);
        if (verdict.ok()) {
            alerts.process(c.serviceId, new AlertEvent(AlertEvent.Action.RESOLVE, key, null, null, ACTOR, null, null,
                    null), ACTOR);
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("check", c.id.toString());
        details.put("type", c.type.name());
        details.put("target", c.target);
        if (result.expiresAt() != null) details.put("expiresAt", result.expiresAt().toString());
        if (result.error() != null) details.put("error", result.error());
        if (result.warning() != null) details.put("warning", result.warning());
        alerts.process(c.serviceId, new AlertEvent(AlertEvent.Action.TRIGGER, key, verdict.summary(), verdict.severity(),
                ACTOR, details, List.of(), null), ACTOR);
    }
}
