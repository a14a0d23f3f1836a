package dev.klaxon.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small OpenID Connect provider on loopback, as far as the authorization-code flow needs one (OpenID Connect
 * Core 1.0 §3.1, Discovery 1.0, RFC 7636 PKCE, RP-Initiated Logout 1.0): a discovery document, a JWKS with an RSA
 * key generated for this run, {@code /authorize} that signs in whoever {@link #login} named without asking and
 * redirects back with a code, {@code /token} that checks the client secret, the redirect URI and the PKCE verifier
 * and answers an RS256-signed ID token carrying the nonce, and {@code /logout}. Codes are single-use.
 */
public final class FakeOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "klaxon-test";
    public static final String CLIENT_SECRET = "fake-oidc-client-secret-0123456789abcdef";

    /** Who {@code /authorize} signs in; {@code emailVerified} null leaves the claim out of the ID token. */
    public record Login(String subject, String email, Boolean emailVerified) {
    }

    /** One request as received (path, query or form parameters). */
    public record Request(String method, String path, Map<String, String> params) {
    }

    private record Grant(Login login, String clientId, String redirectUri, String nonce, String codeChallenge) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-oidc");
        t.setDaemon(true);
        return t;
    });
    private final RsaJsonWebKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Login login = new Login("nobody", "nobody@example.com", true);

    private FakeOidcProvider() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(UUID.randomUUID().toString());
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeOidcProvider start() {
        return new FakeOidcProvider();
    }

    /** The issuer: {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Who the next {@code /authorize} signs in. */
    public void login(Login who) {
        this.login = who;
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public void reset() {
        requests.clear();
        codes.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = ex.getRequestURI().getRawPath();
            Map<String, String> params = FakeHttpServer.parse(ex.getRequestURI().getRawQuery());
            FakeHttpServer.parse(body).forEach(params::putIfAbsent);
            requests.add(new Request(ex.getRequestMethod(), path, params));
            switch (path) {
                case "/.well-known/openid-configuration" -> json(ex, 200, discovery());
                case "/jwks" -> send(ex, 200, "application/json", new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                case "/authorize" -> authorize(ex, params);
                case "/token" -> token(ex, params);
                case "/logout" -> {
                    String back = params.get("post_logout_redirect_uri");
                    if (back == null) {
                        send(ex, 200, "text/plain", "signed out");
                    } else {
                        redirect(ex, back);
                    }
                }
                default -> send(ex, 404, "text/plain", "not found");
            }
        } catch (RuntimeException | JoseException e) {
            send(ex, 500, "text/plain", "fake oidc failed: " + e);
        }
    }

    private Map<String, Object> discovery() {
        String i = issuer();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", i);
        d.put("authorization_endpoint", i + "/authorize");
        d.put("token_endpoint", i + "/token");
        d.put("jwks_uri", i + "/jwks");
        d.put("end_session_endpoint", i + "/logout");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("scopes_supported", List.of("openid", "email"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        return d;
    }

    private void authorize(HttpExchange ex, Map<String, String> p) throws IOException {
        String redirect = p.get("redirect_uri");
        if (!"code".equals(p.get("response_type")) || !CLIENT_ID.equals(p.get("client_id")) || redirect == null
                || !List.of(p.getOrDefault("scope", "").split(" ")).contains("openid")) {
            send(ex, 400, "text/plain", "bad authorization request: " + p);
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(login, p.get("client_id"), redirect, p.get("nonce"), p.get("code_challenge")));
        redirect(ex, redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code)
                + (p.containsKey("state") ? "&state=" + enc(p.get("state")) : ""));
    }

    private void token(HttpExchange ex, Map<String, String> p) throws IOException, JoseException {
        String[] client = clientCredentials(ex, p);
        if (!CLIENT_ID.equals(client[0]) || !CLIENT_SECRET.equals(client[1])) {
            json(ex, 401, Map.of("error", "invalid_client"));
            return;
        }
        Grant g = p.get("code") == null ? null : codes.remove(p.get("code"));
        if (!"authorization_code".equals(p.get("grant_type")) || g == null || !g.redirectUri().equals(p.get("redirect_uri"))
                || (g.codeChallenge() != null && !g.codeChallenge().equals(s256(p.get("code_verifier"))))) {
            json(ex, 400, Map.of("error", "invalid_grant"));
            return;
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setAudience(g.clientId());
        claims.setSubject(g.login().subject());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setGeneratedJwtId();
        if (g.nonce() != null) {
            claims.setClaim("nonce", g.nonce());
        }
        claims.setClaim("email", g.login().email());
        if (g.login().emailVerified() != null) {
            claims.setClaim("email_verified", g.login().emailVerified());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        json(ex, 200, Map.of("access_token", UUID.randomUUID().toString(), "token_type", "Bearer", "expires_in", 300,
                "id_token", jws.getCompactSerialization()));
    }

    private static String[] clientCredentials(HttpExchange ex, Map<String, String> p) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        }
        return new String[] {p.get("client_id"), p.get("client_secret")};
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return null;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
    }

    private static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsString(value));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
