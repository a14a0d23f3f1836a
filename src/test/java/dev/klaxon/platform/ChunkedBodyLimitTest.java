package dev.klaxon.platform;

import dev.klaxon.ingest.BodyLimitsTest;
import dev.klaxon.testing.KlaxonTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.klaxon.testing.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chunked body declares no length, so nothing refuses it up front: the admin API's JSON and Twilio's forms are
 * read up to 1 MiB and no further, then answered with the same 413 problem+json as a declared one — quietly, with no
 * ERROR in the log (Quarkus' own 2 MiB stop used to answer an empty 413 and log two stack traces).
 */
@QuarkusTest
class ChunkedBodyLimitTest {

    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureErrors() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/users,application/json", "/api/v1/teams,application/json",
            "/twilio/sms,application/x-www-form-urlencoded"})
    void chunkedBodiesOverOneMebibyteAreA413ProblemAndNoErrorInTheLog(String path, String contentType) throws Exception {
        // well-formed as far as it goes: many short strings in an unknown field, or one long form value
        boolean json = contentType.endsWith("json");
        BodyLimitsTest.RawResponse r = BodyLimitsTest.post(path, contentType,
                Map.of("Authorization", "Bearer " + KlaxonTest.ADMIN_TOKEN),
                json ? "{\"name\":\"n\",\"x\":[" : "From=%2B4915112345678&Body=", json ? "\"a\"," : "a", true);
        assertEquals(413, r.status(), r.toString());
        assertTrue(String.valueOf(r.headers().get("content-type")).startsWith("application/problem+json"), r.toString());
        assertTrue(r.body().contains("\"status\":413") && r.body().contains("1 MiB"), r.body());
        assertTrue(r.body().contains("\"title\":\"Payload Too Large\""), r.body());
        assertEquals("close", r.headers().get("connection"), r.toString());
        assertTrue(r.bytesWritten() < BodyLimitsTest.TEN_MB, "answered before the whole body: " + r.bytesWritten());
        // and the server keeps serving
        admin().get("/api/v1/users").then().statusCode(200);
        assertEquals(List.of(), errors.stream().map(e -> e.getLoggerName() + ": " + e.getMessage()
                + (e.getThrown() == null ? "" : " " + e.getThrown())).toList());
    }
}
