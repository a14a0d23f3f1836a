package dev.klaxon.service;

/** The body format an integration key accepts. */
public enum IntegrationType {
    GENERIC, ALERTMANAGER, GRAFANA, PAGERDUTY, HEARTBEAT
}
