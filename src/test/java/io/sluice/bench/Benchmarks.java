package io.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs every figure group, each in a JVM of its own, and prints one table of figures, each beside the baseline
 * measured in the same run, with the machine and its load average. The documented entry point:
 * <pre>
 * ./mvnw -Pbench verify -Dbench.rows=1000000,10000000
 * </pre>
 * Properties: {@code bench.rows} (sizes, comma-separated), {@code bench.warehouses} ({@code duckdb,postgres}),
 * {@code bench.groups} ({@code diff,send,rate,service,prune,console}; {@code console}, 100 syncs and one of 1M records,
 * runs only when named), {@code bench.repeat} (runs of each timed statement, the best
 * counts), {@code bench.prune.chunk} (rows per history prune statement), {@code bench.heap} (the diff JVMs' -Xmx), {@code bench.jvmArgs} (more JVM options for every child, e.g.
 * {@code -XX:StartFlightRecording=filename=target/bench.jfr}). The table also goes to {@code target/benchmarks.md}.
 * Prints, asserts nothing.
 */
public final class Benchmarks {
    private static final double MEMORY_TARGET = 1.10;

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = longs("bench.rows", "100000");
        List<String> warehouses = list("bench.warehouses", "duckdb,postgres");
        List<String> groups = list("bench.groups", "diff,send,rate,service,prune");
        FigureTable table = new FigureTable();
        List<String> loads = new ArrayList<>();
        loads.add("start " + loadAverage());
        if (groups.contains("diff")) {
            for (String warehouse : warehouses) {
                Map<Long, List<Figure>> memory = new TreeMap<>();
                for (long rows : sizes) {
                    List<Figure> figures = child(DiffBenchmark.class, System.getProperty("bench.heap", "4g"),
                            Map.of("bench.warehouse", warehouse, "bench.rows", Long.toString(rows)));
                    figures.forEach(table::add);
                    memory.put(rows, figures.stream().filter(f -> f.group().equals("memory")).toList());
                    loads.add("after diff " + warehouse + " " + size(rows) + ": " + loadAverage());
                }
                flatness(warehouse, memory, table);
            }
        }
        if (groups.contains("send")) {
            child(SendBenchmark.class, "2g", Map.of()).forEach(table::add);
            child(AppDefinitionSendBenchmark.class, "2g", Map.of()).forEach(table::add);
            loads.add("after send path: " + loadAverage());
        }
        if (groups.contains("rate")) {
            child(RateLimitBenchmark.class, "1g", Map.of()).forEach(table::add);
            loads.add("after rate limiter: " + loadAverage());
        }
        if (groups.contains("service")) {
            child(ServiceBenchmark.class, "1g", Map.of()).forEach(table::add);
            loads.add("after service: " + loadAverage());
        }
        if (groups.contains("console")) {
            child(ConsoleBenchmark.class, "2g", Map.of()).forEach(table::add);
            loads.add("after console: " + loadAverage());
        }
        if (groups.contains("prune")) {
            for (String warehouse : warehouses) {
                for (long rows : sizes) {
                    child(PruneBenchmark.class, "2g", Map.of("bench.warehouse", warehouse, "bench.rows", Long.toString(rows))).forEach(table::add);
                    loads.add("after prune " + warehouse + " " + size(rows) + ": " + loadAverage());
                }
            }
        }
        report(System.out, table, loads);
        Path file = Path.of("target", "benchmarks.md");
        Files.createDirectories(file.getParent());
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
            report(out, table, loads);
        }
        System.out.println("(also written to " + file + ")");
        System.exit(0);
    }

    private static void report(PrintStream out, FigureTable table, List<String> loads) {
        out.printf("%n## Sluice benchmarks, %s%n%n", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19)
                + "Z");
        out.printf("%d cores, %,d MiB RAM, JDK %s, %s; load average (1, 5, 15 min): %s%n%n", Runtime.getRuntime().availableProcessors(),
                totalMemoryMiB(), Runtime.version(), System.getProperty("os.name") + " " + System.getProperty("os.arch"), String.join("; ", loads));
        table.print(out);
        out.println();
    }

    /** Memory at each larger size against the smallest: flat means within 10 %. */
    private static void flatness(String warehouse, Map<Long, List<Figure>> bySize, FigureTable table) {
        if (bySize.size() < 2) {
            return;
        }
        long smallest = bySize.keySet().iterator().next();
        for (var entry : bySize.entrySet()) {
            if (entry.getKey() == smallest) {
                continue;
            }
            for (Figure f : entry.getValue()) {
                bySize.get(smallest).stream().filter(base -> base.metric().equals(f.metric())).findFirst().ifPresent(base ->
                        table.add(Figure.atMost("memory", warehouse + " " + size(entry.getKey()) + " vs " + size(smallest), f.metric(), f.value(),
                                base.value(), MEMORY_TARGET)));
            }
        }
    }

    /** Runs a benchmark's main in a new JVM with the same class path and the bench.* properties; returns its figures. */
    static List<Figure> child(Class<?> main, String heap, Map<String, String> properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "--enable-native-access=ALL-UNNAMED", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dbench.child=true"));
        String jvmArgs = System.getProperty("bench.jvmArgs", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        Map<String, String> props = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.") && !k.equals("bench.jvmArgs"))
                .forEach(k -> props.put(k, System.getProperty(k)));
        props.putAll(properties);
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        System.err.printf("%n>>> %s %s%n", main.getSimpleName(), properties);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Figure> figures = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Optional<Figure> f = Figure.parse(line);
                if (f.isPresent()) {
                    figures.add(f.get());
                    System.err.println("    " + f.get().scenario() + " | " + f.get().metric() + " | " + FigureTable.number(f.get().value())
                            + " | " + FigureTable.number(f.get().baseline()));
                } else if (!line.contains(" INFO ")) {
                    System.err.println(line);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            System.err.printf("%s exited with %d%n", main.getSimpleName(), exit);
        }
        return figures;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static long totalMemoryMiB() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return -1;
    }

    private static List<String> list(String property, String fallback) {
        return Arrays.stream(System.getProperty(property, fallback).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** A comma-separated list of whole numbers from a system property; the fallback when it is unset or blank (as -Pbench passes it). */
    static long[] longs(String property, String fallback) {
        String given = System.getProperty(property, "");
        return Arrays.stream((given.isBlank() ? fallback : given).split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .mapToLong(v -> Long.parseLong(v.replace("_", ""))).toArray();
    }

    /** 1000000 -> "1M", 100000 -> "100k". */
    static String size(long rows) {
        if (rows >= 1_000_000 && rows % 1_000_000 == 0) {
            return rows / 1_000_000 + "M";
        }
        if (rows >= 1_000 && rows % 1_000 == 0) {
            return rows / 1_000 + "k";
        }
        return Long.toString(rows);
    }
}
