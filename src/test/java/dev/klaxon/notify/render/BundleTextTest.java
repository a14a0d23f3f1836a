package dev.klaxon.notify.render;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleTextTest {

    static final String LIST = "https://klaxon.example.com/ack/bundle/t";
    static final String VOICE = "https://klaxon.example.com/twilio/voice/bundle/t";

    private static List<BundleText.Listed> alerts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new BundleText.Listed(i, "disk full " + i)).toList();
    }

    @Test
    void smsCarriesTheListLinkAndCallsFetchTheVoiceUrl() {
        BundleText sms = BundleText.of("SMS", alerts(3), List.of("payments-api"), LIST, VOICE);
        assertEquals(PageText.bundleSms(3, List.of("payments-api"), LIST), sms.body());
        assertEquals(LIST, sms.actionUrl());
        BundleText call = BundleText.of("VOICE", alerts(3), List.of("payments-api"), LIST, VOICE);
        assertEquals(PageText.spokenBundle(3, List.of("payments-api"), "disk full 3"), call.body());
        assertEquals(VOICE, call.actionUrl());
        assertEquals(PageText.bundleSubject(3, List.of("payments-api")), call.subject());
    }

    @Test
    void longerChannelsListTwentyAlertsThenCountTheRest() {
        BundleText email = BundleText.of("EMAIL", alerts(23), List.of("payments-api"), LIST, VOICE);
        assertTrue(email.body().startsWith(email.subject() + "\n\n#1 disk full 1\n"), email.body());
        assertTrue(email.body().contains("#20 disk full 20\n… and 3 more\n\nAcknowledge all: " + LIST), email.body());
        assertEquals(LIST, email.actionUrl());
    }
}
