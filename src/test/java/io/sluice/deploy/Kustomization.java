package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code kustomization.yaml}: its fields, the files it references, and a small renderer for the subset of
 * kustomize that {@code kubernetes/} uses (resources, configMapGenerator, replicas, images, strategic-merge and
 * JSON 6902 patches). The renderer lets the policy tests run on every variant without a kustomize binary; where
 * {@code kubectl} is installed, {@link KubernetesKustomizeBuildTest} checks the real rendering as well. A field the
 * renderer does not know fails the tests, so a new kustomize feature cannot slip in unchecked.
 */
final class Kustomization {
    static final YAMLMapper YAML = new YAMLMapper();
    /** The fields of kustomize's Kustomization type (kustomize.config.k8s.io/v1beta1). */
    static final Set<String> FIELDS = Set.of("apiVersion", "kind", "metadata", "resources", "components", "bases", "namespace",
            "namePrefix", "nameSuffix", "labels", "commonLabels", "commonAnnotations", "images", "replicas", "patches",
            "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator", "generatorOptions", "vars",
            "replacements", "crds", "generators", "transformers", "validators", "openapi", "helmCharts", "helmGlobals",
            "buildMetadata", "sortOptions");
    /** The fields the renderer below implements. */
    static final Set<String> RENDERED = Set.of("apiVersion", "kind", "resources", "configMapGenerator", "replicas", "images", "patches");

    final Path dir;
    final JsonNode root;

    private Kustomization(Path dir, JsonNode root) {
        this.dir = dir;
        this.root = root;
    }

    static Kustomization load(Path dir) {
        return new Kustomization(dir, documents(dir.resolve("kustomization.yaml")).get(0));
    }

