package dev.klaxon.report;

import dev.klaxon.alert.AlertHistory;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.service.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

@ApplicationScoped
@Transactional
public class ReportService {

    @Inject
    ServiceCatalog services;

    @Inject
    AlertHistory history;

    @Inject
    OutboxQueries outboxQueries;

    public ServiceReport forService(UUID serviceId, Instant from, Instant to) {
        services.require(serviceId);
        List<AlertHistory.Facts> alerts = history.createdBetween(serviceId, from, to);
        List<Duration> toAck = alerts.stream().filter(a -> a.firstAcknowledgedAt() != null)
                .map(a -> Duration.between(a.createdAt(), a.firstAcknowledgedAt())).toList();
        List<Duration> toResolve = alerts.stream().filter(a -> a.resolvedAt() != null)
                .map(a -> Duration.between(a.createdAt(), a.resolvedAt())).toList();
        return new ServiceReport(serviceId.toString(), from, to, alerts.size(), toAck.size(), toResolve.size(),
                DurationStats.of(toAck), DurationStats.of(toResolve),
                outboxQueries.sentPerChannel(alerts.stream().map(AlertHistory.Facts::id).filter(Objects::nonNull).toList()));
    }
}
