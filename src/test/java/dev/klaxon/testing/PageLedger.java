package dev.klaxon.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A smoke assertion in the style of GoAlert's harness: a scenario names every phone it creates and how many SMS
 * and calls each should get; {@link #assertNothingUnexpected()} waits until no page is in flight and then fails on
 * any page nobody expected — a duplicate, or a message to a phone no step named. Phones of other scenarios are not
 * watched, so work left over from earlier tests cannot fail this one.
 */
public final class PageLedger {

    private record Expected(int sms, int calls) {
    }

    private final Map<String, Expected> phones = new LinkedHashMap<>();

    /** A phone of this scenario that should get exactly these pages. */
    public PageLedger expect(String phone, int sms, int calls) {
        phones.put(phone, new Expected(sms, calls));
        return this;
    }

    /** A phone of this scenario that no step names: any page to it fails the scenario. */
    public PageLedger silent(String phone) {
        return expect(phone, 0, 0);
    }

    /** Waits for the expected pages, lets in-flight ones settle, then fails on anything more or anything else. */
    public void assertNothingUnexpected() {
        FakeTwilio twilio = KlaxonTestEnvironment.twilio();
        phones.forEach((phone, e) -> {
            if (e.sms() > 0) {
                Pages.awaitSms(phone, e.sms());
            }
            if (e.calls() > 0) {
                Pages.awaitCall(phone, e.calls());
            }
        });
        Settled.await();
        StringBuilder unexpected = new StringBuilder();
        phones.forEach((phone, e) -> {
            int sms = twilio.messagesTo(phone).size();
            int calls = twilio.callsTo(phone).size();
            if (sms != e.sms() || calls != e.calls()) {
                unexpected.append(phone).append(": expected ").append(e.sms()).append(" SMS and ").append(e.calls())
                        .append(" calls, got ").append(sms).append(" and ").append(calls).append(twilio.messagesTo(phone)
                                .stream().map(r -> "\n  SMS: " + r.param("Body")).reduce("", String::concat)).append('\n');
            }
        });
        if (!unexpected.isEmpty()) {
            throw new AssertionError("pages nobody expected (duplicates or to a phone no step named):\n" + unexpected);
        }
    }
}
