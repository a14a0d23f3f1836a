package dev.klaxon.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.klaxon.chart.HelmChart.FULLNAME;
import static dev.klaxon.chart.HelmChart.NAMESPACE;
import static dev.klaxon.chart.HelmChartTest.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What goes where: secrets only in Secrets, the database wiring, monitoring objects, and values Helm refuses. */
class HelmValuesTest {

    @Test
    void secretValuesAreInSecretsAndNowhereElse() throws IOException {
        Manifests m = Manifests.of("single-replica");
        JsonNode values = new YAMLMapper().readTree(HelmChart.values("single-replica").toFile());
        List<String> secretValues = new ArrayList<>();
        values.get("secrets").properties().forEach(e -> secretValues.add(e.getValue().asText()));
        secretValues.add(values.get("database").get("password").asText());
        assertEquals(9, secretValues.size());

        String secrets = m.secrets().toString();
        for (String v : secretValues) {
            assertTrue(secrets.contains(v), "the chart keeps " + v + " in a Secret");
        }
        for (ConfigMap cm : m.configMaps()) {
            for (String v : secretValues) {
                assertFalse(cm.getData().values().stream().anyMatch(d -> d.contains(v)),
                        "ConfigMap " + cm.getMetadata().getName() + " holds a secret value: " + v);
            }
        }
        Container c = m.klaxon();
        for (EnvVar e : c.getEnv()) {
            assertFalse(e.getValue() != null && secretValues.stream().anyMatch(e.getValue()::contains),
                    "plain env " + e.getName() + " holds a secret value");
        }
        Secret settings = m.find(Secret.class, FULLNAME).orElseThrow();
        assertEquals("ci-twilio-token-do-not-leak", settings.getStringData().get("KLAXON_TWILIO_AUTH_TOKEN"));
        assertEquals(FULLNAME, c.getEnvFrom().get(1).getSecretRef().getName());
        assertEquals(FULLNAME + "-database", env(c, "QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName());
        ConfigMap config = m.one(ConfigMap.class);
        assertEquals("jdbc:postgresql://db.example.org:5432/klaxon?sslmode=verify-full",
                config.getData().get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("8", config.getData().get("KLAXON_DISPATCH_THREADS"));
        assertEquals("AC00000000000000000000000000000001", config.getData().get("KLAXON_TWILIO_ACCOUNT_SID"));
    }

    @Test
    void anExistingSecretIsUsedAsIsAndTheChartWritesNone() {
        Manifests m = Manifests.of("ingress-tls");
        assertTrue(m.secrets().isEmpty(), "settings and database credentials come from Secrets the operator manages");
        Container c = m.klaxon();
        assertEquals("klaxon-settings", c.getEnvFrom().get(1).getSecretRef().getName());
        assertEquals("klaxon-database", env(c, "QUARKUS_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef().getName());
        assertEquals("password", env(c, "QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
        assertTrue(c.getImage().endsWith("@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));

        IllegalStateException both = assertThrows(IllegalStateException.class, () -> HelmChart.render(
                List.of(HelmChart.values("ingress-tls")), Map.of("secrets.twilioAuthToken", "t")));
        assertTrue(both.getMessage().contains("KLAXON_TWILIO_AUTH_TOKEN"), both.getMessage());
    }

    @Test
    void cloudNativePgClusterIsCreatedAndKlaxonUsesItsPrimaryAndCredentials() {
        Manifests m = Manifests.of("cloudnativepg");
        GenericKubernetesResource cluster = m.generic("Cluster").orElseThrow();
        assertEquals("postgresql.cnpg.io/v1", cluster.getApiVersion());
        String name = FULLNAME + "-postgres";
        assertEquals(name, cluster.getMetadata().getName());
        Map<String, Object> spec = cluster.get("spec");
        assertEquals(3, ((Number) spec.get("instances")).intValue());
        assertEquals(Map.of("database", "klaxon", "owner", "klaxon"), ((Map<?, ?>) spec.get("bootstrap")).get("initdb"));
        assertEquals(Map.of("size", "20Gi", "storageClass", "fast-ssd"), spec.get("storage"));
        assertEquals("required", ((Map<?, ?>) spec.get("affinity")).get("podAntiAffinityType"));

        assertEquals("jdbc:postgresql://" + name + "-rw." + NAMESPACE + ".svc:5432/klaxon",
                m.one(ConfigMap.class).getData().get("QUARKUS_DATASOURCE_JDBC_URL"), "the read-write service: the primary");
        Container c = m.klaxon();
        assertEquals(name + "-app", env(c, "QUARKUS_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef().getName());
        assertEquals(name + "-app", env(c, "QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName());
        assertEquals(3, m.deployment().getSpec().getReplicas());
        assertTrue(Manifests.of("default").generic("Cluster").isEmpty());
    }

    @Test
    void monitoringScrapesTheManagementServiceAndAlertsOnKlaxonItself() {
        Manifests m = Manifests.of("ingress-tls");
        GenericKubernetesResource monitor = m.generic("ServiceMonitor").orElseThrow();
        assertEquals("kube-prometheus-stack", monitor.getMetadata().getLabels().get("release"));
        Map<String, Object> endpoint = monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
        assertEquals("management", endpoint.get("port"));
        assertEquals("/q/metrics", endpoint.get("path"));
        Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
        assertEquals(selector, HelmChartTest.subset(m.service(FULLNAME + "-management").getMetadata().getLabels(), selector));
        assertFalse(selector.equals(HelmChartTest.subset(m.service(FULLNAME).getMetadata().getLabels(), selector)),
                "the public Service is not scraped");

        assertEquals(List.of("KlaxonPagesFailing", "KlaxonOutboxBacklog", "KlaxonProviderCircuitOpen",
                "KlaxonReplicaNotReady", "KlaxonDown"), AlertRules.of(m).keySet().stream().toList());
        assertTrue(Manifests.of("default").generic("PrometheusRule").isEmpty());
        assertTrue(Manifests.of("default").generic("ServiceMonitor").isEmpty());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "replicaCounts                       | 3               | replicaCounts",
            "ingress.tsl.enabled                 | true            | tsl",
            "replicaCount                        | two             | replicaCount",
            "replicaCount                        | 0               | replicaCount",
            "securityContext.readOnlyRootFilesystem | false        | readOnlyRootFilesystem",
            "podSecurityContext.runAsNonRoot     | false           | runAsNonRoot",
            "klaxon.env.KLAXON_TWILIO_AUTH_TOKEN | in-the-open     | KLAXON_TWILIO_AUTH_TOKEN",
            "klaxon.env.quarkus_http_port        | 80              | quarkus_http_port",
            "topologySpread.nodes                | Sometimes       | nodes",
            "database.url                        | postgres://db/k | url",
            "image.pullPolicy                    | Sometimes       | pullPolicy",
            "metrics.prometheusRule.pageFailureRatio | 2           | pageFailureRatio",
    })
    void valuesSchemaRejectsTyposAndUnsafeValues(String key, String value, String named) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HelmChart.render(List.of(HelmChart.values("default")), Map.of(key, value)));
        assertTrue(e.getMessage().contains("schema"), e.getMessage());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void bareDefaultsSayAtOnceEverythingAnInstallMustSet() {
        IllegalStateException bare = assertThrows(IllegalStateException.class, () -> HelmChart.render(List.of(), Map.of()));
        for (String value : List.of("image.repository", "klaxon.publicUrl", "database.url", "database.existingSecret")) {
            assertTrue(bare.getMessage().contains(value), bare.getMessage());
        }

        Map<String, Object> some = new HashMap<>(Map.of("image.repository", "r/klaxon", "klaxon.publicUrl",
                "https://k.example.com", "database.url", "jdbc:postgresql://db:5432/klaxon"));
        IllegalStateException credentials = assertThrows(IllegalStateException.class, () -> HelmChart.render(List.of(), some));
        assertTrue(credentials.getMessage().contains("database.existingSecret"), credentials.getMessage());
        assertFalse(credentials.getMessage().contains("image.repository"), credentials.getMessage());

        some.put("database.existingSecret", "db");
        assertFalse(HelmChart.render(List.of(), some).isEmpty(), "with those four it renders");
    }
}
