package dev.klaxon.report;

import java.time.Instant;
import java.util.Map;

/**
 * How a service's alerts went in [from, to): alerts opened then, how many were acknowledged and resolved, time to
 * acknowledge and to resolve from opening, and the pages providers accepted for them per channel.
 */
public record ServiceReport(String serviceId, Instant from, Instant to, long alerts, long acknowledged, long resolved,
                            DurationStats mtta, DurationStats mttr, Map<String, Long> pagesByChannel) {
}
