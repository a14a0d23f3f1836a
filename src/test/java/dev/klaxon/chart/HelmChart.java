package dev.klaxon.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart in {@code helm/klaxon}, driven by Helm itself through helm-java (Helm's Go code in a native library:
 * no helm binary, no cluster, no network). Rendered manifests are read into fabric8's Kubernetes model, the types
 * the API server's schema is generated from; kinds it does not know (ServiceMonitor, PrometheusRule, the
 * CloudNativePG Cluster) come back as {@code GenericKubernetesResource}.
 */
final class HelmChart {

    static final Path DIR = Path.of("helm/klaxon");
    static final String RELEASE = "pager";
    static final String NAMESPACE = "oncall";
    /** The names the chart gives the release's objects: {@code <release>-klaxon}. */
    static final String FULLNAME = RELEASE + "-klaxon";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonMapper KUBERNETES = JsonMapper.builder().build();

    private HelmChart() {
    }

    /** A values file of the chart's CI sets, {@code helm/klaxon/ci/<name>-values.yaml}. */
    static Path values(String name) {
        return DIR.resolve("ci").resolve(name + "-values.yaml");
    }

    /** {@code helm template} with these values files and {@code --set} pairs; throws with Helm's message if it fails. */
    static List<HasMetadata> render(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion("1.30.0");
        valuesFiles.forEach(template::withValuesFile);
        sets.forEach(template::set);
        return parse(template.call());
    }

    static List<HasMetadata> render(String valuesSet) {
        return render(List.of(values(valuesSet)), Map.of());
    }

    /** Every document of a multi-document YAML stream, as fabric8 objects. */
    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> out = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(manifests)) {
            Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                KubernetesResource r = KUBERNETES.readValue(JSON.writeValueAsString(doc), KubernetesResource.class);
                out.add((HasMetadata) r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * {@code helm lint --strict} of the chart with these values as its defaults: helm lint reads only the chart's
     * own values.yaml, so a copy of the chart gets the merged values.
     */
    static LintResult lint(Path valuesFile, Path workDir) {
        try {
            Path copy = workDir.resolve("klaxon");
            try (Stream<Path> files = Files.walk(DIR)) {
                for (Path f : files.toList()) {
                    Path target = copy.resolve(DIR.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
            ObjectNode merged = (ObjectNode) YAML.readTree(DIR.resolve("values.yaml").toFile());
            merge(merged, YAML.readTree(valuesFile.toFile()));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's merge of a values file over the defaults: maps merge key by key, everything else is replaced. */
    private static void merge(ObjectNode into, JsonNode over) {
        over.properties().forEach(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }
}
