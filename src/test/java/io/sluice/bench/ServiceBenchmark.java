package io.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service (figure group 5): starts the packaged application ({@code target/quarkus-app/quarkus-run.jar},
 * {@code demo} profile, as the README runs it) in a subprocess, reads Quarkus' own "started in" figure and the
 * wall time until that line, then the process's resident memory (VmRSS) after two idle seconds. Baseline: a bare
 * JVM ({@link IdleJvm}) started the same way. One unmeasured start first (the demo seeds its files), then three
 * measured starts; the median counts. Needs {@code ./mvnw package} (the {@code bench} profile's {@code verify}
 * runs it). Prints figures, asserts nothing.
 */
public final class ServiceBenchmark {
    static final String GROUP = "service";
    private static final Pattern STARTED = Pattern.compile("started in (\\d+(?:\\.\\d+)?)s");

    /** What one start measured. */
    record Start(double wallMillis, double reportedMillis, double rssMiB) {
    }

    public static void main(String[] args) throws Exception {
        FigureTable table = new FigureTable();
        run(table);
        if (!Boolean.getBoolean("bench.child")) {
            table.print(System.out);
        }
        System.exit(0);
    }

    static void run(FigureTable table) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            System.err.println("service: " + jar + " is missing; build it with ./mvnw package (the bench profile does)");
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> app = List.of(java, "-Dquarkus.profile=demo", "-Dquarkus.http.port=0", "-Dquarkus.log.console.color=false", "-jar",
                jar.toString());
        List<String> idle = List.of(java, "-cp", System.getProperty("java.class.path"), IdleJvm.class.getName());
        start(app, line -> line.contains("started in"));
        List<Start> service = new ArrayList<>();
        List<Start> bare = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            service.add(start(app, line -> line.contains("started in")));
            bare.add(start(idle, line -> line.contains("idle JVM ready")));
        }
        Start s = median(service);
        Start b = median(bare);
        table.emit(Figure.info(GROUP, "demo profile, packaged jar", "Quarkus 'started in' (ms)", s.reportedMillis()));
        table.emit(Figure.versus(GROUP, "demo profile, packaged jar", "wall ms to ready vs bare JVM", s.wallMillis(), b.wallMillis()));
        table.emit(Figure.versus(GROUP, "demo profile, packaged jar", "idle RSS MiB vs bare JVM", s.rssMiB(), b.rssMiB()));
    }

    private static Start median(List<Start> starts) {
        List<Start> sorted = new ArrayList<>(starts);
        sorted.sort((x, y) -> Double.compare(x.wallMillis(), y.wallMillis()));
        return sorted.get(sorted.size() / 2);
    }

    /** Starts a process, waits for its ready line, idles two seconds, reads its VmRSS and stops it. */
    private static Start start(List<String> command, Predicate<String> ready) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            double reported = Double.NaN;
            String line;
            while ((line = out.readLine()) != null) {
                if (ready.test(line)) {
                    Matcher m = STARTED.matcher(line);
                    reported = m.find() ? Double.parseDouble(m.group(1)) * 1000 : Double.NaN;
                    break;
                }
            }
            if (line == null) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' ended before it was ready");
            }
            double wall = (System.nanoTime() - t0) / 1e6;
            // keep draining its output while it idles, so a chatty process never blocks on a full pipe
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    while (out.readLine() != null) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // the process is being stopped
                }
            });
            Thread.sleep(2_000);
            double rss = Memory.mib(Memory.procStatus(p.pid(), "VmRSS"));
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            drain.join(5_000);
            return new Start(wall, reported, rss);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
