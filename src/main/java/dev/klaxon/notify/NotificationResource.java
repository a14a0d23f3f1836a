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

/** {@code GET /api/v1/alerts/{id}/notifications}: every page of an alert, its delivery state and provider id. */
@Path("/api/v1/alerts/{id}/notifications")
public class NotificationResource {

    public record NotificationView(String id, String userId, String contactMethodId, String channel, String address,
                                   OutboxStatus status, Instant notBefore, Instant createdAt, Instant sentAt,
                                   int attempts, String providerId, String providerStatus, String error) {
        static NotificationView of(OutboxEntry e) {
            return new NotificationView(e.id.toString(), str(e.userId), str(e.contactMethodId), e.channel, e.address,
                    e.status, e.notBefore, e.createdAt, e.sentAt, e.attempts, e.providerId, e.providerStatus, e.error);
        }
    }

    @Inject
    AlertService alerts;

    @Inject
    Outbox outbox;

    @GET
    public List<NotificationView> notifications(@PathParam("id") String id) {
        UUID alertId = alerts.require(Validation.pathId(id, "alert")).id;
        return outbox.forAlert(alertId).stream().map(NotificationView::of).toList();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