    /** Every YAML document of a file (empty documents skipped). */
    static List<JsonNode> documents(Path file) {
        try (var it = YAML.readerFor(JsonNode.class).readValues(Files.readString(file, StandardCharsets.UTF_8))) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode n = (JsonNode) it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    List<Path> resources() {
        return paths(root.path("resources"));
    }

    /** Files of configMapGenerator entries, by generator name. */
    Map<String, List<Path>> generatorFiles() {
        Map<String, List<Path>> files = new java.util.LinkedHashMap<>();
        for (JsonNode g : root.path("configMapGenerator")) {
            List<Path> list = new ArrayList<>();
            for (JsonNode f : g.path("files")) {
                list.add(dir.resolve(source(f.asText())).normalize());
            }
            files.put(g.path("name").asText(), list);
        }
        return files;
    }

    List<Path> patchFiles() {
        List<Path> files = new ArrayList<>();
        for (JsonNode p : root.path("patches")) {
            if (p.has("path")) {
                files.add(dir.resolve(p.path("path").asText()).normalize());
            }
        }
        return files;
    }

    /** Every local path this kustomization names (resources, generator files, patch files). */
    List<Path> referencedPaths() {
        List<Path> all = new ArrayList<>(resources());
        generatorFiles().values().forEach(all::addAll);
        all.addAll(patchFiles());
        return all;
    }

    /** Renders the objects, as {@code kustomize build} would but without the hash suffixes of generated names. */
    List<ObjectNode> render() {
        List<ObjectNode> out = new ArrayList<>();
        for (Path r : resources()) {
            if (Files.isDirectory(r)) {
                out.addAll(load(r).render());
            } else {
                documents(r).forEach(d -> out.add((ObjectNode) d.deepCopy()));
            }
        }
        for (JsonNode g : root.path("configMapGenerator")) {
            generate(g, out);
        }
        for (JsonNode r : root.path("replicas")) {
            specOf(out, "Deployment", r.path("name").asText()).put("replicas", r.path("count").asInt());
        }
        for (JsonNode p : root.path("patches")) {
            patch(p, out);
        }
        for (JsonNode image : root.path("images")) {
            setImage(image, out);
        }
        return out;
    }

    private void generate(JsonNode g, List<ObjectNode> out) {
        String name = g.path("name").asText();
        ObjectNode cm = JsonNodeFactory.instance.objectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap").putObject("metadata").put("name", name);
        ObjectNode data = cm.putObject("data");
        for (JsonNode f : g.path("files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            Path file = dir.resolve(source(spec));
            data.put(eq > 0 ? spec.substring(0, eq) : file.getFileName().toString(), read(file));
        }
        String behavior = g.path("behavior").asText("create");
        ObjectNode existing = out.stream().filter(o -> isNamed(o, "ConfigMap", name)).findFirst().orElse(null);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalStateException(dir + ": ConfigMap " + name + " generated twice (use behavior: replace or merge)");
                }
                out.add(cm);
            }
            case "replace" -> required(existing, name).set("data", data);
            case "merge" -> ((ObjectNode) required(existing, name).withObject("data")).setAll(data);
            default -> throw new IllegalStateException(dir + ": unknown configMapGenerator behavior " + behavior);
        }
    }

    private ObjectNode required(ObjectNode existing, String name) {
        if (existing == null) {
            throw new IllegalStateException(dir + ": no ConfigMap " + name + " to replace or merge into");
        }
        return existing;
    }

    private void patch(JsonNode p, List<ObjectNode> out) {
        JsonNode body = p.has("path") ? documents(dir.resolve(p.path("path").asText())).get(0) : parse(p.path("patch").asText());
        JsonNode target = p.path("target");
        if (body.isArray()) {
            ObjectNode object = specOf(out, target.path("kind").asText(), target.path("name").asText());
            body.forEach(op -> JsonPatch.apply(object, op));
        } else {
            String kind = target.path("kind").asText(body.path("kind").asText());
            String name = target.path("name").asText(body.path("metadata").path("name").asText());
            StrategicMerge.merge(specOf(out, kind, name), body);
        }
    }

    private static void setImage(JsonNode image, List<ObjectNode> out) {
        String name = image.path("name").asText();
        for (ObjectNode o : out) {
            for (JsonNode c : o.path("spec").path("template").path("spec").path("containers")) {
                String current = c.path("image").asText();
                int colon = current.lastIndexOf(':');
                String repo = colon > current.lastIndexOf('/') ? current.substring(0, colon) : current;
                if (repo.equals(name)) {
                    String newRepo = image.path("newName").asText(repo);
                    String tag = image.path("newTag").asText(colon > current.lastIndexOf('/') ? current.substring(colon + 1) : "latest");
                    ((ObjectNode) c).put("image", newRepo + ":" + tag);
                }
            }
        }
    }

    private ObjectNode specOf(List<ObjectNode> out, String kind, String name) {
        return (ObjectNode) out.stream().filter(o -> isNamed(o, kind, name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(dir + ": no " + kind + " named " + name + " to patch"))
                .path("spec");
    }

    private static boolean isNamed(JsonNode o, String kind, String name) {
        return o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name);
    }

    private List<Path> paths(JsonNode list) {
        List<Path> paths = new ArrayList<>();
        list.forEach(n -> paths.add(dir.resolve(n.asText()).normalize()));
        return paths;
    }

    private static String source(String fileSpec) {
        int eq = fileSpec.indexOf('=');
        return eq > 0 ? fileSpec.substring(eq + 1) : fileSpec;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kubernetes strategic merge, for the list merge keys used by pod specs. */
    static final class StrategicMerge {
        private static final List<String> MERGE_KEYS = List.of("name", "mountPath", "containerPort", "topologyKey");

        private StrategicMerge() {
        }

        /** Merges {@code patch} (a whole object) into {@code spec} (the target's spec). */
        static void merge(ObjectNode spec, JsonNode patch) {
            if (patch.path("metadata").size() > 1) {
                throw new IllegalStateException("a patch of metadata is not supported by this renderer");
            }
            mergeObject(spec, (ObjectNode) patch.path("spec"));
        }

        private static void mergeObject(ObjectNode target, ObjectNode patch) {
            Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().startsWith("$")) {
                    throw new IllegalStateException("patch directive " + e.getKey() + " is not supported by this renderer");
                }
                JsonNode current = target.get(e.getKey());
                JsonNode value = e.getValue();
                if (value.isNull()) {
                    target.remove(e.getKey());
                } else if (current instanceof ObjectNode c && value instanceof ObjectNode v) {
                    mergeObject(c, v);
                } else if (current instanceof ArrayNode c && value instanceof ArrayNode v && mergeKey(c, v) != null) {
                    mergeList(c, v, mergeKey(c, v));
                } else {
                    target.set(e.getKey(), value.deepCopy());
                }
            }
        }

        private static String mergeKey(ArrayNode a, ArrayNode b) {
            for (String key : MERGE_KEYS) {
                boolean all = true;
                for (JsonNode n : a) {
                    all &= n.has(key);
                }
                for (JsonNode n : b) {
                    all &= n.has(key);
                }
                if (all) {
                    return key;
                }
            }
            return null;
        }

        private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
            for (JsonNode p : patch) {
                JsonNode match = null;
                for (JsonNode t : target) {
                    if (t.path(key).equals(p.path(key))) {
                        match = t;
                    }
                }
                if (match == null) {
                    target.add(p.deepCopy());
                } else {
                    mergeObject((ObjectNode) match, (ObjectNode) p);
                }
            }
        }
    }

    /** RFC 6902 add, replace and remove on object members, paths relative to the object's root. */
    static final class JsonPatch {
        private JsonPatch() {
        }

        /** Applies one operation to the object whose {@code spec} is given. */
        static void apply(ObjectNode spec, JsonNode op) {
            String path = op.path("path").asText();
            if (!path.startsWith("/spec/")) {
                throw new IllegalStateException("JSON patch path " + path + " is outside /spec/, not supported by this renderer");
            }
            String[] parts = path.substring("/spec/".length()).split("/");
            ObjectNode parent = spec;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = (ObjectNode) parent.path(parts[i]);
            }
            String last = parts[parts.length - 1];
            switch (op.path("op").asText()) {
                case "add", "replace" -> parent.set(last, op.path("value").deepCopy());
                case "remove" -> {
                    if (parent.remove(last) == null) {
                        throw new IllegalStateException("JSON patch removes " + path + ", which does not exist");
                    }
                }
                default -> throw new IllegalStateException("JSON patch op " + op.path("op").asText() + " is not supported by this renderer");
            }
        }
    }
}
