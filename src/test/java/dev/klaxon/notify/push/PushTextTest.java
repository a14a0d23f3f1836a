package dev.klaxon.notify.push;

import dev.klaxon.notify.OutboxEntry;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PushTextTest {

    private static OutboxEntry row(String subject, String body, String actionUrl) {
        OutboxEntry r = new OutboxEntry();
        r.id = UUID.randomUUID();
        r.subject = subject;
        r.body = body;
        r.actionUrl = actionUrl;
        return r;
    }

    @Test
    void aPageLosesTheRepeatedSubjectAndTheAckLineTheNotificationAlreadyOffers() {
        String subject = "[Klaxon #7 CRITICAL] disk full";
        String url = "https://klaxon.example.com/ack/abc.def";
        OutboxEntry r = row(subject, subject + "\n\ndisk full on db-1 (/var 99%)\n\nAcknowledge: " + url, url);
        assertEquals("disk full on db-1 (/var 99%)", PushText.message(r));
        assertEquals(subject, PushText.title(r));
    }

    @Test
    void aBodyOfAnotherShapeIsKeptAsItIs() {
        OutboxEntry r = row("Klaxon test message", "Klaxon test message: this contact method can be paged.", null);
        assertEquals("Klaxon test message: this contact method can be paged.", PushText.message(r));
        assertEquals("7 alerts on payments-api", PushText.message(row("Klaxon", "7 alerts on payments-api", "https://x/ack/t")));
    }

    @Test
    void longTextIsCutWithAnEllipsis() {
        assertEquals("abc…", PushText.cut("abcdefgh", 4));
        assertEquals("abcd", PushText.cut("abcd", 4));
    }
}
