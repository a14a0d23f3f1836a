package dev.klaxon.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The alerts of the chart's PrometheusRule: alert name to PromQL expression, in the chart's order. */
final class AlertRules {

    /** Metric names Klaxon itself exports (the rest come from Prometheus or kube-state-metrics). */
    private static final Pattern KLAXON_METRIC = Pattern.compile("\\bklaxon_[a-z_]+\\b");

    private AlertRules() {
    }

    static Map<String, String> of(Manifests m) {
        GenericKubernetesResource rule = m.generic("PrometheusRule").orElseThrow(() -> new AssertionError("no PrometheusRule"));
        Map<String, String> alerts = new LinkedHashMap<>();
        for (Map<String, Object> group : rule.<List<Map<String, Object>>>get("spec", "groups")) {
            for (Map<?, ?> r : (List<Map<?, ?>>) group.get("rules")) {
                alerts.put((String) r.get("alert"), (String) r.get("expr"));
            }
        }
        return alerts;
    }

    /** Every {@code klaxon_…} metric name the alert expressions read. */
    static Set<String> klaxonMetrics(Manifests m) {
        Set<String> names = new TreeSet<>();
        for (String expr : of(m).values()) {
            Matcher matcher = KLAXON_METRIC.matcher(expr);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}
