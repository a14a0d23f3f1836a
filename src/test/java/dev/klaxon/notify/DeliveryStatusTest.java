package dev.klaxon.notify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryStatusTest {

    @ParameterizedTest
    @CsvSource({"no-answer", "busy", "failed", "canceled", "completed"})
    void callsThatNobodyAnsweredWithAKeyAreNotDelivered(String status) {
        assertEquals(DeliveryStatus.Outcome.NOT_DELIVERED, DeliveryStatus.outcome("VOICE", status));
    }

    @ParameterizedTest
    @CsvSource({"queued", "initiated", "ringing", "in-progress", "answered"})
    void callsUnderWayAreProgress(String status) {
        assertEquals(DeliveryStatus.Outcome.PROGRESS, DeliveryStatus.outcome("VOICE", status));
    }

    @ParameterizedTest
    @CsvSource({"delivered,DELIVERED", "read,DELIVERED", "undelivered,NOT_DELIVERED", "failed,NOT_DELIVERED",
            "sent,PROGRESS", "queued,PROGRESS", "sending,PROGRESS"})
    void smsStatuses(String status, DeliveryStatus.Outcome outcome) {
        assertEquals(outcome, DeliveryStatus.outcome("SMS", status));
    }

    @Test
    void statusesOnlyMoveForward() {
        assertTrue(DeliveryStatus.rank("VOICE", "ringing") > DeliveryStatus.rank("VOICE", "initiated"));
        assertTrue(DeliveryStatus.rank("VOICE", "completed") > DeliveryStatus.rank("VOICE", "in-progress"));
        assertTrue(DeliveryStatus.rank("SMS", "delivered") > DeliveryStatus.rank("SMS", "sent"));
        assertTrue(DeliveryStatus.rank("SMS", "sent") > DeliveryStatus.rank("SMS", "queued"));
        assertEquals(-1, DeliveryStatus.rank("SMS", "bogus"));
    }
}
