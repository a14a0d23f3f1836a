package dev.klaxon.console;

import dev.klaxon.testing.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.net.URL;

/**
 * Base of the console's browser tests: one headless Chromium ({@link Browser}) per test class, pointed at the
 * running app, with no cookies at the start of each test. Skipped where chromium and chromedriver are missing
 * ({@code .ci/run} installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TestClock clock;

    Browser browser;

    @BeforeAll
    void startBrowser() {
        Assumptions.assumeTrue(Browser.available(), "chromium and chromedriver are installed by .ci/run");
        browser = Browser.start(base.toString());
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshSession() {
        browser.driver.manage().deleteAllCookies();
    }
}
