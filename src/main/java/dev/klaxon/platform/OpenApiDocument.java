package dev.klaxon.platform;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completes the published OpenAPI document ({@code /q/openapi}, registered as {@code mp.openapi.filter}) with what
 * holds for every operation and cannot be read off one method: the bearer-token security scheme (and no security on
 * the routes that carry their secret in the URL or are signed by their sender), the problem+json error responses of
 * API.md's status-code list, the formats {@code /hooks/{key}} and {@code /v2/enqueue} take ({@link IngestSchemas}),
 * which request fields are required, and {@code nullable} on every response field that is not always present. Runs once, when the document
 * is built; a schema it names that no longer exists fails the build instead of leaving the document silently wrong.
 * The API tests validate every request and response they exchange against the result ({@code OpenApiValidation}).
 */
public class OpenApiDocument implements OASFilter {

    /** The scheme name the document uses for {@code Authorization: Bearer <token>}. */
    public static final String BEARER = "bearer";

    /** Routes that take no bearer token: their secret is in the URL (keys, ack and calendar tokens) or a signature. */
    static final List<String> PUBLIC_PREFIXES = List.of("/hooks/", "/v2/enqueue", "/ack/", "/twilio/", "/pushover/",
            "/calendar/");

    /** Reads any role may make; every other /api/v1 operation answers 403 to a role too weak for it. */
    static final Set<String> ADMIN_ONLY_READS = Set.of("/api/v1/api-tokens", "/api/v1/audit-log",
            "/api/v1/webhook-signing-secret", "/api/v1/services/{id}/integrations");

    /** Operations that text a confirmation code, and so answer 429 past the hourly cap (PhoneConfirmation). */
    static final Set<String> CONFIRMATION_CODES = Set.of("/api/v1/users/{userId}/contact-methods",
            "/api/v1/users/{userId}/contact-methods/{cmId}/confirmation-code");

