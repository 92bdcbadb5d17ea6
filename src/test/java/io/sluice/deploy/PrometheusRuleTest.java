package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example alerts in {@code kubernetes/monitoring/}: a valid {@code PrometheusRule} with the three alerts the
 * docs promise, applied by its own kustomization. That their metrics exist is {@link PrometheusRuleMetricsTest}'s job.
 */
class PrometheusRuleTest {
    private static final Pattern METRIC = Pattern.compile("\\bsluice_[a-z_]+\\b");

    static JsonNode rule() {
        List<JsonNode> docs = Kustomization.documents(DeployFiles.PROMETHEUS_RULE);
        assertThat(docs).hasSize(1);
        return docs.get(0);
    }

    /** Each alert's name and expression. */
    static List<JsonNode> alerts() {
        List<JsonNode> out = new ArrayList<>();
        rule().path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
            if (r.has("alert")) {
                out.add(r);
            }
        }));
        return out;
    }

    /** The Sluice metric names an expression reads. */
    static Set<String> metricsOf(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void theRuleIsValidAndHoldsTheThreeAlerts() {
        assertThat(PrometheusRuleSchema.problems(DeployFiles.PROMETHEUS_RULE.toString(), rule())).isEmpty();
        assertThat(alerts()).extracting(a -> a.path("alert").asText())
                .containsExactly("SluiceSyncFailed", "SluiceSyncNoSuccessfulRun", "SluiceSyncFailedRecordsGrowing");
        assertThat(alerts()).allSatisfy(a -> {
            assertThat(metricsOf(a.path("expr").asText())).as(a.path("alert").asText()).isNotEmpty();
            assertThat(a.path("expr").asText()).as("one series per sync, whatever the replicas").contains("max by (sync)");
        });
        assertThat(Kustomization.load(DeployFiles.MONITORING).resources()).containsExactly(DeployFiles.PROMETHEUS_RULE);
        assertThat(DeployFiles.variants()).as("the service's variants do not need the operator's CRD").doesNotContain(DeployFiles.MONITORING);
    }

    @Test
    void theSchemaCheckBites() {
        ObjectNode broken = rule().deepCopy();
        ObjectNode first = (ObjectNode) broken.path("spec").path("groups").get(0).path("rules").get(0);
        first.set("exp", first.remove("expr"));
        first.put("for", "5 minutes");
        first.put("record", "also_a_recording_rule");
        assertThat(PrometheusRuleSchema.problems("broken", broken)).hasSize(4)
                .anySatisfy(p -> assertThat(p).contains("'exp' is not a field"))
                .anySatisfy(p -> assertThat(p).contains("expr must be a non-empty string"))
                .anySatisfy(p -> assertThat(p).contains("'5 minutes' is not a Prometheus duration"))
                .anySatisfy(p -> assertThat(p).contains("exactly one of alert and record"));
    }

    @Test
    void kustomizeRendersTheRuleUnchanged() throws Exception {
        String kubectl = KubernetesKustomizeBuildTest.kubectl();
        assumeTrue(kubectl != null, "kubectl is not installed: the real kustomize rendering is not checked");
        Process p = new ProcessBuilder(kubectl, "kustomize", DeployFiles.MONITORING.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Kustomization.YAML.readTree(out)).isEqualTo(rule());
    }
}
