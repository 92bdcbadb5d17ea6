package io.sluice.warehouse.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The embedded warehouse's memory budget and spill directory when the settings name none. DuckDB's own default is 80 %
 * of the machine's RAM, outside the Java heap, and its buffer pool grows with the tables: a Kubernetes memory limit
 * turns that into an OOM kill, and a 10M-row table took 12 GiB of resident memory (docs/benchmarks.md, issue 16). With a
 * budget, DuckDB spills to disk instead of growing.
 *
 * <ul>
 *   <li>{@code memory_limit}: a quarter of the container's memory limit (cgroup v2 {@code memory.max}, v1
 *       {@code memory.limit_in_bytes}) when there is one: the Java heap, its metaspace and threads, and DuckDB's own
 *       memory outside its buffer pool need the rest. Without a container limit, a quarter of the machine's RAM, but
 *       at most {@value #UNCONTAINED_CAP_MIB} MiB: the process shares the host with whatever else runs there, and a
 *       larger budget buys little once the work spills, and with 1 GiB a 10M-row first run peaked at 2,195 MiB resident
 *       (DuckDB allocates beyond its budget, the JVM beside it), over the 2 GiB a backfill should fit in
 *       (docs/benchmarks.md, issue 16).</li>
 *   <li>{@code temp_directory}: beside the database file ({@code <file>.tmp}, DuckDB's own choice, made explicit so it
 *       holds for in-memory databases too), or under {@code java.io.tmpdir} for an in-memory database.</li>
 * </ul>
 * Either is overridden by {@code sluice.warehouses.<name>.properties.memory_limit} / {@code .temp_directory}. Pure apart
 * from reading the cgroup files, whose root is a parameter so tests can fake them.
 */
public final class DuckDbMemory {
    static final long UNCONTAINED_CAP_MIB = 768;
    /**
     * How much write-ahead log DuckDB gathers before it checkpoints (its default: 16 MiB). A run commits state and
     * history a window at a time; at 16 MiB a 1M-record first run checkpointed dozens of times, each rewriting the
     * tables' newest row groups and the record-state key index, which made the checkpoints, not the inserts, most of
     * the run's commit time (docs/benchmarks.md, issue 16). Each commit is durable in the log either way.
     */
    static final String CHECKPOINT_THRESHOLD = "256MiB";
    private static final long MIB = 1024L * 1024L;
    /** Below this a budget is a misreading, not a limit (DuckDB itself needs some tens of MiB). */
    private static final long FLOOR_MIB = 64;

    private DuckDbMemory() {
    }

    /** What was chosen, and why, for the start-up log. */
    public record Budget(String memoryLimit, String tempDirectory, String reason) {
    }

    /**
     * Adds {@code memory_limit} and {@code temp_directory} to {@code props} where they are not set.
     *
     * @param databasePath the database file, or empty for an in-memory database
     * @param cgroupRoot   where the cgroup file systems are mounted ({@code /sys/fs/cgroup})
     * @param physicalRam  the machine's RAM in bytes
     * @return what was set, or empty when both were given
     */
    public static Optional<Budget> applyDefaults(Properties props, Optional<Path> databasePath, Path cgroupRoot, long physicalRam,
                                                 Path tmpDir) {
        boolean limitGiven = props.containsKey("memory_limit");
        boolean tempGiven = props.containsKey("temp_directory");
        props.putIfAbsent("checkpoint_threshold", CHECKPOINT_THRESHOLD);
        if (limitGiven && tempGiven) {
            return Optional.empty();
        }
        String reason = "given";
        if (!limitGiven) {
            OptionalLong container = containerLimit(cgroupRoot, physicalRam);
            long bytes;
            if (container.isPresent()) {
                bytes = container.getAsLong() / 4;
                reason = "a quarter of the container's memory limit of " + container.getAsLong() / MIB + " MiB";
            } else {
                bytes = Math.min(physicalRam / 4, UNCONTAINED_CAP_MIB * MIB);
                reason = "no container memory limit: a quarter of the machine's " + physicalRam / MIB + " MiB, at most "
                        + UNCONTAINED_CAP_MIB + " MiB";
            }
            props.setProperty("memory_limit", Math.max(FLOOR_MIB, bytes / MIB) + "MiB");
        }
        if (!tempGiven) {
            Path spill = databasePath.map(p -> p.resolveSibling(p.getFileName() + ".tmp"))
                    .orElseGet(() -> tmpDir.resolve("sluice-duckdb-" + ProcessHandle.current().pid() + ".tmp"));
            props.setProperty("temp_directory", spill.toAbsolutePath().toString());
        }
        return Optional.of(new Budget(props.getProperty("memory_limit"), props.getProperty("temp_directory"), reason));
    }

    /**
     * The machine's RAM in bytes: {@code MemTotal} of {@code /proc/meminfo}, which is the host's even inside a container
     * (the JVM's own figure is the container's limit there), else what the JVM reports.
     */
    public static long physicalRam() {
        Optional<Long> memTotal = read(Path.of("/proc/meminfo")).flatMap(text -> text.lines()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> line.replaceAll("[^0-9]", ""))
                .filter(digits -> !digits.isEmpty())
                .map(kib -> Long.parseLong(kib) * 1024L)
                .findFirst());
        if (memTotal.isPresent()) {
            return memTotal.get();
        }
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : Runtime.getRuntime().maxMemory() * 4;
    }

    /**
     * The container's memory limit in bytes: cgroup v2 first, then v1; none when unlimited ({@code max}, or v1's huge
     * number, or anything at least the machine's RAM), absent or unreadable.
     */
    static OptionalLong containerLimit(Path cgroupRoot, long physicalRam) {
        for (Path file : new Path[] {cgroupRoot.resolve("memory.max"), cgroupRoot.resolve("memory").resolve("memory.limit_in_bytes")}) {
            Optional<String> text = read(file);
            if (text.isEmpty()) {
                continue;
            }
            String value = text.get();
            if (value.equals("max")) {
                return OptionalLong.empty();
            }
            try {
                long bytes = Long.parseLong(value);
                return bytes > 0 && bytes < physicalRam ? OptionalLong.of(bytes) : OptionalLong.empty();
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
