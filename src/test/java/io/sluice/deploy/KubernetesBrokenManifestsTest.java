package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Breaks the rendered base one way at a time: each break must be reported, or the checks prove nothing. */
class KubernetesBrokenManifestsTest {

    static Stream<Arguments> breaks() {
        return Stream.of(
                broken("a misspelled field", o -> {
                    ObjectNode sc = container(o).withObject("securityContext");
                    sc.set("readOnlyRootFileSystem", sc.remove("readOnlyRootFilesystem"));
                },
                        "`readOnlyRootFileSystem` in the JSON string is not defined in the `V1SecurityContext`"),
                broken("a missing required field", o -> container(o).remove("name"), "required field `name`"),
                broken("an invalid quantity", o -> container(o).withObject("resources").withObject("limits").put("memory", "1GB"), "Could not parse suffix"),
                broken("a removed API version", o -> deployment(o).put("apiVersion", "extensions/v1beta1"), "not a kind this test knows"),
                broken("the wrong liveness path", o -> container(o).withObject("livenessProbe").withObject("httpGet").put("path", "/health"), "livenessProbe: must GET /q/health/live"),
                broken("the wrong container port", o -> ((ObjectNode) container(o).path("ports").path(0)).put("containerPort", 8081), "port named http on 8080"),
                broken("root", o -> pod(o).withObject("securityContext").put("runAsUser", 0), "runAsUser must be 1001"),
                broken("a writable root file system", o -> container(o).withObject("securityContext").put("readOnlyRootFilesystem", false), "readOnlyRootFilesystem must be true"),
                broken("privilege escalation", o -> container(o).withObject("securityContext").remove("allowPrivilegeEscalation"), "allowPrivilegeEscalation must be false"),
                broken("an added capability", o -> container(o).withObject("securityContext").withObject("capabilities").putArray("add").add("NET_ADMIN"), "capabilities.add must be empty"),
                broken("no seccomp profile", o -> pod(o).withObject("securityContext").remove("seccompProfile"), "seccompProfile.type must be RuntimeDefault"),
                broken("no memory limit", o -> container(o).withObject("resources").withObject("limits").remove("memory"), "requests and limits of memory"),
                broken("a heap of the whole limit", o -> env(o, "JAVA_OPTS").put("value", "-XX:MaxRAMPercentage=95"), "MaxRAMPercentage of at most 75"),
                broken("two replicas on DuckDB", o -> deployment(o).withObject("spec").put("replicas", 2), "embedded DuckDB warehouse"),
                broken("a PDB that blocks drains", o -> pdb(o).withObject("spec").put("minAvailable", 1), "blocks every node drain"),
                broken("a Service selecting nothing", o -> service(o).withObject("spec").withObject("selector").put("app.kubernetes.io/name", "other"), "does not match the pod template"),
                broken("a writable mount elsewhere", o -> ((ObjectNode) container(o).path("volumeMounts").path(2)).put("readOnly", false), "writable paths must be exactly"),
                broken("a sync file that does not parse", o -> configMap(o, "sluice-syncs").withObject("data").put("bad.yaml", "slug: Bad\nstrategy: merge\n"), "sync bad.yaml"),
                broken("a sync to an unknown connection", o -> configMap(o, "sluice-syncs").withObject("data").put("x.yaml",
                        "slug: x\nsource: {table: t, id-column: id}\ntarget: {connection: crm}\nstrategy: upsert\nmapping: {a: a}\n"), "connection crm is not configured"),
                broken("a secret nobody provides", o -> appendConfig(o, "sluice.warehouses.default.password=${NO_SUCH_SECRET}"), "${NO_SUCH_SECRET} is neither"),
                broken("an open API", o -> appendConfig(o, "sluice.auth.enabled=false"), "sluice.auth.enabled: must stay true"),
                broken("the syncs dir elsewhere", o -> env(o, "SLUICE_SYNCS_DIR").put("value", "/work/other"), "SLUICE_SYNCS_DIR must name the mount path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaks")
    void isReported(String what, Consumer<List<ObjectNode>> breakIt, String expected) {
        List<ObjectNode> objects = Kustomization.load(Path.of("kubernetes")).render();
        assertThat(DeploymentPolicy.check(objects, DeployFiles.secretTemplate(), DeployFiles.builtInConfig())).as("before breaking").isEmpty();
        breakIt.accept(objects);
        assertThat(DeploymentPolicy.check(objects, DeployFiles.secretTemplate(), DeployFiles.builtInConfig()))
                .as(what).anySatisfy(p -> assertThat(p).contains(expected));
    }

    private static Arguments broken(String what, Consumer<List<ObjectNode>> breakIt, String expected) {
        return Arguments.of(what, breakIt, expected);
    }

    private static ObjectNode kind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    private static ObjectNode deployment(List<ObjectNode> o) {
        return kind(o, "Deployment");
    }

    private static ObjectNode service(List<ObjectNode> o) {
        return kind(o, "Service");
    }

    private static ObjectNode pdb(List<ObjectNode> o) {
        return kind(o, "PodDisruptionBudget");
    }

    private static ObjectNode pod(List<ObjectNode> o) {
        return (ObjectNode) deployment(o).path("spec").path("template").path("spec");
    }

    private static ObjectNode container(List<ObjectNode> o) {
        return (ObjectNode) pod(o).path("containers").path(0);
    }

    private static ObjectNode env(List<ObjectNode> o, String name) {
        for (JsonNode e : container(o).path("env")) {
            if (e.path("name").asText().equals(name)) {
                return (ObjectNode) e;
            }
        }
        throw new IllegalStateException("no env " + name);
    }

    private static ObjectNode configMap(List<ObjectNode> o, String name) {
        return o.stream().filter(x -> x.path("kind").asText().equals("ConfigMap") && x.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow();
    }

    private static void appendConfig(List<ObjectNode> o, String line) {
        ObjectNode data = configMap(o, "sluice-config").withObject("data");
        data.put("application.properties", data.path("application.properties").asText() + "\n" + line + "\n");
    }
}
