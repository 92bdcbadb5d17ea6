package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the images without a container engine: the stages and base images, what the build stage
 * copies (present in the repository and sent by .dockerignore), the non-root user, the port, the working directory
 * the Kubernetes manifests rely on, and the Quarkus fast-jar layout the JVM image copies.
 */
class DockerfileTest {
    private static final Dockerfile JVM = Dockerfile.read(Path.of("Dockerfile.jvm"));
    private static final Dockerfile NATIVE = Dockerfile.read(Path.of("Dockerfile.native"));
    /** Quarkus' fast-jar (target/quarkus-app): what the JVM image must copy, and where to. */
    private static final List<String> FAST_JAR = List.of("lib/", "quarkus-run.jar", "app/", "quarkus/");

    private static Dockerfile dockerfile(String name) {
        return name.equals("Dockerfile.jvm") ? JVM : NATIVE;
    }

    @Test
    void theStagesBuildOnTheDocumentedImages() {
        assertThat(JVM.stages()).extracting(Dockerfile.Stage::image).containsExactly("eclipse-temurin:21-jdk", "eclipse-temurin:21-jre");
        assertThat(NATIVE.stages()).extracting(Dockerfile.Stage::image)
                .containsExactly("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25", "quay.io/quarkus/ubi9-quarkus-micro-image:2.0");
        assertThat(JVM.stages().get(0).name()).isEqualTo("build");
        assertThat(NATIVE.stages().get(0).name()).isEqualTo("build");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void theBuildStagePackagesWithTheMavenWrapperFromFilesTheContextSends(String name) throws IOException {
        Dockerfile.Stage build = dockerfile(name).stage("build");
        DockerIgnore ignore = DockerIgnore.read(Path.of(".dockerignore"));
        List<String> problems = new ArrayList<>();
        for (Dockerfile.Instruction copy : build.all("COPY")) {
            List<String> operands = copy.operands();
            for (String source : operands.subList(0, operands.size() - 1)) {
                Path path = Path.of(source);
                if (!Files.exists(path)) {
                    problems.add(name + ": copies " + source + ", which the repository does not have");
                    continue;
                }
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(Files::isRegularFile).map(Path::toString).filter(f -> !ignore.sends(f))
                            .forEach(f -> problems.add(name + ": copies " + f + ", which .dockerignore keeps out of the context"));
                }
            }
        }
        assertThat(problems).isEmpty();
        String packaging = build.last("RUN").args();
        assertThat(packaging).startsWith("./mvnw").contains(" package");
        if (name.equals("Dockerfile.native")) {
            assertThat(packaging).contains("-Dnative");
        }
        assertThat(Files.isExecutable(Path.of("mvnw"))).as("mvnw keeps its executable bit in the image").isTrue();
    }

