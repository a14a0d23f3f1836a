package dev.klaxon.check;

import dev.klaxon.alert.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {

    static final Instant NOW = Instant.parse("2026-11-22T03:30:00Z");
    static final Duration WINDOW = Duration.ofDays(14);

    private static Verdict tls(ProbeResult r) {
        return Verdict.of(CheckType.TLS_CERTIFICATE, "example.com:443", r, WINDOW, NOW);
    }

    @Test
    void outsideTheWindowIsOk() {
        assertTrue(tls(new ProbeResult(NOW.plus(Duration.ofDays(14)).plusSeconds(1), null, null)).ok());
    }

    @Test
    void atTheEdgeOfTheWindowAlerts() {
        Verdict v = tls(new ProbeResult(NOW.plus(WINDOW), null, null));
        assertFalse(v.ok());
        assertEquals(Severity.WARNING, v.severity());
        assertEquals("TLS certificate of example.com:443 expires in 14 days (2026-12-06T03:30:00Z)", v.summary());
    }

    @Test
    void expiredIsCriticalAndTheLastHoursAreCountedInHours() {
        assertEquals(Severity.CRITICAL, tls(new ProbeResult(NOW, null, null)).severity());
        assertTrue(tls(new ProbeResult(NOW.plus(Duration.ofHours(30)), null, null)).summary().contains("in 30 hours"));
    }

    @Test
    void aProbeThatCouldNotTellIsAnError() {
        Verdict v = Verdict.of(CheckType.DOMAIN_EXPIRY, "example.com", ProbeResult.failed("RDAP answered HTTP 503"), WINDOW, NOW);
        assertEquals(Severity.ERROR, v.severity());
        assertEquals("Domain expiry check of example.com failed: RDAP answered HTTP 503", v.summary());
    }

    @Test
    void targetsParse() {
        assertEquals(new HostPort("example.com", 443), HostPort.parse("example.com"));
        assertEquals(new HostPort("127.0.0.1", 8443), HostPort.parse("127.0.0.1:8443"));
        assertEquals(new HostPort("::1", 443), HostPort.parse("[::1]:443"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("example.com:0"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("https://example.com"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("example.com:443/path"));
    }
}
