package io.sluice.apps.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.apps.model.WaitSpec;
import io.sluice.plugin.support.HttpAnswer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a throttled answer says when to try again: reset headers and body fields in their formats, first readable one wins. */
class WaitReaderTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static HttpAnswer answer(Map<String, String> headers, String body) {
        return new HttpAnswer("POST", "https://x.example.com/a", 429, headers, body);
    }

    @Test
    void aResetTimestampHeaderInEpochSecondsNamesTheInstant() {
        WaitReader reader = new WaitReader(List.of(new WaitSpec("X-RateLimit-Reset", null, WaitSpec.Format.EPOCH_SECONDS)));

        assertThat(reader.after(answer(Map.of("x-ratelimit-reset", String.valueOf(NOW.getEpochSecond() + 30)), null), NOW))
                .contains(NOW.plusSeconds(30));
    }

    @Test
    void theFirstPlaceThatHoldsAReadableValueWins() {
        WaitReader reader = new WaitReader(List.of(
                new WaitSpec("X-Wait", null, WaitSpec.Format.SECONDS),
                new WaitSpec(null, JsonPointer.compile("/error/retry_after"), WaitSpec.Format.SECONDS),
                new WaitSpec(null, JsonPointer.compile("/reset_at"), WaitSpec.Format.ISO)));

        assertThat(reader.after(answer(Map.of("x-wait", "soon"), "{\"error\": {\"retry_after\": 1.5}}"), NOW)).contains(NOW.plusMillis(1500));
        assertThat(reader.after(answer(Map.of(), "{\"reset_at\": \"2026-01-01T00:01:00Z\"}"), NOW)).contains(NOW.plusSeconds(60));
        assertThat(reader.after(answer(Map.of(), "<html>slow down</html>"), NOW)).isEmpty();
    }

    @Test
    void millisAndEpochMillisRead() {
        assertThat(WaitReader.parse(WaitSpec.Format.MILLIS, "250", NOW)).contains(NOW.plusMillis(250));
        assertThat(WaitReader.parse(WaitSpec.Format.EPOCH_MILLIS, String.valueOf(NOW.toEpochMilli() + 10), NOW)).contains(NOW.plusMillis(10));
        assertThat(WaitReader.parse(WaitSpec.Format.HTTP_DATE, "Thu, 01 Jan 2026 00:00:05 GMT", NOW)).contains(NOW.plusSeconds(5));
    }
}
