package dev.klaxon.platform;

import io.quarkus.arc.Arc;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.InstantSource;
import java.util.List;

/**
 * The admin audit log. Services record each configuration change in the transaction that makes it, so a change
 * and its record commit together. Summaries name things, never secrets (tokens, integration keys, addresses).
 */
@ApplicationScoped
@Transactional
public class AuditLog {

    static final int MAX_SUMMARY = 500;

    @Inject
    InstantSource clock;

    @Inject
    Caller caller;

    public void record(String action, String entityType, Object entityId, String summary) {
        AuditEntry e = new AuditEntry();
        e.at = clock.instant();
        e.actor = actor();
        e.action = action;
        e.entityType = entityType;
        e.entityId = entityId == null ? null : entityId.toString();
        e.summary = Text.shorten(summary, MAX_SUMMARY);
        e.persist();
    }

    /** Newest first; {@code afterId} continues a previous page. */
    public List<AuditEntry> list(int limit, Long afterId) {
        return afterId == null
                ? AuditEntry.<AuditEntry>find("order by id desc").page(Page.ofSize(limit)).list()
                : AuditEntry.<AuditEntry>find("id < ?1 order by id desc", afterId).page(Page.ofSize(limit)).list();
    }

    /** The API caller; changes made outside a request (start-up, sweeps) are Klaxon's own. */
    private String actor() {
        if (Arc.container().requestContext().isActive()) {
            String name = caller.actor();
            if (name != null) {
                return name;
            }
        }
        return "Klaxon";
    }
}
