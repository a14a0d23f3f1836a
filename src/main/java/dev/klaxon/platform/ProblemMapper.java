package dev.klaxon.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Maps every failure to problem+json, once. Nothing internal (stack, SQL, secrets) reaches a response. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @Inject
    DatabaseAvailability database;

    @ServerExceptionMapper
    public Response klaxon(KlaxonException e) {
        Response.ResponseBuilder rb = respond(problem(e));
        if (e.retryAfterSeconds() != null) {
            rb.header("Retry-After", e.retryAfterSeconds());
        }
        if (e.kind() == KlaxonException.Kind.TOO_LARGE) {
            rb.header("Connection", "close"); // the rest of the body was not read: the connection cannot be reused
        }
        return rb.build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response json(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !(e instanceof MismatchedInputException)
                && !(m.getCause() instanceof JsonProcessingException) && m.getCause() instanceof RuntimeException) {
            // thrown by our own record constructors during binding: a validation message meant for the caller
            return respond(new Problem("about:blank", "Bad Request", 400, m.getCause().getMessage(), null)).build();
        }
        String field = e instanceof JsonMappingException m ? path(m) : null;
        String detail = JsonErrorWords.of(e);
        List<Problem.Violation> violations = field == null || field.isEmpty() ? null
                : List.of(new Problem.Violation(field, detail));
        return respond(new Problem("about:blank", "Bad Request", 400,
                field == null || field.isEmpty() ? detail : field + ": " + detail, violations)).build();
    }

    /** Quarkus ships a mapper for exactly this type; ours must be as specific to win. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response parse(com.fasterxml.jackson.core.JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = e.getResponse().getStatusInfo();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "no acceptable representation";
            case 415 -> "unsupported content type";
            default -> type.getReasonPhrase();
        };
        if (status == 400 && e.getCause() instanceof JsonProcessingException jpe) {
            return json(jpe);
        }
        if (status == 413) {
            return respond(Problem.tooLarge()).header("Connection", "close").build();
        }
        Response.ResponseBuilder rb = respond(Problem.of(status, type.getReasonPhrase(), detail));
        e.getResponse().getHeaders().forEach((k, v) -> {
            if (k.equalsIgnoreCase("Allow") || k.equalsIgnoreCase("Retry-After")) {
                v.forEach(value -> rb.header(k, value));
            }
        });
        return rb.build();
    }

    @ServerExceptionMapper(priority = 10000)
    public Response unexpected(Throwable e) {
        if (DatabaseAvailability.isOutage(e)) {
            // the database went away under this request: a retryable 503, not a bug (and no stack trace per request)
            database.reportOutage(e);
            LOG.debugf("request refused, database unreachable: %s", e.toString());
            return DatabaseGate.unavailable();
        }
        LOG.errorf(e, "unexpected failure");
        return respond(Problem.of(500, "Internal Server Error", "an unexpected error occurred; it has been logged")).build();
    }

    /**
     * The one mapping of Klaxon's failure kinds to HTTP (RFC 9110 status codes and reason phrases) and an RFC 9457
     * problem document carrying the failure's detail and, for invalid input, the fields at fault.
     */
    public static Problem problem(KlaxonException e) {
        return switch (e.kind()) {
            case INVALID -> new Problem("about:blank", "Bad Request", 400, e.getMessage(), e.violations());
            case UNSUPPORTED_FORMAT -> Problem.of(415, "Unsupported Media Type", e.getMessage());
            case TOO_LARGE -> Problem.tooLarge();
            case NOT_FOUND -> Problem.of(404, "Not Found", e.getMessage());
            case CONFLICT -> Problem.of(409, "Conflict", e.getMessage());
            case UNAUTHENTICATED -> Problem.of(401, "Unauthorized", e.getMessage());
            case FORBIDDEN -> Problem.of(403, "Forbidden", e.getMessage());
            case RATE_LIMITED -> Problem.of(429, "Too Many Requests", e.getMessage());
            case UNAVAILABLE -> Problem.of(503, "Service Unavailable", e.getMessage());
        };
    }

    public static Response.ResponseBuilder respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
