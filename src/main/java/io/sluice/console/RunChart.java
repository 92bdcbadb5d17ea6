package io.sluice.console;

import io.sluice.api.RunView;
import io.sluice.state.ApplyState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometry of a sync's runs chart, drawn as inline SVG by the sync page: one stacked bar per run, oldest on the
 * left (records per apply state: succeeded, failed, delayed, other), and the runs' durations as a line on their own
 * scale. Pure arithmetic, so the page needs no chart library and the picture is right without JavaScript.
 */
public record RunChart(int width, int height, List<Bar> bars, String durationLine, List<Point> durationPoints,
                       long maxRecords, String maxDuration) {
    static final int WIDTH = 640;
    static final int HEIGHT = 160;
    private static final int TOP = 8;
    private static final int BOTTOM = 4;

    /** One run's bar; {@code title} is what a pointer or a screen reader gets. */
    public record Bar(String runId, double x, double width, List<Segment> segments, String title) {
    }

    /** A part of a bar: {@code kind} is the CSS class (ok, fail, delayed, other). */
    public record Segment(double y, double height, String kind) {
    }

    public record Point(double x, double y) {
    }

    /** The chart of {@code runs}, given newest first as the API lists them. */
    public static RunChart of(List<RunView> runs) {
        List<RunView> oldestFirst = new ArrayList<>(runs).reversed();
        long max = Math.max(1, oldestFirst.stream().mapToLong(RunChart::total).max().orElse(1));
        long maxMillis = Math.max(1, oldestFirst.stream().mapToLong(RunChart::millis).max().orElse(1));
        int n = Math.max(1, oldestFirst.size());
        double slot = (double) WIDTH / n;
        double barWidth = Math.max(1, Math.min(slot * 0.7, 40));  // a few runs are still bars, not blocks
        double plot = HEIGHT - TOP - BOTTOM;
        List<Bar> bars = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < oldestFirst.size(); i++) {
            RunView run = oldestFirst.get(i);
            double x = i * slot + (slot - barWidth) / 2;
            Map<ApplyState, Long> states = run.counts().applyStates();
            long ok = states.getOrDefault(ApplyState.SUCCESS, 0L);
            long fail = states.getOrDefault(ApplyState.DESTINATION_FAILURE, 0L) + states.getOrDefault(ApplyState.SOURCE_FAILURE, 0L);
            long delayed = states.getOrDefault(ApplyState.DELAYED, 0L);
            long other = total(run) - ok - fail - delayed;
            List<Segment> segments = new ArrayList<>();
            double y = HEIGHT - BOTTOM;
            for (Object[] part : new Object[][] {{ok, "ok"}, {fail, "fail"}, {delayed, "delayed"}, {other, "other"}}) {
                long count = (Long) part[0];
                if (count <= 0) {
                    continue;
                }
                double h = Math.max(1, plot * count / max);
                y -= h;
                segments.add(new Segment(round(y), round(h), (String) part[1]));
            }
            bars.add(new Bar(run.id(), round(x), round(barWidth), segments, title(run, ok, fail, delayed, other)));
            if (run.endedAt() != null) {
                Point p = new Point(round(x + barWidth / 2), round(HEIGHT - BOTTOM - plot * millis(run) / maxMillis));
                line.append(points.isEmpty() ? "M" : " L").append(p.x()).append(' ').append(p.y());
                points.add(p);
            }
        }
        return new RunChart(WIDTH, HEIGHT, bars, line.toString(), points, max, Formats.duration(Duration.ofMillis(maxMillis)));
    }

    private static long total(RunView run) {
        return run.counts().applyStates().values().stream().mapToLong(Long::longValue).sum();
    }

    private static long millis(RunView run) {
        return run.endedAt() == null ? 0 : Duration.between(run.startedAt(), run.endedAt()).toMillis();
    }

    private static String title(RunView run, long ok, long fail, long delayed, long other) {
        String took = run.endedAt() == null ? "still running" : "took " + Formats.duration(Duration.ofMillis(millis(run)));
        return String.format(Locale.ROOT, "%s run %s, %s: %d succeeded, %d failed, %d delayed, %d other",
                Formats.time(run.startedAt()), run.state().name().toLowerCase(Locale.ROOT), took, ok, fail, delayed, other);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
