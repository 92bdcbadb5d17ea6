package io.sluice.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * One measured figure beside its baseline from the same run. Benchmarks running in a forked JVM hand their
 * figures to the parent as one tab-separated line each ({@link #toLine}), so all of them end up in one table.
 *
 * @param group    what is measured (diff, send, rate limiter, memory, service)
 * @param scenario the case within the group (e.g. "duckdb 1M no change")
 * @param metric   what the value is (e.g. "staging ms")
 * @param value    the figure
 * @param baseline the figure it is judged against, measured in the same run; NaN when there is none
 * @param target   the target in words (e.g. "<= 1.25x"), empty when the figure is for information
 * @param met      whether the target is met; empty when there is no target
 */
public record Figure(String group, String scenario, String metric, double value, double baseline, String target, Optional<Boolean> met) {
    private static final String PREFIX = "@figure\t";

    public static Figure info(String group, String scenario, String metric, double value) {
        return new Figure(group, scenario, metric, value, Double.NaN, "", Optional.empty());
    }

    /** A figure beside its baseline, for information (no target). */
    public static Figure versus(String group, String scenario, String metric, double value, double baseline) {
        return new Figure(group, scenario, metric, value, baseline, "", Optional.empty());
    }

    /** A figure whose ratio to the baseline must stay at or under {@code maxRatio} (times). */
    public static Figure atMost(String group, String scenario, String metric, double value, double baseline, double maxRatio) {
        return new Figure(group, scenario, metric, value, baseline, String.format(Locale.ROOT, "<= %.2fx", maxRatio),
                Optional.of(value <= baseline * maxRatio));
    }

    /** A figure whose ratio to the baseline must be at least {@code minRatio}. */
    public static Figure atLeast(String group, String scenario, String metric, double value, double baseline, double minRatio) {
        return new Figure(group, scenario, metric, value, baseline, String.format(Locale.ROOT, ">= %.2fx", minRatio),
                Optional.of(value >= baseline * minRatio));
    }

    public static Figure judged(String group, String scenario, String metric, double value, double baseline, String target, boolean met) {
        return new Figure(group, scenario, metric, value, baseline, target, Optional.of(met));
    }

    public double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : value / baseline;
    }

    String toLine() {
        return PREFIX + String.join("\t", group, scenario, metric, Double.toString(value), Double.toString(baseline), target,
                met.map(String::valueOf).orElse(""));
    }

    /** The figure a child printed on this line, if it is one. */
    static Optional<Figure> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] f = line.substring(PREFIX.length()).split("\t", -1);
        return Optional.of(new Figure(f[0], f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5],
                f[6].isEmpty() ? Optional.empty() : Optional.of(Boolean.parseBoolean(f[6]))));
    }
}