    /** Request fields the service refuses to do without (400 naming the field), by schema. PATCH bodies are exempt. */
    static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("CreateToken", List.of("name", "role"));
        REQUIRED.put("UserBody", List.of("name", "email"));
        REQUIRED.put("TeamBody", List.of("name"));
        REQUIRED.put("ContactMethodBody", List.of("type", "address"));
        REQUIRED.put("RuleBody", List.of("contactMethodId"));
        REQUIRED.put("ConfirmBody", List.of("code"));
        REQUIRED.put("NoteBody", List.of("text"));
        REQUIRED.put("SnoozeBody", List.of("duration"));
        REQUIRED.put("OverrideBody", List.of("userId", "start", "end"));
        REQUIRED.put("WindowBody", List.of("start", "end"));
        REQUIRED.put("CheckBody", List.of("type", "target"));
        REQUIRED.put("ServiceBody", List.of("name", "escalationPolicyId"));
        REQUIRED.put("IntegrationBody", List.of("type"));
        REQUIRED.put("PolicyBody", List.of("name", "steps"));
        REQUIRED.put("StepBody", List.of("targets"));
        REQUIRED.put("TargetBody", List.of("type", "id"));
        REQUIRED.put("ScheduleBody", List.of("name", "timeZone", "layers"));
        REQUIRED.put("LayerDoc", List.of("rotationStart", "shiftLength", "participants"));
        REQUIRED.put("RestrictionDoc", List.of("start", "end"));
    }

    private static final String SCHEMAS = "#/components/schemas/";
    private static final String RESPONSES = "#/components/responses/";

    /** Response fields that are always present and never null, by schema (besides {@code id} of every *View). */
    static final Map<String, List<String>> ALWAYS = Map.of(
            "TokenCreated", List.of("id", "token"),
            "IntegrationView", List.of("id", "serviceId", "type", "name", "key", "url"),
            "AlertView", List.of("id", "number", "serviceId", "status", "severity", "dedupKey", "createdAt"),
            "Processed", List.of("status", "message"),
            "Refused", List.of("status", "message", "errors"));

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            api.setComponents(components);
        }
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").description("An API token: `Authorization: Bearer <token>`. Tokens are created with "
                        + "POST /api/v1/api-tokens and shown once; a token acts with the lower of its own role and its "
                        + "user's current role."));
        api.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme(BEARER))));
        problemSchemas(components);
        IngestSchemas.add(components);
        errorResponses(components);
        required(components);

        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
                for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                    operation(components, path.getKey(), op.getKey(), op.getValue());
                }
            }
        }
        nullable(components);
    }

    private static void operation(Components components, String path, PathItem.HttpMethod method, Operation op) {
        boolean isPublic = PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
        if (isPublic) {
            op.setSecurity(new ArrayList<SecurityRequirement>()); // an empty list: no token at all
        }
        APIResponses responses = op.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            op.setResponses(responses);
        }
        boolean hasBody = op.getRequestBody() != null;
        boolean hasParams = op.getParameters() != null && !op.getParameters().isEmpty();
        if (path.equals("/hooks/{key}")) {
            if (method == PathItem.HttpMethod.POST) {
                op.setRequestBody(IngestSchemas.hookBody());
                add(responses, "400", "BadRequest");
                add(responses, "413", "PayloadTooLarge");
                add(responses, "415", "UnsupportedMediaType");
            }
            add(responses, "404", "NotFound");
            add(responses, "405", "MethodNotAllowed");
            add(responses, "429", "TooManyRequests");
        } else if (path.equals("/v2/enqueue")) {
            op.setRequestBody(OASFactory.createRequestBody().required(true)
                    .description("A PagerDuty Events API v2 event; `routing_key` is the key of a PAGERDUTY integration")
                    .content(OASFactory.createContent().addMediaType("application/json",
                            OASFactory.createMediaType().schema(ref("PagerDutyEnqueueEvent")))));
        } else if (path.startsWith("/api/v1/")) {
            add(responses, "401", "Unauthorized");
            if (method != PathItem.HttpMethod.GET || ADMIN_ONLY_READS.contains(path)) {
                add(responses, "403", "Forbidden");
            }
            if (path.contains("{")) {
                add(responses, "404", "NotFound");
            }
            if (hasBody || hasParams) {
                add(responses, "400", "BadRequest");
            }
            if (method != PathItem.HttpMethod.GET) {
                add(responses, "409", "Conflict");
            }
            if (method == PathItem.HttpMethod.POST && CONFIRMATION_CODES.contains(path)) {
                add(responses, "429", "TooManyRequests"); // PhoneConfirmation's cap on codes texted per hour
            }
            if (hasBody) {
                add(responses, "413", "PayloadTooLarge");
                add(responses, "415", "UnsupportedMediaType");
                if (method == PathItem.HttpMethod.PATCH) {
                    patchBody(components, op.getRequestBody());
                }
            }
        } else if (path.startsWith("/twilio/")) {
            op.setRequestBody(OASFactory.createRequestBody().required(true)
                    .description("Twilio's webhook parameters (From, To, Body, CallSid, MessageStatus, Digits, …), "
                            + "signed in X-Twilio-Signature")
                    .content(OASFactory.createContent().addMediaType("application/x-www-form-urlencoded",
                            OASFactory.createMediaType().schema(OASFactory.createSchema().addType(SchemaType.OBJECT)
                                    .additionalPropertiesSchema(string())))));
            add(responses, "403", "Forbidden"); // X-Twilio-Signature missing or wrong
        } else if (path.startsWith("/pushover/")) {
            add(responses, "403", "Forbidden"); // the signed token or the receipt does not match
        } else if (path.startsWith("/calendar/")) {
            add(responses, "404", "NotFound");
        }
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            MediaType form = op.getRequestBody().getContent().getMediaType("application/x-www-form-urlencoded");
            if (form != null && form.getSchema() != null && form.getSchema().getProperties() != null) {
                // senders such as Pushover post fields of their own beside those Klaxon reads
                form.getSchema().setAdditionalPropertiesBoolean(true);
            }
        }
        if (hasBody && !path.startsWith("/api/v1/") && !path.startsWith("/hooks/") && !path.equals("/v2/enqueue")) {
            add(responses, "413", "PayloadTooLarge");
        }
        if (!path.equals("/v2/enqueue")) {
            add(responses, "503", "ServiceUnavailable");
        }
        for (Map.Entry<String, APIResponse> r : responses.getAPIResponses().entrySet()) {
            if (r.getKey().equals("201") && r.getValue().getRef() == null
                    && (r.getValue().getHeaders() == null || !r.getValue().getHeaders().containsKey("Location"))) {
                r.getValue().addHeader("Location", OASFactory.createHeader()
                        .description("the URL of what was created").schema(string()));
            }
        }
    }

    /** A PATCH changes only the fields it names: its body requires none of them. */
    private static void patchBody(Components components, RequestBody body) {
        if (body.getContent() == null) {
            return;
        }
        for (MediaType mt : body.getContent().getMediaTypes().values()) {
            Schema s = mt.getSchema();
            if (s == null || s.getRef() == null || !s.getRef().startsWith(SCHEMAS)) {
                continue;
            }
            String name = s.getRef().substring(SCHEMAS.length());
            Schema full = components.getSchemas().get(name);
            if (full == null || full.getRequired() == null || full.getRequired().isEmpty()) {
                continue;
            }
            String patchName = name + "Patch";
            Schema patch = OASFactory.createSchema().addType(SchemaType.OBJECT).additionalPropertiesBoolean(true)
                    .description("Any of the fields of " + name + "; those left out keep their value");
            full.getProperties().forEach(patch::addProperty);
            components.addSchema(patchName, patch);
            mt.setSchema(ref(patchName));
        }
    }

    private static void add(APIResponses responses, String code, String name) {
        APIResponse present = responses.getAPIResponse(code);
        // SmallRye's own guess (a bare 400 on every operation with a body) says nothing: the problem replaces it
        if (present == null || present.getRef() == null && present.getContent() == null) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().ref(RESPONSES + name));
        }
    }

    private static void problemSchemas(Components c) {
        c.addSchema("Violation", OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("One field at fault")
                .addProperty("field", string().description("the field's path in the request, such as `steps[0].delay`; "
                        + "empty for the body as a whole"))
                .addProperty("message", string())
                .required(List.of("field", "message")));
        c.addSchema("Problem", OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem document (`application/problem+json`). Never carries stack traces, "
                        + "SQL or secrets.")
                .addProperty("type", string().description("always `about:blank`"))
                .addProperty("title", string().description("the status code's reason phrase"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", string().description("what went wrong, for a person"))
                .addProperty("violations", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .items(ref("Violation")).description("for invalid input: each field at fault"))
                .required(List.of("type", "title", "status")));
    }

    private static void errorResponses(Components c) {
        problem(c, "BadRequest", "Malformed JSON or invalid input; `violations` names each field at fault", false);
        problem(c, "Unauthorized", "No bearer token, or one Klaxon does not know", false);
        problem(c, "Forbidden", "The token's role is too weak for this, or a signature does not match", false);
        problem(c, "NotFound", "No such resource (or unknown key, token or secret)", false);
        problem(c, "MethodNotAllowed", "This integration takes events by POST; `Allow` says so", false);
        problem(c, "Conflict", "The change conflicts with the current state, which the detail names", false);
        problem(c, "PayloadTooLarge", "The body is over 1 MiB", false);
        problem(c, "UnsupportedMediaType", "The body's content type is not one this operation takes", false);
        problem(c, "TooManyRequests", "A rate limit (an integration's storm limit, the hourly cap on confirmation "
                + "codes); retry after `Retry-After` seconds", true);
        problem(c, "ServiceUnavailable", "Klaxon cannot take work now (its database is away, or it is overloaded); "
                + "retry after `Retry-After` seconds", true);
    }

    private static void problem(Components c, String name, String description, boolean retryAfter) {
        APIResponse r = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(ref("Problem"))));
        if (retryAfter) {
            r.addHeader("Retry-After", OASFactory.createHeader().description("seconds to wait before trying again")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
        }
        c.addResponse(name, r);
    }

    private static void required(Components c) {
        Map<String, List<String>> all = new LinkedHashMap<>(REQUIRED);
        all.putAll(ALWAYS);
        c.getSchemas().forEach((name, s) -> {
            if (name.endsWith("View") && s.getProperties() != null && s.getProperties().containsKey("id")
                    && !all.containsKey(name)) {
                all.put(name, List.of("id"));
            }
        });
        c.removeSchema("MultivaluedMapStringString");
        for (Map.Entry<String, List<String>> e : all.entrySet()) {
            Schema s = c.getSchemas().get(e.getKey());
            if (s == null) {
                throw new IllegalStateException("OpenAPI: no schema " + e.getKey() + " to mark fields required in");
            }
            for (String field : e.getValue()) {
                if (s.getProperties() == null || !s.getProperties().containsKey(field)) {
                    throw new IllegalStateException("OpenAPI: schema " + e.getKey() + " has no field " + field);
                }
            }
            s.setRequired(new ArrayList<>(e.getValue()));
            if (REQUIRED.containsKey(e.getKey())) {
                s.setAdditionalPropertiesBoolean(true); // API.md: unknown JSON fields are ignored
            }
        }
    }

    /**
     * Jackson writes every field, null or not: a field the service may send as null (any field not marked required)
     * is nullable. A reference to a plain value (an instant, a duration, an enum) is inlined to carry it.
     */
    private static void nullable(Components c) {
        Map<String, Schema> all = c.getSchemas();
        for (Map.Entry<String, Schema> e : all.entrySet()) {
            Schema s = e.getValue();
            if (s.getProperties() == null) {
                continue;
            }
            List<String> required = s.getRequired() == null ? List.of() : s.getRequired();
            for (Map.Entry<String, Schema> p : new LinkedHashMap<>(s.getProperties()).entrySet()) {
                if (required.contains(p.getKey())) {
                    continue;
                }
                s.addProperty(p.getKey(), nullable(all, p.getValue()));
            }
        }
    }

    private static Schema nullable(Map<String, Schema> all, Schema property) {
        if (property.getRef() != null) {
            String ref = property.getRef();
            Schema target = ref.startsWith(SCHEMAS) ? all.get(ref.substring(SCHEMAS.length())) : null;
            if (target != null && target.getProperties() == null && target.getType() != null
                    && !target.getType().contains(SchemaType.OBJECT)) {
                Schema inline = OASFactory.createSchema().type(new ArrayList<>(target.getType()))
                        .format(target.getFormat()).description(target.getDescription())
                        .pattern(target.getPattern());
                if (target.getEnumeration() != null) {
                    List<Object> values = new ArrayList<>(target.getEnumeration());
                    values.add(null);
                    inline.setEnumeration(values);
                }
                inline.addType(SchemaType.NULL);
                return inline;
            }
            if (target != null && target.getProperties() != null) {
                // an object: a copy that may be null (a sibling of $ref would be ignored in OpenAPI 3.0)
                Schema copy = OASFactory.createSchema().addType(SchemaType.OBJECT).addType(SchemaType.NULL)
                        .description(target.getDescription()).required(target.getRequired());
                target.getProperties().forEach(copy::addProperty);
                return copy;
            }
            return property;
        }
        if (property.getType() != null && !property.getType().contains(SchemaType.NULL)) {
            property.addType(SchemaType.NULL);
            if (property.getEnumeration() != null && !property.getEnumeration().contains(null)) {
                property.addEnumeration(null);
            }
        }
        return property;
    }

    static Schema ref(String name) {
        return OASFactory.createSchema().ref(SCHEMAS + name);
    }

    static Schema string() {
        return OASFactory.createSchema().addType(SchemaType.STRING);
    }
}
