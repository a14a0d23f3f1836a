package dev.klaxon.testing;

import com.twilio.http.TwilioRestClient;
import dev.klaxon.notify.twilio.TwilioClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Base of plain JUnit tests (no Quarkus) that drive the official Twilio SDK against a {@link FakeTwilio} of their
 * own: one fake and one client from {@link TwilioClientFactory} (2 s connect, 5 s response timeout) per class, the
 * fake reset before each test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class SdkAgainstFakeTwilio {

    /** A Twilio magic test number, as a sender. */
    protected static final String FROM = "+15005550006";
    protected static final String ALICE = "+4915112345678";
    protected static final String BOB = "+14155550123";

    protected static FakeTwilio fake;
    protected static TwilioRestClient client;

    @BeforeAll
    static void startFakeAndClient() {
        fake = FakeTwilio.start();
        client = TwilioClientFactory.create(fake.accountSid(), fake.authToken(), fake.uri(),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopFakeAndClient() {
        TwilioClientFactory.close(client);
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }
}
