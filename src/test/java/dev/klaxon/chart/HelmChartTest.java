package dev.klaxon.chart;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.klaxon.chart.HelmChart.FULLNAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart an operator installs, rendered by Helm for the defaults and the other CI value sets, checked as the
 * Kubernetes objects it becomes: rollout, probes, disruption budget, security context, services.
 */
class HelmChartTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "single-replica", "ingress-tls", "cloudnativepg"})
    void lintsCleanAndRendersOnlyFieldsKubernetesKnows(String valuesSet, @TempDir Path work) {
        LintResult lint = HelmChart.lint(HelmChart.values(valuesSet), work);
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
        Manifests m = Manifests.of(valuesSet);
        assertEquals(List.of(), m.unknownFields());
        m.objects().forEach(o -> assertEquals("klaxon", o.getMetadata().getLabels().get("app.kubernetes.io/name"),
                o.getKind() + " carries the chart's labels"));
    }

    @Test
    void aNetworkPolicyKeepsTheManagementPortInsideAndLetsOnlyDnsPostgresAndProvidersOut() {
        assertTrue(Manifests.of("default").all(NetworkPolicy.class).isEmpty(), "off unless asked for");
        NetworkPolicy np = Manifests.of("ingress-tls").one(NetworkPolicy.class);
        assertEquals(Manifests.of("ingress-tls").deployment().getSpec().getSelector().getMatchLabels(),
                np.getSpec().getPodSelector().getMatchLabels(), "it selects Klaxon's pods");
        assertEquals(List.of("Ingress", "Egress"), np.getSpec().getPolicyTypes());
        List<NetworkPolicyIngressRule> in = np.getSpec().getIngress();
        NetworkPolicyIngressRule open = in.stream().filter(r -> r.getFrom() == null || r.getFrom().isEmpty()).findFirst().orElseThrow();
        assertEquals(List.of(8080), open.getPorts().stream().map(p -> p.getPort().getIntVal()).toList(),
                "webhooks, Twilio and ack links reach the public port from anywhere; nothing else is open to all");
        NetworkPolicyIngressRule management = in.stream().filter(r -> r.getFrom() != null && !r.getFrom().isEmpty()).findFirst().orElseThrow();
        assertEquals(List.of(9000), management.getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        assertEquals("monitoring", management.getFrom().get(0).getNamespaceSelector().getMatchLabels()
                .get("kubernetes.io/metadata.name"));
        List<Integer> out = np.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream())
                .map(p -> p.getPort().getIntVal()).toList();
        assertEquals(List.of(53, 53, 5432, 443, 587, 465, 8443), out);
        assertEquals("10.20.0.0/24", np.getSpec().getEgress().get(1).getTo().get(0).getIpBlock().getCidr(),
                "PostgreSQL only where it runs");
    }

    @Test
    void defaultsRunTwoReplicasThatRollOutWithoutEverDroppingOne() {
        Deployment d = Manifests.of("default").deployment();
        assertEquals(2, d.getSpec().getReplicas());
        assertEquals("RollingUpdate", d.getSpec().getStrategy().getType());
        RollingUpdateDeployment rolling = d.getSpec().getStrategy().getRollingUpdate();
        assertEquals(new IntOrString(0), rolling.getMaxUnavailable(), "a bad release halts with the old pods serving");
        assertEquals(new IntOrString(1), rolling.getMaxSurge());
        assertTrue(d.getSpec().getMinReadySeconds() > 0);
        assertEquals(d.getSpec().getSelector().getMatchLabels(),
                subset(d.getSpec().getTemplate().getMetadata().getLabels(), d.getSpec().getSelector().getMatchLabels()));
    }

    @Test
    void probesAskTheManagementPortWhatEachOneMeans() {
        Manifests m = Manifests.of("default");
        Container c = m.klaxon();
        assertEquals(Map.of("http", 8080, "management", 9000),
                Map.of(c.getPorts().get(0).getName(), c.getPorts().get(0).getContainerPort(),
                        c.getPorts().get(1).getName(), c.getPorts().get(1).getContainerPort()));
        assertEquals("9000", env(c, "QUARKUS_MANAGEMENT_PORT").getValue());
        assertEquals("8080", env(c, "QUARKUS_HTTP_PORT").getValue());
        assertProbe(c.getStartupProbe(), "/q/health/started");
        assertProbe(c.getReadinessProbe(), "/q/health/ready");
        assertProbe(c.getLivenessProbe(), "/q/health/live");
        // a cold start may wait minutes for PostgreSQL and migrations before liveness starts counting
        assertTrue(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold() >= 600);
        // readiness drops a replica within seconds; liveness gives a busy JVM a minute before a restart
        assertTrue(c.getReadinessProbe().getPeriodSeconds() * c.getReadinessProbe().getFailureThreshold() <= 15);
        assertTrue(c.getLivenessProbe().getPeriodSeconds() * c.getLivenessProbe().getFailureThreshold() >= 60);
        // SIGTERM: shutdown delay (5 s) + in-flight provider calls (bounded by their timeouts) fit inside
        assertTrue(m.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() >= 60);
    }

    @Test
    void publicAndManagementServicesAreSeparateAndOnlyThePublicOneIsRouted() {
        Manifests m = Manifests.of("ingress-tls");
        Service pub = m.service(FULLNAME);
        Service mgmt = m.service(FULLNAME + "-management");
        assertEquals("http", pub.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(1, pub.getSpec().getPorts().size());
        assertEquals("management", mgmt.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(1, mgmt.getSpec().getPorts().size());
        assertEquals("ClusterIP", mgmt.getSpec().getType());
        assertTrue(mgmt.getSpec().getPublishNotReadyAddresses(), "a replica that is not ready is still scraped");
        Map<String, String> podLabels = m.deployment().getSpec().getTemplate().getMetadata().getLabels();
        for (Service s : List.of(pub, mgmt)) {
            assertEquals(s.getSpec().getSelector(), subset(podLabels, s.getSpec().getSelector()), s.getMetadata().getName());
        }

        Ingress ingress = m.one(Ingress.class);
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        assertEquals("klaxon.prod.example.net", ingress.getSpec().getRules().get(0).getHost(), "taken from publicUrl");
        assertEquals(List.of("klaxon.prod.example.net"), ingress.getSpec().getTls().get(0).getHosts());
        assertEquals(FULLNAME + "-tls", ingress.getSpec().getTls().get(0).getSecretName());
        ingress.getSpec().getRules().forEach(r -> r.getHttp().getPaths().forEach(p -> {
            assertEquals(FULLNAME, p.getBackend().getService().getName());
            assertEquals("http", p.getBackend().getService().getPort().getName());
        }));
        assertFalse(Manifests.of("default").all(Ingress.class).size() > 0, "no Ingress unless asked for");
    }

    @Test
    void disruptionBudgetKeepsAReplicaThroughDrainsButNeverBlocksASinglePod() {
        Manifests m = Manifests.of("default");
        PodDisruptionBudget pdb = m.one(PodDisruptionBudget.class);
        assertEquals(new IntOrString(1), pdb.getSpec().getMaxUnavailable());
        assertEquals("AlwaysAllow", pdb.getSpec().getUnhealthyPodEvictionPolicy());
        assertEquals(pdb.getSpec().getSelector().getMatchLabels(),
                subset(m.deployment().getSpec().getTemplate().getMetadata().getLabels(), pdb.getSpec().getSelector().getMatchLabels()));

        Manifests single = Manifests.of("single-replica");
        assertEquals(1, single.deployment().getSpec().getReplicas());
        assertTrue(single.all(PodDisruptionBudget.class).isEmpty(), "a PDB over one pod would block every node drain");
    }

    @Test
    void replicasSpreadOverNodesAndZones() {
        List<TopologySpreadConstraint> soft = Manifests.of("default").deployment().getSpec().getTemplate().getSpec()
                .getTopologySpreadConstraints();
        assertEquals(List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"),
                soft.stream().map(TopologySpreadConstraint::getTopologyKey).toList());
        soft.forEach(t -> {
            assertEquals("ScheduleAnyway", t.getWhenUnsatisfiable());
            assertEquals(1, t.getMaxSkew());
            assertEquals("klaxon", t.getLabelSelector().getMatchLabels().get("app.kubernetes.io/name"));
        });
        assertEquals("DoNotSchedule", Manifests.of("cloudnativepg").deployment().getSpec().getTemplate().getSpec()
                .getTopologySpreadConstraints().get(0).getWhenUnsatisfiable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "single-replica", "ingress-tls", "cloudnativepg"})
    void runsAsNonRootOnAReadOnlyFilesystemWithOnlyTmpWritable(String valuesSet) {
        PodSpec pod = Manifests.of(valuesSet).deployment().getSpec().getTemplate().getSpec();
        PodSecurityContext psc = pod.getSecurityContext();
        assertTrue(psc.getRunAsNonRoot());
        assertTrue(psc.getRunAsUser() > 0);
        assertEquals("RuntimeDefault", psc.getSeccompProfile().getType());
        assertFalse(pod.getAutomountServiceAccountToken(), "Klaxon never calls the Kubernetes API");
        Container c = pod.getContainers().get(0);
        SecurityContext sc = c.getSecurityContext();
        assertTrue(sc.getReadOnlyRootFilesystem());
        assertFalse(sc.getAllowPrivilegeEscalation());
        assertFalse(sc.getPrivileged());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertEquals(1, c.getVolumeMounts().size());
        assertEquals("/tmp", c.getVolumeMounts().get(0).getMountPath());
        assertNotNull(pod.getVolumes().stream().filter(v -> v.getName().equals(c.getVolumeMounts().get(0).getName()))
                .findFirst().orElseThrow().getEmptyDir(), "/tmp is an emptyDir");
        assertNotNull(c.getResources().getRequests().get("memory"));
        assertNotNull(c.getResources().getLimits().get("memory"));
    }

    @Test
    void theImageRunsAJreAsTheSameNonRootUserTheChartDeclares() throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("FROM \\S+:\\d+-jre\\b.*")), "a JRE, not a JDK: " + lines);
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow().substring(5);
        long uid = Long.parseLong(user.split(":")[0]);
        assertTrue(uid > 0, "numeric and not root, so Kubernetes can check runAsNonRoot");
        assertEquals(uid, Manifests.of("default").deployment().getSpec().getTemplate().getSpec().getSecurityContext()
                .getRunAsUser());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT [\"java\"") && l.contains("quarkus-run.jar")),
                "exec form: java is PID 1 and receives SIGTERM");
        assertTrue(lines.stream().anyMatch(l -> l.contains("target/quarkus-app/lib/")));
    }

    static Probe assertProbe(Probe p, String path) {
        assertNotNull(p, path);
        assertEquals(path, p.getHttpGet().getPath());
        assertEquals("management", p.getHttpGet().getPort().getStrVal(), path + " is asked on the management port");
        return p;
    }

    static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    static Map<String, String> subset(Map<String, String> labels, Map<String, String> keys) {
        return labels.entrySet().stream().filter(e -> keys.containsKey(e.getKey()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
