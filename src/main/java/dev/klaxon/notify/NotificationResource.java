package dev.klaxon.notify;

import dev.klaxon.alert.AlertService;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/alerts/{id}/notifications}: every page of an alert, its delivery state and provider id, and
 * the bundled pages that carried any of them. {@code status} is PENDING, SENDING, SENT, DELIVERED, FAILED,
 * CANCELED, or BUNDLED for a page folded into another ({@code bundledInto}).
 */
@Path("/api/v1/alerts/{id}/notifications")
public class NotificationResource {

    public record NotificationView(String id, String userId, String contactMethodId, String channel, String address,
                                   String status, Instant notBefore, Instant createdAt, Instant sentAt,
                                   int attempts, String providerId, String providerStatus, String error,
                                   Instant deliveredAt, Integer step, Integer repeatIndex, String bundledInto,
                                   Integer bundleSize, Instant handedOverAt) {
        static NotificationView of(OutboxEntry e) {
            String status = e.bundleId != null ? "BUNDLED" : e.status.name();
            return new NotificationView(e.id.toString(), str(e.userId), str(e.contactMethodId), e.channel, e.address,
                    status, e.notBefore, e.createdAt, e.sentAt, e.attempts, e.providerId, e.providerStatus, e.error,
                    e.deliveredAt, e.escalationStep, e.repeatIndex, str(e.bundleId), e.bundleSize, e.handedOverAt);
        }
    }

    @Inject
    AlertService alerts;

    @Inject
    OutboxQueries outboxQueries;

    @GET
    public List<NotificationView> notifications(@PathParam("id") String id) {
        UUID alertId = alerts.require(Validation.pathId(id, "alert")).id;
        return outboxQueries.forAlert(alertId).stream().map(NotificationView::of).toList();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
