package dev.klaxon.notify;

import dev.klaxon.alert.Alert;
import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.notify.render.BundleText;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Writes the bundled page the {@link Throttle} folds a contact method's due pages into; text from {@link BundleText}. */
@ApplicationScoped
@Transactional
public class BundleWriter {

    @Inject
    EntityManager em;

    @Inject
    KlaxonConfig config;

    @Inject
    ServiceCatalog services;

    @Inject
    AckLinks links;

    /**
     * A new row, SENDING and leased to the caller, carrying all of these pages: how many alerts, on which services,
     * one link to act on them all. @return the persisted row
     */
    public OutboxEntry write(List<OutboxEntry> pages, Map<UUID, Alert> byId, Instant now) {
        OutboxEntry first = pages.get(0);
        List<Alert> list = pages.stream().map(p -> byId.get(p.alertId)).filter(Objects::nonNull).distinct()
                .sorted(Comparator.comparing((Alert a) -> a.number)).toList();
        List<String> serviceNames = list.stream().map(a -> a.serviceId).distinct()
                .map(id -> {
                    Service s = services.find(id);
                    return s == null ? "a deleted service" : s.name;
                }).toList();
        OutboxEntry b = new OutboxEntry();
        b.id = UUID.randomUUID();
        b.pageKey = "bundle:" + b.id;
        b.userId = first.userId;
        b.contactMethodId = first.contactMethodId;
        b.channel = first.channel;
        b.address = first.address;
        String token = links.bundleToken(b.id, first.userId);
        BundleText text = BundleText.of(first.channel,
                list.stream().map(a -> new BundleText.Listed(a.number, a.summary)).toList(), serviceNames,
                links.bundleUrl(token), links.voiceBundleUrl(token));
        b.subject = text.subject();
        b.body = text.body();
        b.actionUrl = text.actionUrl();
        int n = list.size();
        b.status = OutboxStatus.SENDING;
        b.notBefore = now;
        b.leaseUntil = now.plus(config.dispatch().lease());
        b.attempts = 1;
        b.claimedAt = now;
        b.dispatchedAt = now;
        b.createdAt = pages.stream().map(p -> p.createdAt).min(Comparator.naturalOrder()).orElse(now);
        b.updatedAt = now;
        b.bundleSize = n;
        em.persist(b);
        return b;
    }
}
