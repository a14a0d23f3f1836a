package dev.klaxon.service;

import dev.klaxon.escalation.EscalationPolicyService;
import dev.klaxon.escalation.PolicyDeleting;
import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Services and their integrations (the secret keys monitoring systems post to). */
@ApplicationScoped
@Transactional
public class ServiceCatalog {

    @Inject
    InstantSource clock;

    @Inject
    EscalationPolicyService policies;

    @Inject
    AuditLog audit;

    @Inject
    jakarta.enterprise.event.Event<IntegrationKeys.Changed> keysChanged;

    public Service create(String name, UUID policyId, Duration ackTimeout, Duration autoResolve) {
        policies.require(policyId);
        Service s = new Service();
        s.id = UUID.randomUUID();
        s.name = name;
        s.escalationPolicyId = policyId;
        s.ackTimeoutSeconds = ackTimeout == null ? null : ackTimeout.toSeconds();
        s.autoResolveSeconds = autoResolve == null ? null : autoResolve.toSeconds();
        s.createdAt = clock.instant();
        s.persist();
        audit.record("created", "service", s.id, "service " + name);
        return s;
    }

    public Service require(UUID id) {
        Service s = Service.findById(id);
        if (s == null) {
            throw KlaxonException.notFound("service " + id);
        }
        return s;
    }

    public Service find(UUID id) {
        return Service.findById(id);
    }

    /** The services with these ids that exist, in one query. */
    public Map<UUID, Service> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Service> out = new HashMap<>();
        Service.<Service>list("id in ?1", ids).forEach(s -> out.put(s.id, s));
        return out;
    }

    public List<Service> list() {
        return Service.list("order by name, id");
    }

    /** Services whose idle alerts resolve by themselves (few; the lifecycle sweep walks them). */
    public List<Service> withAutoResolve() {
        return Service.list("autoResolveSeconds is not null");
    }

    /** A null argument leaves the field as it is; {@code clear*} empties an optional duration. */
    public Service update(UUID id, String name, UUID policyId, Optional<Duration> ackTimeout, Optional<Duration> autoResolve) {
        Service s = require(id);
        if (name != null) s.name = name;
        if (policyId != null) {
            policies.require(policyId);
            s.escalationPolicyId = policyId;
        }
        if (ackTimeout != null) s.ackTimeoutSeconds = ackTimeout.map(Duration::toSeconds).orElse(null);
        if (autoResolve != null) s.autoResolveSeconds = autoResolve.map(Duration::toSeconds).orElse(null);
        audit.record("updated", "service", s.id, "service " + s.name);
        return s;
    }

    public void delete(UUID id) {
        Service s = require(id);
        keysChanged.fire(new IntegrationKeys.Changed()); // its integrations go with it
        s.delete();
        audit.record("deleted", "service", id, "service " + s.name);
    }

    // ---- integrations

    public Integration addIntegration(UUID serviceId, IntegrationType type, String name, Duration heartbeat) {
        require(serviceId);
        Integration i = new Integration();
        i.id = UUID.randomUUID();
        i.serviceId = serviceId;
        i.type = type;
        i.name = name;
        i.integrationKey = Tokens.random("").substring(0, 32);
        i.heartbeatSeconds = heartbeat == null ? null : heartbeat.toSeconds();
        i.createdAt = clock.instant();
        i.persist();
        keysChanged.fire(new IntegrationKeys.Changed()); // a key cached as unknown is known now
        // never the key: it is the integration's secret
        audit.record("created", "integration", i.id, type + " integration " + name + " of service " + require(serviceId).name);
        return i;
    }

    public List<Integration> integrations(UUID serviceId) {
        require(serviceId);
        return Integration.list("serviceId = ?1 order by createdAt, id", serviceId);
    }

    public void deleteIntegration(UUID serviceId, UUID integrationId) {
        Integration i = Integration.findById(integrationId);
        if (i == null || !i.serviceId.equals(serviceId)) {
            throw KlaxonException.notFound("integration " + integrationId);
        }
        i.delete();
        keysChanged.fire(new IntegrationKeys.Changed());
        audit.record("deleted", "integration", integrationId, i.type + " integration " + i.name);
    }

    /** The integration for a webhook key; one indexed lookup whether or not the key exists. */
    public Optional<Integration> byKey(String key) {
        return Integration.find("integrationKey", key).firstResultOptional();
    }

    void refuseDeletingUsedPolicy(@Observes PolicyDeleting event) {
        List<String> names = Service.<Service>list("escalationPolicyId", event.policyId()).stream().map(s -> s.name).toList();
        if (!names.isEmpty()) {
            throw KlaxonException.conflict("escalation policy " + event.name() + " is used by services " + names);
        }
    }
}
