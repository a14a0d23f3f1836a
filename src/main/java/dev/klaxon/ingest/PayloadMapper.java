package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.alert.AlertEvent;

/** Turns one webhook body of one format into the events it carries. Pure: no I/O, no clock. */
public interface PayloadMapper {

    AlertEvent map(JsonNode body) throws InvalidPayload;
}
