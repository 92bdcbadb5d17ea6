package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The deployment files of the repository, as the tests read them (paths relative to the project directory). */
final class DeployFiles {
    static final Path KUBERNETES = Path.of("kubernetes");
    static final Path SECRET_TEMPLATE = KUBERNETES.resolve("secret.example.yaml");
    /** Alerts for clusters with the Prometheus Operator: applied on its own, not a variant of the service. */
    static final Path MONITORING = KUBERNETES.resolve("monitoring");
    static final Path PROMETHEUS_RULE = MONITORING.resolve("prometheus-rule.yaml");

    private DeployFiles() {
    }

    /** Every file under kubernetes/. */
    static List<Path> all() {
        try (Stream<Path> s = Files.walk(KUBERNETES)) {
            return s.filter(Files::isRegularFile).map(Path::normalize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every kustomization directory, base included. */
    static List<Path> kustomizations() {
        return all().stream().filter(p -> p.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).toList();
    }

    /**
     * What a user applies to run the service: kubernetes/ and each overlay (kustomizations no other kustomization
     * includes), but not the monitoring add-on.
     */
    static List<Path> variants() {
        Set<Path> included = new TreeSet<>();
        kustomizations().forEach(k -> included.addAll(Kustomization.load(k).resources()));
        return kustomizations().stream().filter(k -> !included.contains(k)).filter(k -> !k.equals(MONITORING)).toList();
    }

    static DeploymentPolicy.SecretTemplate secretTemplate() {
        JsonNode secret = Kustomization.documents(SECRET_TEMPLATE).get(0);
        Set<String> keys = new TreeSet<>();
        secret.path("stringData").fieldNames().forEachRemaining(keys::add);
        return new DeploymentPolicy.SecretTemplate(secret.path("metadata").path("name").asText(), keys);
    }

    /** The image's built-in configuration, without profile-specific keys (%dev, %test...). */
    static Properties builtInConfig() {
        Properties all = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            all.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties prod = new Properties();
        all.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> prod.setProperty(k, all.getProperty(k)));
        return prod;
    }
}
