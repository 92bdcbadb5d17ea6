package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.custom.Quantity;
import io.sluice.sync.SyncDefinition;
import io.sluice.sync.SyncFileException;
import io.sluice.sync.SyncFileParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a rendered Sluice deployment (the objects {@code kustomize build} produces for one variant) must satisfy beyond
 * the schema: the wiring between objects, the health endpoints and port of the service, the container hardening,
 * resources, the DuckDB single-replica rule, secrets only by reference, and sync files the service will load.
 * Each rule adds a message naming the object and field, so one run lists everything that is wrong.
 */
final class DeploymentPolicy {
    static final int HTTP_PORT = 8080; // quarkus.http.port default; the built-in configuration does not change it
    static final int UID = 1001;
    static final Set<String> WRITABLE_PATHS = Set.of("/tmp", "/work/data");
    private static final Pattern MAX_RAM = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final List<String> problems = new ArrayList<>();
    private final SecretTemplate secretTemplate;
    private final Properties builtIn;

    /** The name and keys of the Secret the deployment expects (kubernetes/secret.example.yaml). */
    record SecretTemplate(String name, Set<String> keys) {
    }

    private DeploymentPolicy(SecretTemplate secretTemplate, Properties builtIn) {
        this.secretTemplate = secretTemplate;
        this.builtIn = builtIn;
    }

    /**
     * @param objects        the rendered objects of one variant
     * @param secretTemplate the Secret the deployment expects
     * @param builtIn        the image's own application.properties (src/main/resources), profiles removed
     */
    static List<String> check(List<? extends JsonNode> objects, SecretTemplate secretTemplate, Properties builtIn) {
        DeploymentPolicy p = new DeploymentPolicy(secretTemplate, builtIn);
        p.checkAll(objects);
        return p.problems;
    }

    private void checkAll(List<? extends JsonNode> objects) {
        for (JsonNode o : objects) {
            problems.addAll(KubernetesSchema.problems(o.path("kind").asText() + " " + o.path("metadata").path("name").asText(), o));
        }
        JsonNode deployment = only(objects, "Deployment");
        JsonNode service = only(objects, "Service");
        JsonNode pdb = only(objects, "PodDisruptionBudget");
        if (deployment == null || service == null || pdb == null) {
            return;
        }
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
        JsonNode container = pod.path("containers").path(0);
        if (pod.path("containers").size() != 1) {
            problems.add("Deployment: expected exactly one container, found " + pod.path("containers").size());
        }
        selects("Deployment spec.selector", deployment.path("spec").path("selector").path("matchLabels"), labels);
        selects("Service spec.selector", service.path("spec").path("selector"), labels);
        selects("PodDisruptionBudget spec.selector", pdb.path("spec").path("selector").path("matchLabels"), labels);

        Properties config = mountedConfig(objects, pod, container);
        checkServiceAccount(objects, pod);
        checkHardening(pod, container);
        checkPortsAndProbes(service, container, config);
        checkResources(container);
        checkReplicas(deployment, pdb, config);
        checkVolumes(objects, pod, container);
        checkSecrets(pod, container, config);
        checkApiAuth(config);
        checkSyncs(objects, pod, container, config);
    }

