package io.sluice.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.qute.TemplateExtension;
import io.sluice.api.RunView;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes times, durations, counts and JSON; also usable in templates ({@code {run.took}}, {@code {n.count}}). */
@TemplateExtension
public final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Formats() {
    }

    /** {@code 2025-05-01 08:00:04 UTC}, or a dash. */
    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** {@code 850 ms}, {@code 12.4 s}, {@code 3 min 05 s}, {@code 2 h 07 min}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** How long a run took, or {@code running}. */
    static String took(RunView run) {
        return run.endedAt() == null ? "running" : duration(Duration.between(run.startedAt(), run.endedAt()));
    }

    static String when(Instant instant) {
        return time(instant);
    }

    /** {@code 1,234,567}. */
    static String count(Number n) {
        return n == null ? "—" : String.format(Locale.ROOT, "%,d", n.longValue());
    }

    /** {@code DESTINATION_FAILURE} as {@code destination failure}. */
    static String words(Enum<?> value) {
        return value == null ? "—" : value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The CSS class of a badge for a health, run state or apply state. */
    static String tone(Enum<?> value) {
        if (value == null) {
            return "other";
        }
        return switch (value.name()) {
            case "HEALTHY", "SUCCESS", "COMPLETED" -> "ok";
            case "FAILED", "DESTINATION_FAILURE", "SOURCE_FAILURE" -> "fail";
            case "INCOMPLETE", "DELAYED" -> "delayed";
            case "RUNNING", "RESYNC_REQUESTED" -> "info";
            default -> "other";
        };
    }

    /** JSON indented for reading; {@code null} as a dash. */
    static String pretty(JsonNode json) {
        if (json == null || json.isNull()) {
            return "—";
        }
        try {
            return PRETTY.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return json.toString();
        }
    }

    /** A value as one URL path segment ({@code a/b} as {@code a%2Fb}). */
    static String url(String value) {
        return Html.segment(value);
    }

    /** Records per second, {@code 1,234/s}. */
    static String rate(Double perSecond) {
        return perSecond == null ? "—" : String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }
}
