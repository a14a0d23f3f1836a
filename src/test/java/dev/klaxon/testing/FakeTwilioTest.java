package dev.klaxon.testing;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.klaxon.testing.FakeTwilio.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A self-check of test infrastructure, not of Klaxon: {@link FakeTwilio} answers the real Twilio SDK the way
 * Twilio does where Klaxon's tests depend on it (list filters and paging, its clock, validation, waiting).
 */
class FakeTwilioTest extends SdkAgainstFakeTwilio {

    @Test
    void readerIteratesWhatTheFakeReceivedFollowingNextPageUris() {
        for (int i = 0; i < 5; i++) {
            Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "to alice " + i).create(client);
        }
        Message.creator(new PhoneNumber(BOB), new PhoneNumber(FROM), "to bob").create(client);

        List<String> bodies = new ArrayList<>();
        for (Message m : Message.reader().setTo(new PhoneNumber(ALICE)).setPageSize(2L).read(client)) {
            assertEquals(ALICE, m.getTo());
            assertNotNull(m.getDateSent());
            bodies.add(m.getBody());
        }
        assertEquals(5, bodies.size(), bodies.toString());
        assertTrue(bodies.containsAll(List.of("to alice 0", "to alice 1", "to alice 2", "to alice 3", "to alice 4")));
        // first page + two next pages (next_page_uri is turned into https://api.twilio.com/... and rerouted)
        long gets = fake.requests().stream().filter(r -> r.method().equals("GET")).count();
        assertEquals(3, gets);
        RecordedRequest firstGet = fake.requests().stream().filter(r -> r.method().equals("GET")).findFirst().orElseThrow();
        assertEquals(ALICE, firstGet.query().get("To").get(0));

        ZonedDateTime now = ZonedDateTime.now();
        assertEquals(6, count(Message.reader().setDateSentAfter(now.minusHours(1)).read(client)));
        assertEquals(0, count(Message.reader().setDateSentAfter(now.plusHours(1)).read(client)));
        assertEquals(6, count(Message.reader().setDateSentBefore(now.plusHours(1)).read(client)));
        assertEquals(1, count(Message.reader().setTo(BOB).setFrom(FROM).read(client)));
        RecordedRequest ranged = fake.requests().stream()
                .filter(r -> r.query().containsKey("DateSent>")).findFirst().orElseThrow();
        assertTrue(ranged.query().get("DateSent>").get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"));
    }

    @Test
    void fakeCanRunOnTheApplicationsClock() {
        java.time.Instant frozen = java.time.Instant.parse("2026-11-22T03:30:00Z");
        fake.useClock(() -> frozen);
        try {
            Message m = Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "then").create(client);
            assertEquals(frozen, m.getDateCreated().toInstant());
            assertEquals(frozen, fake.messages().get(0).receivedAt());
            ZonedDateTime t = frozen.atZone(java.time.ZoneOffset.UTC);
            assertEquals(1, count(Message.reader().setDateSentAfter(t.minusSeconds(1)).read(client)));
            assertEquals(1, count(Message.reader().setDateSentAfter(t).read(client)), "lower bound is inclusive");
            assertEquals(0, count(Message.reader().setDateSentAfter(t.plusSeconds(1)).read(client)));
            assertEquals(1, count(Message.reader().setDateSent(t).read(client)));
        } finally {
            fake.useClock(null);
        }
    }

    @Test
    void callReaderFiltersByToAndStartTime() {
        Call.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), URI.create("https://k.example/twiml")).create(client);
        Call.creator(new PhoneNumber(BOB), new PhoneNumber(FROM), URI.create("https://k.example/twiml")).create(client);

        assertEquals(1, count(Call.reader().setTo(new PhoneNumber(ALICE)).read(client)));
        assertEquals(2, count(Call.reader().setStartTimeAfter(ZonedDateTime.now().minusMinutes(5)).read(client)));
        assertEquals(0, count(Call.reader().setStartTimeAfter(ZonedDateTime.now().plusMinutes(5)).read(client)));
        assertEquals(0, count(Message.reader().read(client)), "calls are not messages");
    }

    @Test
    void fakeValidatesLikeTwilio() {
        ApiException e = assertThrows(ApiException.class, () ->
                Message.creator(new PhoneNumber("0151 1234"), new PhoneNumber(FROM), "bad").create(client));
        assertEquals(21211, e.getCode());
        ApiException tooLong = assertThrows(ApiException.class, () ->
                Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "x".repeat(1601)).create(client));
        assertEquals(21617, tooLong.getCode());
        Message twoSegments = Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "x".repeat(161)).create(client);
        assertEquals("2", twoSegments.getNumSegments());
        Message unicode = Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "🚨".repeat(40)).create(client);
        assertEquals("2", unicode.getNumSegments());
    }

    @Test
    void awaitMessagesBlocksUntilTheyArriveAndFailsOnTimeout() throws Exception {
        Thread sender = new Thread(() -> {
            sleepQuietly(200);
            Message.creator(new PhoneNumber(ALICE), new PhoneNumber(FROM), "later").create(client);
        });
        sender.start();
        assertEquals("later", fake.awaitMessages(1, Duration.ofSeconds(10)).get(0).param("Body"));
        sender.join();
        assertThrows(AssertionError.class, () -> fake.awaitMessages(2, Duration.ofMillis(100)));
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
