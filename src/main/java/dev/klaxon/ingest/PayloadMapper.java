package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.alert.AlertEvent;

/** Turns one webhook body of one format into the events it carries. Pure: no I/O, no clock. */
public interface PayloadMapper {

    /**
     * @throws dev.klaxon.platform.KlaxonException invalid, with a violation naming each field at fault, when the
     *         body does not say what the format requires
     */
    AlertEvent map(JsonNode body);
}
