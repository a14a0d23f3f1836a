package dev.klaxon.testing;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what reached the fake Twilio, per phone. */
public final class Pages {

    /** How long a wait on a fake lasts: the same as every other wait, {@link Eventually#TIMEOUT}. */
    public static final Duration WAIT = Eventually.TIMEOUT;
    private static final Pattern ACK_LINK = Pattern.compile(Pattern.quote(KlaxonTestEnvironment.PUBLIC_URL) + "/ack/(\\S+)");

    private Pages() {
    }

    /** Waits for {@code count} SMS Twilio accepted for this phone (answered 201, so their sids are known). */
    public static List<FakeTwilio.RecordedRequest> awaitSms(String phone, int count) {
        return KlaxonTestEnvironment.twilio().awaitRequests(r -> "POST".equals(r.method())
                && r.path().endsWith("/Messages.json") && phone.equals(r.param("To")) && r.responseStatus() == 201 && r.sid() != null,
                count, WAIT);
    }

    /** Waits for {@code count} calls Twilio accepted for this phone. */
    public static List<FakeTwilio.RecordedRequest> awaitCall(String phone, int count) {
        return KlaxonTestEnvironment.twilio().awaitRequests(r -> "POST".equals(r.method())
                && r.path().endsWith("/Calls.json") && phone.equals(r.param("To")) && r.responseStatus() == 201 && r.sid() != null,
                count, WAIT);
    }

    /** Waits until the condition holds, or fails naming what was awaited (a {@link Eventually} poll). */
    public static void until(String what, java.util.function.BooleanSupplier condition) {
        Eventually.until(condition, what);
    }

    public static int sentTo(String phone) {
        FakeTwilio t = KlaxonTestEnvironment.twilio();
        return t.messagesTo(phone).size() + t.callsTo(phone).size();
    }

    public static String ackToken(FakeTwilio.RecordedRequest sms) {
        Matcher m = ACK_LINK.matcher(sms.param("Body"));
        if (!m.find()) {
            throw new AssertionError("no ack link in SMS: " + sms.param("Body"));
        }
        return m.group(1);
    }

    /** The path (and query) Twilio posts a key press to: the action of the TwiML's {@code <Gather>}. */
    public static String gatherPath(String twiml) {
        Matcher m = Pattern.compile("<Gather[^>]*action=\"([^\"]+)\"").matcher(twiml);
        if (!m.find()) {
            throw new AssertionError("no <Gather action> in " + twiml);
        }
        String url = m.group(1).replace("&amp;", "&");
        if (!url.startsWith(KlaxonTestEnvironment.PUBLIC_URL)) {
            throw new AssertionError("gather action is not under Klaxon's public URL: " + url);
        }
        return url.substring(KlaxonTestEnvironment.PUBLIC_URL.length());
    }

    /** The path of the TwiML URL a call was placed with, as Klaxon's public URL names it. */
    public static String voicePath(FakeTwilio.RecordedRequest call) {
        String url = call.param("Url");
        if (url == null || !url.startsWith(KlaxonTestEnvironment.PUBLIC_URL)) {
            throw new AssertionError("call has no Klaxon TwiML URL: " + url);
        }
        return url.substring(KlaxonTestEnvironment.PUBLIC_URL.length());
    }
}
