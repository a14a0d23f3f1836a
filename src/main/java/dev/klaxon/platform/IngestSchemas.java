package dev.klaxon.platform;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;

import java.util.ArrayList;
import java.util.List;

import static dev.klaxon.platform.OpenApiDocument.ref;
import static dev.klaxon.platform.OpenApiDocument.string;

/**
 * The webhook formats in the published OpenAPI document ({@link OpenApiDocument}): GENERIC, Alertmanager (and
 * Grafana's superset) and PagerDuty Events API v2 bodies as schemas, and the request body of {@code /hooks/{key}}.
 * These are other systems' formats: every object takes fields beyond those listed.
 */
final class IngestSchemas {

    private IngestSchemas() {
    }

    /** Adds the bodies of the ingest formats (API.md, "Ingest"); each takes fields beyond those listed. */
    static void add(Components c) {
        Schema link = open()
                .addProperty("href", string().description("an http or https URL"))
                .addProperty("text", nullableString())
                .required(List.of("href"));
        c.addSchema("EventLink", link);
        c.addSchema("GenericEvent", open()
                .description("The GENERIC format. `summary` is required to trigger; `dedupKey` to acknowledge or "
                        + "resolve (without it a trigger's key is derived from the summary). A field that is too long "
                        + "is shortened, never refused; the full text stays in the alert's details.")
                .addProperty("action", OASFactory.createSchema().addType(SchemaType.STRING)
                        .enumeration(List.of("trigger", "acknowledge", "resolve")))
                .addProperty("dedupKey", nullableString())
                .addProperty("summary", nullableString())
                .addProperty("severity", OASFactory.createSchema().addType(SchemaType.STRING).addType(SchemaType.NULL)
                        .enumeration(new ArrayList<>(java.util.Arrays.asList("critical", "error", "warning", "info",
                                null))))
                .addProperty("source", nullableString())
                .addProperty("details", open().addType(SchemaType.NULL)
                        .description("any JSON object; kept on the alert"))
                .addProperty("links", OASFactory.createSchema().addType(SchemaType.ARRAY).addType(SchemaType.NULL)
                        .items(ref("EventLink")))
                .required(List.of("action")));
        Schema labels = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .additionalPropertiesSchema(string());
        Schema member = open()
                .addProperty("status", string().description("firing or resolved"))
                .addProperty("labels", labels)
                .addProperty("annotations", labels)
                .addProperty("startsAt", string())
                .addProperty("endsAt", string())
                .addProperty("generatorURL", string())
                .addProperty("fingerprint", string());
        c.addSchema("AlertmanagerAlert", member);
        c.addSchema("AlertmanagerWebhook", open()
                .description("The ALERTMANAGER format: Alertmanager's webhook payload, version 4. GRAFANA takes "
                        + "Grafana alerting's webhook payload, the same shape with more fields (title, state, message, "
                        + "orgId). One Klaxon alert per groupKey.")
                .addProperty("version", string())
                .addProperty("groupKey", string())
                .addProperty("truncatedAlerts", OASFactory.createSchema().addType(SchemaType.INTEGER))
                .addProperty("status", string().description("firing or resolved"))
                .addProperty("receiver", string())
                .addProperty("groupLabels", labels)
                .addProperty("commonLabels", labels)
                .addProperty("commonAnnotations", labels)
                .addProperty("externalURL", string())
                .addProperty("alerts", OASFactory.createSchema().addType(SchemaType.ARRAY).items(ref("AlertmanagerAlert")))
                .required(List.of("alerts")));
        c.addSchema("PagerDutyEvent", open()
                .description("The PAGERDUTY format: a PagerDuty Events API v2 event. `payload` (with summary, source "
                        + "and severity) is required to trigger; `dedup_key` to acknowledge or resolve.")
                .addProperty("routing_key", nullableString())
                .addProperty("event_action", OASFactory.createSchema().addType(SchemaType.STRING)
                        .enumeration(List.of("trigger", "acknowledge", "resolve")))
                .addProperty("dedup_key", nullableString())
                .addProperty("payload", open().addType(SchemaType.NULL)
                        .addProperty("summary", string())
                        .addProperty("source", string())
                        .addProperty("severity", OASFactory.createSchema().addType(SchemaType.STRING)
                                .enumeration(List.of("critical", "error", "warning", "info")))
                        .addProperty("timestamp", nullableString())
                        .addProperty("component", nullableString())
                        .addProperty("group", nullableString())
                        .addProperty("class", nullableString())
                        .addProperty("custom_details", OASFactory.createSchema().description("any JSON value")))
                .addProperty("images", OASFactory.createSchema().addType(SchemaType.ARRAY).addType(SchemaType.NULL)
                        .items(open().addProperty("src", string())
                                .required(List.of("src"))))
                .addProperty("links", OASFactory.createSchema().addType(SchemaType.ARRAY).addType(SchemaType.NULL)
                        .items(ref("EventLink")))
                .required(List.of("event_action")));
        c.addSchema("PagerDutyEnqueueEvent", OASFactory.createSchema()
                .description("A PagerDuty Events API v2 event whose routing_key is a PAGERDUTY integration's key")
                .addAllOf(ref("PagerDutyEvent"))
                .addAllOf(open().required(List.of("routing_key"))));
    }

    /** {@code POST /hooks/{key}}: the integration's type fixes the format; a HEARTBEAT takes anything. */
    static RequestBody hookBody() {
        Schema any = OASFactory.createSchema().description("The integration's type fixes the format")
                .addAnyOf(ref("GenericEvent")).addAnyOf(ref("AlertmanagerWebhook")).addAnyOf(ref("PagerDutyEvent"))
                .addAnyOf(OASFactory.createSchema().description("HEARTBEAT: any JSON at all; the body is not read"));
        Content content = OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType().schema(any))
                .addMediaType("*/*", OASFactory.createMediaType().schema(OASFactory.createSchema()
                        .description("A HEARTBEAT integration takes any body (or none): every request is a beat")));
        return OASFactory.createRequestBody().content(content)
                .description("GENERIC, ALERTMANAGER, GRAFANA and PAGERDUTY integrations take JSON in their format; "
                        + "a HEARTBEAT integration takes anything");
    }

    /** An object that may carry fields beyond those listed (senders add their own; Klaxon ignores them). */
    private static Schema open() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT).additionalPropertiesBoolean(true);
    }

    private static Schema nullableString() {
        return OASFactory.createSchema().addType(SchemaType.STRING).addType(SchemaType.NULL);
    }
}
