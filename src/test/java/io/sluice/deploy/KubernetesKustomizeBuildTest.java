package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every variant with the real kustomize ({@code kubectl kustomize}, offline) when kubectl is installed, and
 * holds its output to the same schema and policy. It also compares that output with {@link Kustomization#render()},
 * so the renderer the other tests rely on stays faithful. Skipped where kubectl is absent.
 */
class KubernetesKustomizeBuildTest {

    static List<Path> variants() {
        return DeployFiles.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void kustomizeOutputSatisfiesThePolicyAndMatchesTheTestRenderer(Path variant) throws Exception {
        String kubectl = kubectl();
        assumeTrue(kubectl != null, "kubectl is not installed: the real kustomize rendering is not checked");
        Process p = new ProcessBuilder(kubectl, "kustomize", variant.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();

        List<JsonNode> rendered = new ArrayList<>();
        try (var it = Kustomization.YAML.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNext()) {
                rendered.add((JsonNode) it.next());
            }
        }
        assertThat(DeploymentPolicy.check(rendered, DeployFiles.secretTemplate(), DeployFiles.builtInConfig())).isEmpty();
        assertThat(canonical(rendered, true)).isEqualTo(canonical(Kustomization.load(variant).render(), false));
    }

    /** Objects sorted by kind and name, generated names without kustomize's hash, named lists sorted by name. */
    private static List<JsonNode> canonical(List<? extends JsonNode> objects, boolean stripHashes) {
        return objects.stream()
                .map(o -> stripHashes ? (JsonNode) JsonNodeFactory.instance.textNode(o.toString().replaceAll("(sluice-[a-z]+)-[a-z0-9]{10}\"", "$1\"")) : o)
                .map(o -> o.isTextual() ? read(o.asText()) : o.deepCopy())
                .map(KubernetesKustomizeBuildTest::sortNamedLists)
                .sorted(Comparator.comparing(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()))
                .toList();
    }

    private static JsonNode sortNamedLists(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(f -> o.set(f, sortNamedLists(o.get(f))));
        } else if (node instanceof ArrayNode a) {
            List<JsonNode> items = new ArrayList<>();
            a.forEach(i -> items.add(sortNamedLists(i)));
            if (items.stream().allMatch(i -> i.has("name"))) {
                items.sort(Comparator.comparing(i -> i.path("name").asText()));
            }
            a.removeAll();
            a.addAll(items);
        }
        return node;
    }

    private static JsonNode read(String json) {
        try {
            return Kustomization.YAML.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String kubectl() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
    }
}
