package dev.klaxon.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published OpenAPI document's key promises (issue 14, item 8): a client generated from it works. Every exchange
 * of the API tests is also validated against it (OpenApiValidation); this test pins what validation cannot see:
 * that the document says enough.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options");

    private JsonNode doc;

    @BeforeEach
    void fetch() throws Exception {
        String json = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        doc = new ObjectMapper().readTree(json);
    }

    @Test
    void isOpenApi30WithUniqueOperationIdsOnEveryOperation() {
        assertTrue(doc.path("openapi").asText().startsWith("3.0."), "the version the validator and generators read");
        Set<String> ids = new HashSet<>();
        List<String> ops = operations();
        assertTrue(ops.size() >= 80, "operations: " + ops.size());
        for (String op : ops) {
            String id = op(op).path("operationId").asText("");
            assertFalse(id.isBlank(), op + " has no operationId");
            assertTrue(ids.add(id), "operationId " + id + " is not unique");
        }
        assertEquals("ApiTokenResource_create", op("post /api/v1/api-tokens").path("operationId").asText());
    }

    @Test
    void theConsoleIsNotPartOfTheApi() {
        doc.path("paths").fieldNames().forEachRemaining(p -> assertTrue(
                p.startsWith("/api/v1/") || p.startsWith("/hooks/") || p.equals("/v2/enqueue") || p.startsWith("/ack/")
                        || p.startsWith("/twilio/") || p.startsWith("/pushover/") || p.startsWith("/calendar/"),
                "not an API route: " + p));
    }

    @Test
    void createsDeletesAndIngestDocumentTheirRealStatusCodes() {
        List<String> creates = List.of("post /api/v1/users", "post /api/v1/teams", "post /api/v1/schedules",
                "post /api/v1/escalation-policies", "post /api/v1/services", "post /api/v1/api-tokens",
                "post /api/v1/services/{id}/integrations", "post /api/v1/services/{id}/maintenance",
                "post /api/v1/services/{id}/checks", "post /api/v1/schedules/{id}/overrides",
                "post /api/v1/users/{userId}/contact-methods", "post /api/v1/users/{userId}/notification-rules");
        for (String c : creates) {
            JsonNode created = op(c).path("responses").path("201");
            assertFalse(created.isMissingNode(), c + " documents no 201");
            assertFalse(op(c).path("responses").has("200"), c + " still documents 200");
            assertTrue(created.path("content").path("application/json").path("schema").has("$ref"),
                    c + " 201 has no schema");
            assertTrue(created.path("headers").has("Location"), c + " 201 has no Location");
        }
        for (String d : operations()) {
            if (d.startsWith("delete ")) {
                assertTrue(op(d).path("responses").has("204"), d + " documents no 204");
                assertFalse(op(d).path("responses").has("200"), d + " still documents 200");
            }
        }
        assertTrue(op("post /hooks/{key}").path("responses").has("202"));
        assertTrue(op("get /hooks/{key}").path("responses").has("202"));
        assertTrue(op("post /v2/enqueue").path("responses").has("202"));
    }

    @Test
    void theOneTimeTokenAndTheIntegrationKeyAreDocumented() {
        assertEquals("#/components/schemas/TokenCreated", op("post /api/v1/api-tokens").path("responses").path("201")
                .path("content").path("application/json").path("schema").path("$ref").asText());
        JsonNode token = schema("TokenCreated");
        assertEquals("string", token.path("properties").path("token").path("type").asText());
        assertTrue(strings(token.path("required")).contains("token"));
        JsonNode integration = schema("IntegrationView");
        assertTrue(strings(integration.path("required")).containsAll(List.of("key", "url", "type")));
    }

    @Test
    void bearerTokensSecureTheApiAndTheUrlSecretRoutesNeedNone() {
        JsonNode bearer = doc.path("components").path("securitySchemes").path("bearer");
        assertEquals("http", bearer.path("type").asText());
        assertEquals("bearer", bearer.path("scheme").asText());
        assertTrue(doc.path("security").get(0).has("bearer"), "bearer is required globally");
        for (String open : List.of("post /hooks/{key}", "get /hooks/{key}", "post /v2/enqueue", "get /ack/{token}",
                "post /ack/{token}", "post /twilio/sms", "get /calendar/{secret}.ics")) {
            JsonNode security = op(open).path("security");
            assertTrue(security.isArray() && security.isEmpty(), open + " must take no token: " + security);
        }
        assertFalse(op("get /api/v1/users").has("security"), "inherits the global requirement");
    }

    @Test
    void requiredQueryParametersAndRequestFieldsAreMarked() {
        for (String p : List.of("get /api/v1/schedules/{id}/shifts", "get /api/v1/schedules/{id}/gaps")) {
            for (String name : List.of("from", "to")) {
                JsonNode param = StreamSupport.stream(op(p).path("parameters").spliterator(), false)
                        .filter(x -> x.path("name").asText().equals(name)).findFirst().orElseThrow();
                assertTrue(param.path("required").asBoolean(), p + " " + name + " is not required");
            }
        }
        assertEquals(List.of("name", "email"), strings(schema("UserBody").path("required")));
        assertEquals(List.of("name", "role"), strings(schema("CreateToken").path("required")));
        // a PATCH changes what it names: nothing required
        String patch = op("patch /api/v1/users/{id}").path("requestBody").path("content").path("application/json")
                .path("schema").path("$ref").asText();
        assertTrue(schema(patch.substring(patch.lastIndexOf('/') + 1)).path("required").isMissingNode());
    }

    @Test
    void ingestBodiesHaveSchemas() {
        JsonNode hook = op("post /hooks/{key}").path("requestBody").path("content").path("application/json")
                .path("schema");
        List<String> formats = new ArrayList<>();
        hook.path("anyOf").forEach(s -> formats.add(s.path("$ref").asText()));
        // and a heartbeat takes any JSON: the document says so rather than refusing what the service accepts
        assertEquals(List.of("#/components/schemas/GenericEvent", "#/components/schemas/AlertmanagerWebhook",
                "#/components/schemas/PagerDutyEvent", ""), formats);
        assertEquals(List.of("action"), strings(schema("GenericEvent").path("required")));
        assertEquals("#/components/schemas/PagerDutyEnqueueEvent", op("post /v2/enqueue").path("requestBody")
                .path("content").path("application/json").path("schema").path("$ref").asText());
    }

    @Test
    void errorsAreDocumentedAsProblemsAndNullsAsNullable() {
        for (String op : operations()) {
            if (op.contains(" /api/v1/")) {
                JsonNode r = op(op).path("responses");
                assertTrue(r.has("401"), op + " has no 401");
                assertTrue(r.has("503"), op + " has no 503");
                if (op.contains("{")) {
                    assertTrue(r.has("404"), op + " has no 404");
                }
                if (op(op).has("requestBody")) {
                    for (String code : List.of("400", "413", "415")) {
                        assertTrue(r.has(code), op + " has no " + code);
                    }
                }
            }
        }
        JsonNode notFound = doc.path("components").path("responses").path("NotFound");
        assertEquals("#/components/schemas/Problem", notFound.path("content").path("application/problem+json")
                .path("schema").path("$ref").asText());
        assertTrue(strings(schema("Problem").path("required")).containsAll(List.of("type", "title", "status")));
        assertTrue(schema("AlertView").path("properties").path("acknowledgedAt").path("nullable").asBoolean());
        assertTrue(schema("AlertView").path("properties").path("resolvedAt").path("nullable").asBoolean());
        assertFalse(schema("AlertView").path("properties").path("id").path("nullable").asBoolean());
    }

    private List<String> operations() {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    out.add(m + " " + p.getKey());
                }
            });
        }
        return out;
    }

    private JsonNode op(String methodAndPath) {
        String[] parts = methodAndPath.split(" ", 2);
        JsonNode op = doc.path("paths").path(parts[1]).path(parts[0]);
        assertFalse(op.isMissingNode(), "no operation " + methodAndPath);
        return op;
    }

    private JsonNode schema(String name) {
        JsonNode s = doc.path("components").path("schemas").path(name);
        assertFalse(s.isMissingNode(), "no schema " + name);
        return s;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
