package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validates {@code kubernetes/} offline: every manifest against the Kubernetes schema ({@link KubernetesSchema}),
 * every kustomization's fields and files, the rendered variants against {@link DeploymentPolicy}, and secrets kept
 * out of every file but the template. The last test breaks manifests on purpose to show the checks bite.
 */
class KubernetesManifestsTest {
    private static final Pattern SENSITIVE = Pattern.compile("(?i).*(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential|authorization).*");
    /** Plain attributes of an entry whose name looks sensitive, e.g. {@code sluice.auth.tokens.<name>.role}. */
    private static final Pattern NOT_SENSITIVE = Pattern.compile("(?i).*\\.(role|enabled)");
    /** Well-known credential shapes: AWS keys, GitHub and Slack tokens, PEM private keys, JWTs. */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{10,}\\.eyJ");

    static List<Path> variants() {
        return DeployFiles.variants();
    }

    @Test
    void theVariantsAreTheBaseAndTheOverlays() {
        assertThat(variants()).containsExactlyInAnyOrder(Path.of("kubernetes"), Path.of("kubernetes/overlays/duckdb-persistent"),
                Path.of("kubernetes/overlays/postgres"));
    }

    @Test
    void everyKustomizationUsesKnownFieldsAndExistingFiles() {
        List<String> problems = new ArrayList<>();
        for (Path dir : DeployFiles.kustomizations()) {
            Kustomization k = Kustomization.load(dir);
            if (!k.root.path("apiVersion").asText().equals("kustomize.config.k8s.io/v1beta1") || !k.root.path("kind").asText().equals("Kustomization")) {
                problems.add(dir + ": apiVersion/kind must be kustomize.config.k8s.io/v1beta1 Kustomization");
            }
            k.root.fieldNames().forEachRemaining(f -> {
                if (!Kustomization.FIELDS.contains(f)) {
                    problems.add(dir + ": '" + f + "' is not a Kustomization field");
                } else if (!Kustomization.RENDERED.contains(f)) {
                    problems.add(dir + ": '" + f + "' is not supported by the test's renderer (Kustomization.render): add it there");
                }
            });
            for (Path p : k.referencedPaths()) {
                boolean directory = Files.isDirectory(p) && Files.isRegularFile(p.resolve("kustomization.yaml"));
                if (!Files.isRegularFile(p) && !directory) {
                    problems.add(dir + ": references " + p + ", which is neither a file nor a kustomization directory");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** A file no kustomization applies is a mistake (a sync file not listed in the generator, say), but the template. */
    @Test
    void everyFileIsAppliedByAKustomizationExceptTheSecretTemplate() {
        Set<Path> referenced = new HashSet<>();
        DeployFiles.kustomizations().forEach(k -> referenced.addAll(Kustomization.load(k).referencedPaths()));
        assertThat(referenced).as("secret.example.yaml must not be applied").doesNotContain(DeployFiles.SECRET_TEMPLATE);
        List<Path> stray = DeployFiles.all().stream()
                .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                .filter(p -> !p.equals(DeployFiles.SECRET_TEMPLATE))
                .filter(p -> !referenced.contains(p))
                .toList();
        assertThat(stray).as("files under kubernetes/ that no kustomization references").isEmpty();
    }

    @Test
    void everyResourceManifestAndTheSecretTemplateMatchTheKubernetesSchema() {
        List<Path> manifests = new ArrayList<>(List.of(DeployFiles.SECRET_TEMPLATE));
        DeployFiles.kustomizations().forEach(k -> Kustomization.load(k).resources().stream().filter(Files::isRegularFile).forEach(manifests::add));
        List<String> problems = new ArrayList<>();
        for (Path file : manifests) {
            List<JsonNode> docs = Kustomization.documents(file);
            if (docs.isEmpty()) {
                problems.add(file + ": no object");
            }
            docs.forEach(d -> problems.addAll(KubernetesSchema.problems(file.toString(), d)));
        }
        assertThat(manifests).hasSizeGreaterThanOrEqualTo(5);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theRenderedVariantSatisfiesThePolicy(Path variant) {
        List<ObjectNode> objects = Kustomization.load(variant).render();
        assertThat(DeploymentPolicy.check(objects, DeployFiles.secretTemplate(), DeployFiles.builtInConfig())).isEmpty();
    }

    @Test
    void thePostgresOverlayRunsTwoReplicasOnPostgres() {
        List<ObjectNode> objects = Kustomization.load(Path.of("kubernetes/overlays/postgres")).render();
        JsonNode deployment = objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(deployment.path("spec").path("strategy").path("type").asText()).isEqualTo("RollingUpdate");
        JsonNode config = objects.stream().filter(o -> o.path("metadata").path("name").asText().equals("sluice-config")).findFirst().orElseThrow();
        assertThat(config.path("data").path("application.properties").asText()).contains("url=jdbc:postgresql:").doesNotContain("jdbc:duckdb:");
    }

    @Test
    void theDuckDbPersistentOverlayKeepsTheDataOnAClaim() {
        List<ObjectNode> objects = Kustomization.load(Path.of("kubernetes/overlays/duckdb-persistent")).render();
        JsonNode deployment = objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertThat(deployment.path("spec").path("template").path("spec").path("volumes").toString())
                .contains("{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"sluice-data\"}}");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void theSecretTemplateHoldsPlaceholdersOnly() {
        JsonNode secret = Kustomization.documents(DeployFiles.SECRET_TEMPLATE).get(0);
        assertThat(secret.has("data")).as("base64 'data' would hide real values: use stringData").isFalse();
        assertThat(secret.path("stringData").size()).isPositive();
        secret.path("stringData").fields().forEachRemaining(e ->
                assertThat(e.getValue().asText()).as(e.getKey()).matches("<[^<>]+>"));
    }

    @Test
    void noFileButTheTemplateHoldsASecret() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : DeployFiles.all()) {
            if (file.equals(DeployFiles.SECRET_TEMPLATE)) {
                continue;
            }
            String text = Files.readString(file);
            if (CREDENTIAL.matcher(text).find()) {
                problems.add(file + ": contains something shaped like a credential");
            }
            if (file.toString().endsWith(".properties")) {
                propertyProblems(file, text, problems);
            } else {
                Kustomization.documents(file).forEach(d -> yamlProblems(file, d, problems));
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Sensitive keys, active or commented out, must take their value from a ${...} expression. */
    private static void propertyProblems(Path file, String text, List<String> problems) {
        for (String line : text.split("\n")) {
            String l = line.strip().replaceFirst("^#\\s*", "");
            int eq = l.indexOf('=');
            String key = eq > 0 ? l.substring(0, eq) : "";
            if (SENSITIVE.matcher(key).matches() && !NOT_SENSITIVE.matcher(key).matches() && !l.substring(eq + 1).contains("${")) {
                problems.add(file + ": '" + l.substring(0, eq) + "' has a literal value; use ${ENV_VAR} from the Secret");
            }
        }
    }

    private static void yamlProblems(Path file, JsonNode node, List<String> problems) {
        if (node.isObject()) {
            if (node.path("kind").asText().equals("Secret") || node.has("secretGenerator")) {
                problems.add(file + ": Secrets belong in secret.example.yaml (a template) and in the cluster only");
            }
            if (SENSITIVE.matcher(node.path("name").asText()).matches() && node.path("value").isValueNode() && !node.path("value").asText().isBlank()) {
                problems.add(file + ": env " + node.path("name").asText() + " has a literal value; use secretKeyRef");
            }
            for (JsonNode literal : node.path("literals")) {
                if (SENSITIVE.matcher(literal.asText().split("=")[0]).matches()) {
                    problems.add(file + ": generator literal " + literal.asText().split("=")[0] + " looks like a secret");
                }
            }
        }
        node.forEach(child -> yamlProblems(file, child, problems));
    }

    @Test
    void theProbedEndpointsAndPortAreTheServicesOwn() throws IOException {
        // The health paths are build-time configuration: only the built-in application.properties could move them.
        assertThat(DeployFiles.builtInConfig().stringPropertyNames()).noneMatch(k -> k.startsWith("quarkus.smallrye-health.")
                || k.equals("quarkus.http.root-path") || k.equals("quarkus.http.non-application-root-path") || k.equals("quarkus.http.port"));
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<artifactId>quarkus-smallrye-health</artifactId>");
    }
}
