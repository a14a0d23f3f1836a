package dev.klaxon.docs;

import dev.klaxon.notify.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell line docs/api.md gives receivers to check {@code X-Klaxon-Signature} prints exactly the header's value
 * (bare lowercase hex), for a body with quotes, a newline and non-ASCII text.
 */
class WebhookSignatureDocsTest {

    @Test
    void theDocumentedOpensslLinePrintsTheHeaderValue() throws Exception {
        String line = Docs.shellBlocks(Docs.section(Docs.read("docs/api.md"), "## Pages by channel")).stream()
                .flatMap(b -> b.lines()).filter(l -> l.contains("openssl dgst")).findFirst()
                .orElseThrow(() -> new AssertionError("docs/api.md has the openssl check"));
        String secret = "s3cr3t-signing-key";
        String timestamp = "1795923000";
        String body = "{\"event\":\"page\",\"text\":\"Störung \\\"db-1\\\"\nline two\"}";

        ProcessBuilder pb = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true);
        pb.environment().putAll(Map.of("SECRET", secret, "TIMESTAMP", timestamp, "BODY", body));
        Process p = pb.start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "openssl finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertEquals(0, p.exitValue(), out);
        assertEquals(WebhookSignature.sign(secret, timestamp, body), out, "the snippet " + List.of(line));
    }
}
