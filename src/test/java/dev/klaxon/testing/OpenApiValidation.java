package dev.klaxon.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Holds every request and response of the API tests to the OpenAPI document the service publishes at
 * {@code /q/openapi} (Atlassian's swagger-request-validator), so the document and the service cannot drift apart:
 * an undocumented status code, field, null or content type fails the test that met it. The document is fetched once
 * from the running application, from the same host and port as the first request validated.
 * <p>
 * Only Klaxon's API routes are checked (those under {@link #DOCUMENTED}); the console's HTML pages and the management
 * port are not part of the document. {@link #STRICT} checks the request and the response; {@link #RESPONSES} checks
 * only the response, for requests that break the document on purpose (malformed JSON, wrong types, no token, unknown
 * ids in the wrong shape, bodies over the limit): what the service answers them must still be documented.
 */
public final class OpenApiValidation implements Filter {

    /** Path prefixes the document describes. */
    static final List<String> DOCUMENTED = List.of("/api/v1/", "/hooks/", "/v2/enqueue", "/ack/", "/twilio/",
            "/pushover/", "/calendar/");

    public static final OpenApiValidation STRICT = new OpenApiValidation(true);
    public static final OpenApiValidation RESPONSES = new OpenApiValidation(false);

    private static final ConcurrentHashMap<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final AtomicInteger VALIDATED = new AtomicInteger();
    private static final java.util.Set<String> EXEMPT = ConcurrentHashMap.newKeySet();

    private final boolean requests;

    private OpenApiValidation(boolean requests) {
        this.requests = requests;
    }

    /**
     * Stops checking exchanges with the service at {@code base} ({@code http://127.0.0.1:18321}): for a previous
     * release, whose document is its own and older than the one this build promises.
     */
    public static void exempt(String base) {
        EXEMPT.add(base);
    }

    /** How many exchanges were validated in this JVM so far. */
    public static int validated() {
        return VALIDATED.get();
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        String path = uri.getRawPath();
        if (DOCUMENTED.stream().noneMatch(path::startsWith)
                || EXEMPT.contains(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort())) {
            return response;
        }
        OpenApiInteractionValidator validator = validator(uri);
        ValidationReport report;
        if (requests) {
            report = validator.validate(withForm(request, RestAssuredRequest.of(request)), RestAssuredResponse.of(response));
        } else {
            Request.Method method = Request.Method.valueOf(request.getMethod().toUpperCase(java.util.Locale.ROOT));
            report = validator.validateResponse(path, method, RestAssuredResponse.of(response));
        }
        VALIDATED.incrementAndGet();
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !formValueTyped(request, m))
                // an unknown path or method is what a request that is wrong on purpose may ask for
                .filter(m -> requests || !m.getKey().equals("validation.request.path.missing")
                        && !m.getKey().equals("validation.request.operation.notAllowed"))
                .toList();
        if (!errors.isEmpty()) {
            report = ValidationReport.from(errors);
            throw new AssertionError("The exchange does not match the published OpenAPI document (/q/openapi):\n"
                    + request.getMethod() + " " + path + " -> " + response.getStatusCode() + "\n"
                    + SimpleValidationReportFormat.getInstance().apply(report)
                    + "\nresponse body: " + abbreviate(response.asString()));
        }
        return response;
    }

    /**
     * The validator reads form values that spell a number ("1", "+4915…") as numbers, then finds them not to be the
     * strings the document rightly says every form value is: that report is the validator's, not a drift.
     */
    private static boolean formValueTyped(FilterableRequestSpecification request, ValidationReport.Message m) {
        String type = request.getContentType();
        return type != null && type.startsWith("application/x-www-form-urlencoded")
                && m.getKey().equals("validation.request.body.schema.type")
                && m.getMessage().matches("(?s).*Instance type \\((integer|number|boolean)\\).*allowed: \\[\"string\"\\].*");
    }

    /** REST Assured keeps form parameters apart from the body; the validator must see them as the body they are. */
    private static Request withForm(FilterableRequestSpecification spec, Request r) {
        if (spec.getFormParams().isEmpty() || r.getRequestBody().isPresent()) {
            return r;
        }
        String body = spec.getFormParams().entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        SimpleRequest.Builder b = new SimpleRequest.Builder(r.getMethod(), r.getPath()).withBody(body);
        r.getHeaders().forEach((name, values) -> b.withHeader(name, new ArrayList<>(values)));
        r.getQueryParameters().forEach(q -> b.withQueryParam(q, new ArrayList<>(r.getQueryParameterValues(q))));
        return b.build();
    }

    private static OpenApiInteractionValidator validator(URI uri) {
        String base = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
        return VALIDATORS.computeIfAbsent(base, OpenApiValidation::load);
    }

    private static OpenApiInteractionValidator load(String base) {
        String document;
        try {
            // HTTP/1.1: the JDK client otherwise asks for an h2c upgrade, which once failed mid-document (frame size error)
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET /q/openapi answered " + r.statusCode());
            }
            document = r.body();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot fetch /q/openapi from " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000) + "…";
    }
}
