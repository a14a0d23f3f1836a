package dev.klaxon.notify;

import dev.klaxon.alert.AlertService;
import dev.klaxon.platform.AddressMask;
import dev.klaxon.platform.Caller;
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
        /** A RESPONDER sees another user's pages with the address masked and addresses in the error masked. */
        NotificationView masked() {
            return new NotificationView(id, userId, contactMethodId, channel, AddressMask.mask(address), status,
                    notBefore, createdAt, sentAt, attempts, providerId, providerStatus, AddressMask.redact(error),
                    deliveredAt, step, repeatIndex, bundledInto, bundleSize, handedOverAt);
        }

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

    @Inject
    Caller caller;

    @GET
    public List<NotificationView> notifications(@PathParam("id") String id) {
        UUID alertId = alerts.require(Validation.pathId(id, "alert")).id;
        return outboxQueries.forAlert(alertId).stream().map(e -> {
            NotificationView v = NotificationView.of(e);
            boolean full = caller.isAdmin() || (e.userId != null && e.userId.equals(caller.userId()));
            return full ? v : v.masked();
        }).toList();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