    @Test
    void dockerIgnoreSendsTheSourcesAndNothingBuilt() {
        DockerIgnore ignore = DockerIgnore.read(Path.of(".dockerignore"));
        assertThat(Stream.of("mvnw", "pom.xml", ".mvn/wrapper/maven-wrapper.properties", "src/main/resources/application.properties",
                "src/main/java/io/sluice/sync/SyncFileParser.java")).allMatch(ignore::sends);
        assertThat(Stream.of("target/quarkus-app/quarkus-run.jar", ".git/HEAD", "src/test/java/io/sluice/LayeringTest.java",
                "kubernetes/secret.example.yaml", "data/warehouse.duckdb")).noneMatch(ignore::sends);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void theImageRunsAsUid1001OnPort8080InTheDirectoryKubernetesMounts(String name) {
        Dockerfile.Stage run = dockerfile(name).last();
        assertThat(run.last("USER").args()).as("numeric, so runAsNonRoot can verify it").isEqualTo(String.valueOf(DeploymentPolicy.UID));
        assertThat(run.last("EXPOSE").args()).isEqualTo(String.valueOf(DeploymentPolicy.HTTP_PORT));
        JsonNode container = deploymentContainer();
        assertThat(run.last("WORKDIR").args().replaceAll("/$", "")).isEqualTo(container.path("workingDir").asText());
        // The directories the manifests mount exist in the image, owned by the user, for `docker run` as well.
        String setup = run.all("RUN").stream().map(Dockerfile.Instruction::args).reduce("", String::concat);
        assertThat(setup).contains("mkdir -p /work/config /work/syncs /work/data", "chown -R 1001:0 /work");
        for (JsonNode mount : container.path("volumeMounts")) {
            String path = mount.path("mountPath").asText();
            assertThat(path.equals("/tmp") || setup.contains(path)).as(name + " creates " + path).isTrue();
        }
        for (Dockerfile.Instruction copy : run.all("COPY")) {
            assertThat(dockerfile(name).stage(copy.flag("from"))).as("COPY --from names an earlier stage").isNotNull();
        }
    }

    @Test
    void theJvmImageCopiesTheFastJarTheQuarkusWay() {
        Dockerfile.Stage run = JVM.last();
        String buildDir = JVM.stage("build").last("WORKDIR").args();
        List<String> copied = new ArrayList<>();
        for (Dockerfile.Instruction copy : run.all("COPY")) {
            assertThat(copy.flag("from")).isEqualTo("build");
            List<String> operands = copy.operands();
            String source = operands.get(0);
            String prefix = buildDir + "/target/quarkus-app/";
            assertThat(source).startsWith(prefix);
            String part = source.substring(prefix.length());
            assertThat(operands.get(1)).isEqualTo("/deployments/" + part);
            copied.add(part);
        }
        assertThat(copied).containsExactlyElementsOf(FAST_JAR);
        assertThat(run.last("ENTRYPOINT").args()).contains("java $JAVA_OPTS -jar /deployments/quarkus-run.jar");
        assertThat(run.last("ENV").args()).contains("JAVA_OPTS=", "-XX:MaxRAMPercentage=");
        // kubernetes/ tunes the JVM through the variable the entrypoint reads.
        assertThat(deploymentContainer().path("env").toString()).contains("\"name\":\"JAVA_OPTS\"");
    }

    /** Needs a packaged build (./mvnw package): then the copied parts are exactly what Quarkus produced. */
    @Test
    void theFastJarLayoutMatchesAPackagedBuild() throws IOException {
        Path app = Path.of("target/quarkus-app");
        assumeTrue(Files.isRegularFile(app.resolve("quarkus-run.jar")), "no packaged build in target/quarkus-app");
        Set<String> produced = new TreeSet<>();
        try (Stream<Path> s = Files.list(app)) {
            s.forEach(p -> produced.add(p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        }
        produced.remove("quarkus-app-dependencies.txt"); // a build report, not needed at run time
        assertThat(produced).containsExactlyInAnyOrderElementsOf(FAST_JAR);
    }

    @Test
    void theNativeImageRunsTheRunnerOfTheBuildStage() {
        Dockerfile.Stage run = NATIVE.last();
        Dockerfile.Instruction copy = run.last("COPY");
        assertThat(copy.flag("from")).isEqualTo("build");
        assertThat(copy.operands()).containsExactly("/code/target/*-runner", "/work/application");
        assertThat(run.last("CMD").args()).contains("\"./application\"", "-Dquarkus.http.host=0.0.0.0");
    }

    /**
     * The native build keeps DuckDB's JNI library, which the driver extracts from its jar at run time, and the shipped
     * app definitions with their index, which the service reads from the class path.
     */
    @Test
    void theNativeBuildIncludesTheDuckDbLibrariesAndTheShippedAppDefinitions() throws IOException {
        java.util.Properties config = new java.util.Properties();
        try (var r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            config.load(r);
        }
        String includes = config.getProperty("quarkus.native.resources.includes", "");
        assertThat(includes.split(",")).containsExactlyInAnyOrder("libduckdb_java.so_linux_*", "apps/*.yaml", "apps/index.txt");
        for (String arch : List.of("amd64", "arm64")) {
            assertThat(org.duckdb.DuckDBDriver.class.getResource("/libduckdb_java.so_linux_" + arch)).as(arch).isNotNull();
        }
        assertThat(config.getProperty("quarkus.native.additional-build-args", "")).contains("--initialize-at-run-time=org.duckdb");
    }

    private static JsonNode deploymentContainer() {
        return Kustomization.documents(Path.of("kubernetes/base/deployment.yaml")).get(0)
                .path("spec").path("template").path("spec").path("containers").path(0);
    }
}
