package io.sluice.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Memory figures of this JVM: the peak heap in use, the peak heap still live after a collection (what the
 * engine holds, as opposed to garbage not collected yet), and the process's resident set from
 * {@code /proc/<pid>/status} (VmHWM is its peak, which includes native memory such as embedded DuckDB's).
 */
public final class Memory {
    private final AtomicLong peakLive = new AtomicLong();

    private Memory() {
    }

    /** Starts watching collections; create it before the work to measure. */
    public static Memory watch() {
        Memory m = new Memory();
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPools.add(p.getName());
            }
        }
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long live = 0;
                    // after-GC figures include non-heap pools (metaspace, code cache): count heap pools only
                    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(e.getKey())) {
                            live += e.getValue().getUsed();
                        }
                    }
                    m.peakLive.accumulateAndGet(live, Math::max);
                }
            }, null, null);
        }
        return m;
    }

    /** The largest heap any pool mix reached: the sum of each heap pool's peak (an upper bound). */
    public long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The largest heap still in use right after a collection. */
    public long peakLiveHeapBytes() {
        return peakLive.get();
    }

    /** A {@code /proc/<pid>/status} field in bytes (VmRSS, VmHWM), or -1 where there is no procfs. */
    public static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public static long self(String field) {
        return procStatus(ProcessHandle.current().pid(), field);
    }

    public static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