    private void checkServiceAccount(List<? extends JsonNode> objects, JsonNode pod) {
        String account = pod.path("serviceAccountName").asText();
        if (objects.stream().noneMatch(o -> is(o, "ServiceAccount", account))) {
            problems.add("Deployment: serviceAccountName '" + account + "' is not a ServiceAccount of this deployment");
        }
        expect(pod, "automountServiceAccountToken", false, "Deployment pod spec (Sluice does not call the Kubernetes API)");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path(host).asBoolean(false)) {
                problems.add("Deployment pod spec: " + host + " must not be set");
            }
        }
    }

    private void checkHardening(JsonNode pod, JsonNode container) {
        JsonNode podSc = pod.path("securityContext");
        expect(podSc, "runAsNonRoot", true, "pod securityContext");
        if (podSc.path("runAsUser").asInt(-1) != UID) {
            problems.add("pod securityContext: runAsUser must be " + UID + " (the image's user), is " + podSc.path("runAsUser"));
        }
        if (!podSc.path("seccompProfile").path("type").asText().equals("RuntimeDefault")) {
            problems.add("pod securityContext: seccompProfile.type must be RuntimeDefault");
        }
        JsonNode sc = container.path("securityContext");
        expect(sc, "allowPrivilegeEscalation", false, "container securityContext");
        expect(sc, "readOnlyRootFilesystem", true, "container securityContext");
        if (sc.path("privileged").asBoolean(false)) {
            problems.add("container securityContext: privileged must not be true");
        }
        Set<String> dropped = new HashSet<>();
        sc.path("capabilities").path("drop").forEach(c -> dropped.add(c.asText()));
        if (!dropped.contains("ALL")) {
            problems.add("container securityContext: capabilities.drop must contain ALL, is " + dropped);
        }
        if (!sc.path("capabilities").path("add").isEmpty()) {
            problems.add("container securityContext: capabilities.add must be empty");
        }
    }

    private void checkPortsAndProbes(JsonNode service, JsonNode container, Properties config) {
        String port = config.getProperty("quarkus.http.port", builtIn.getProperty("quarkus.http.port", String.valueOf(HTTP_PORT)));
        if (!port.equals(String.valueOf(HTTP_PORT))) {
            problems.add("configuration: quarkus.http.port is " + port + "; the manifests and images expect " + HTTP_PORT);
        }
        JsonNode http = null;
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals("http")) {
                http = p;
            }
        }
        if (http == null || http.path("containerPort").asInt() != HTTP_PORT) {
            problems.add("container: needs a port named http on " + HTTP_PORT + ", has " + container.path("ports"));
        }
        JsonNode servicePort = service.path("spec").path("ports").path(0);
        if (servicePort.path("port").asInt() != 80 || !targetsHttp(servicePort.path("targetPort"))) {
            problems.add("Service: port 80 must target the container's http port (8080), is " + servicePort);
        }
        probe(container, "startupProbe", "/q/health/started");
        probe(container, "livenessProbe", "/q/health/live");
        probe(container, "readinessProbe", "/q/health/ready");
    }

    private void probe(JsonNode container, String name, String path) {
        JsonNode get = container.path(name).path("httpGet");
        if (!get.path("path").asText().equals(path) || !targetsHttp(get.path("port"))) {
            problems.add("container " + name + ": must GET " + path + " on the http port, is " + container.path(name));
        }
    }

    private static boolean targetsHttp(JsonNode port) {
        return port.asText().equals("http") || port.asInt() == HTTP_PORT;
    }

    private void checkResources(JsonNode container) {
        JsonNode resources = container.path("resources");
        for (String r : List.of("cpu", "memory")) {
            JsonNode request = resources.path("requests").path(r);
            JsonNode limit = resources.path("limits").path(r);
            if (request.isMissingNode() || limit.isMissingNode()) {
                problems.add("container resources: requests and limits of " + r + " are required");
            } else if (quantity(request).compareTo(quantity(limit)) > 0) {
                problems.add("container resources: " + r + " request " + request.asText() + " is above its limit " + limit.asText());
            }
        }
        Matcher m = MAX_RAM.matcher(env(container).getOrDefault("JAVA_OPTS", ""));
        if (!m.find() || Double.parseDouble(m.group(1)) > 75) {
            problems.add("container env JAVA_OPTS: needs -XX:MaxRAMPercentage of at most 75 so the heap follows the memory limit");
        }
    }

    /** The quantity's value; an unparsable one counts as zero (the schema check reports it). */
    private static java.math.BigDecimal quantity(JsonNode q) {
        try {
            return new Quantity(q.asText()).getNumber();
        } catch (RuntimeException e) {
            return java.math.BigDecimal.ZERO;
        }
    }

    private void checkReplicas(JsonNode deployment, JsonNode pdb, Properties config) {
        int replicas = deployment.path("spec").path("replicas").asInt(1);
        boolean duckDb = false;
        for (String key : config.stringPropertyNames()) {
            duckDb |= key.matches("sluice\\.warehouses\\.[^.]+\\.url") && config.getProperty(key).startsWith("jdbc:duckdb:");
        }
        if (duckDb && replicas != 1) {
            problems.add("Deployment: " + replicas + " replicas with an embedded DuckDB warehouse; DuckDB is single-process, "
                    + "several replicas need PostgreSQL or Snowflake");
        }
        if (duckDb && !deployment.path("spec").path("strategy").path("type").asText().equals("Recreate")) {
            problems.add("Deployment: strategy must be Recreate with DuckDB, so two pods never share its data directory");
        }
        JsonNode min = pdb.path("spec").path("minAvailable");
        if (min.isInt() && min.asInt() >= replicas) {
            problems.add("PodDisruptionBudget: minAvailable " + min.asInt() + " with " + replicas + " replica(s) blocks every node drain");
        }
        if (pdb.path("spec").path("maxUnavailable").isInt() && pdb.path("spec").path("maxUnavailable").asInt() < 1) {
            problems.add("PodDisruptionBudget: maxUnavailable below 1 blocks every node drain");
        }
    }

    private void checkVolumes(List<? extends JsonNode> objects, JsonNode pod, JsonNode container) {
        Map<String, JsonNode> volumes = new java.util.HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Set<String> writable = new TreeSet<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            String path = mount.path("mountPath").asText();
            if (volume == null) {
                problems.add("container volumeMounts: " + path + " mounts unknown volume " + mount.path("name").asText());
                continue;
            }
            if (volume.has("configMap") && objects.stream().noneMatch(o -> is(o, "ConfigMap", volume.path("configMap").path("name").asText()))) {
                problems.add("volume " + volume.path("name").asText() + ": no ConfigMap " + volume.path("configMap").path("name").asText());
            }
            String claim = volume.path("persistentVolumeClaim").path("claimName").asText(null);
            if (claim != null && objects.stream().noneMatch(o -> is(o, "PersistentVolumeClaim", claim))) {
                problems.add("volume " + volume.path("name").asText() + ": no PersistentVolumeClaim " + claim);
            }
            if (!mount.path("readOnly").asBoolean(false)) {
                writable.add(path);
                if (!volume.has("emptyDir") && !volume.has("persistentVolumeClaim")) {
                    problems.add("container volumeMounts: writable " + path + " must be an emptyDir or a PersistentVolumeClaim");
                }
            }
        }
        if (!writable.equals(new TreeSet<>(WRITABLE_PATHS))) {
            problems.add("container volumeMounts: the writable paths must be exactly " + new TreeSet<>(WRITABLE_PATHS) + " (/tmp for the "
                    + "JVM and DuckDB's native library, /work/data for DuckDB and files), are " + writable);
        }
    }

    private void checkSecrets(JsonNode pod, JsonNode container, Properties config) {
        String secretName = secretTemplate.name();
        Set<String> available = new HashSet<>(env(container).keySet());
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("secretRef")) {
                if (!from.path("secretRef").path("name").asText().equals(secretName)) {
                    problems.add("container envFrom: secretRef " + from.path("secretRef").path("name") + " is not the template's " + secretName);
                }
                available.addAll(secretTemplate.keys());
            }
        }
        for (JsonNode e : container.path("env")) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode() && (!ref.path("name").asText().equals(secretName) || !secretTemplate.keys().contains(ref.path("key").asText()))) {
                problems.add("container env " + e.path("name").asText() + ": secretKeyRef " + ref + " is not a key of the Secret template");
            }
        }
        for (String key : config.stringPropertyNames()) {
            Matcher m = ENV_REFERENCE.matcher(config.getProperty(key));
            while (m.find()) {
                if (!available.contains(m.group(1))) {
                    problems.add("configuration " + key + ": ${" + m.group(1) + "} is neither a container env var nor a key of the Secret template");
                }
            }
        }
        if (pod.path("volumes").toString().contains("\"secret\"")) {
            problems.add("Deployment: mount secrets through envFrom/secretKeyRef only");
        }
    }

    /** A deployed API is never open: authentication stays on and at least one token comes from the Secret. */
    private void checkApiAuth(Properties config) {
        String enabled = config.getProperty("sluice.auth.enabled", builtIn.getProperty("sluice.auth.enabled", "true")).trim();
        if (!enabled.equalsIgnoreCase("true")) {
            problems.add("configuration sluice.auth.enabled: must stay true in a deployment (an open API), is " + enabled);
        }
        boolean tokenFromSecret = config.stringPropertyNames().stream()
                .anyMatch(k -> k.matches("sluice\\.auth\\.tokens\\.[^.]+\\.token") && config.getProperty(k).contains("${"));
        if (!tokenFromSecret) {
            problems.add("configuration: no API token sluice.auth.tokens.<name>.token=${ENV_VAR} from the Secret (docs/security.md)");
        }
    }

    private void checkSyncs(List<? extends JsonNode> objects, JsonNode pod, JsonNode container, Properties config) {
        String dir = env(container).get("SLUICE_SYNCS_DIR");
        JsonNode syncs = mountedConfigMap(objects, pod, container, dir);
        if (dir == null || syncs == null) {
            problems.add("container: SLUICE_SYNCS_DIR must name the mount path of the sync files' ConfigMap, is " + dir);
            return;
        }
        Set<String> warehouses = names(config, "sluice\\.warehouses\\.([^.]+)\\.url");
        Set<String> connections = names(config, "sluice\\.connections\\.([^.]+)\\.plugin");
        SyncFileParser parser = new SyncFileParser(Duration.ofHours(4));
        Set<String> slugs = new HashSet<>();
        syncs.path("data").fields().forEachRemaining(e -> {
            try {
                SyncDefinition s = parser.parse(e.getKey(), e.getValue().asText());
                if (!slugs.add(s.slug())) {
                    problems.add("sync " + e.getKey() + ": slug " + s.slug() + " is used twice");
                }
                if (!warehouses.contains(s.source().warehouse())) {
                    problems.add("sync " + e.getKey() + ": warehouse " + s.source().warehouse() + " is not configured; configured: " + warehouses);
                }
                if (!connections.contains(s.target().connection())) {
                    problems.add("sync " + e.getKey() + ": connection " + s.target().connection() + " is not configured; configured: " + connections);
                }
            } catch (SyncFileException ex) {
                problems.add("sync " + e.getKey() + ": " + ex.getMessage());
            }
        });
        if (slugs.isEmpty()) {
            problems.add("the sync files' ConfigMap holds no sync");
        }
    }

    /** The application.properties mounted at {@code <workingDir>/config/}, where Quarkus reads it. */
    private Properties mountedConfig(List<? extends JsonNode> objects, JsonNode pod, JsonNode container) {
        String dir = container.path("workingDir").asText() + "/config";
        JsonNode cm = mountedConfigMap(objects, pod, container, dir);
        Properties p = new Properties();
        if (cm == null || !cm.path("data").has("application.properties")) {
            problems.add("container: no ConfigMap with application.properties mounted at " + dir + " (workingDir + /config)");
            return p;
        }
        try {
            p.load(new StringReader(cm.path("data").path("application.properties").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static JsonNode mountedConfigMap(List<? extends JsonNode> objects, JsonNode pod, JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(mount.path("name").asText()) && v.has("configMap")) {
                        String name = v.path("configMap").path("name").asText();
                        return objects.stream().filter(o -> is(o, "ConfigMap", name)).findFirst().orElse(null);
                    }
                }
            }
        }
        return null;
    }

    private Set<String> names(Properties mounted, String regex) {
        Set<String> names = new TreeSet<>();
        Pattern p = Pattern.compile(regex);
        for (Properties props : List.of(builtIn, mounted)) {
            for (String key : props.stringPropertyNames()) {
                Matcher m = p.matcher(key);
                if (m.matches()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    private void selects(String where, JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            problems.add(where + " is empty");
        }
        selector.fields().forEachRemaining(e -> {
            if (!e.getValue().equals(labels.path(e.getKey()))) {
                problems.add(where + ": " + e.getKey() + "=" + e.getValue().asText() + " does not match the pod template's labels " + labels);
            }
        });
    }

    private void expect(JsonNode node, String field, boolean value, String where) {
        if (!node.path(field).isBoolean() || node.path(field).asBoolean() != value) {
            problems.add(where + ": " + field + " must be " + value + ", is " + node.path(field));
        }
    }

    private JsonNode only(List<? extends JsonNode> objects, String kind) {
        List<? extends JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        if (found.size() != 1) {
            problems.add("expected one " + kind + ", found " + found.size());
            return null;
        }
        return found.get(0);
    }

    private static boolean is(JsonNode o, String kind, String name) {
        return o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name);
    }
}
