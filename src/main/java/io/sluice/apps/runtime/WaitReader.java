package io.sluice.apps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.apps.model.WaitSpec;
import io.sluice.plugin.support.AppHttpClient;
import io.sluice.plugin.support.HttpAnswer;
import io.sluice.plugin.support.ResponseJson;
import io.sluice.plugin.support.RetryAfter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Where a definition's throttled answers say when to try again ({@code wait}): the first of its places that holds a
 * readable value wins. The HTTP client honours {@code Retry-After} on its own and takes the later of the two.
 */
record WaitReader(List<WaitSpec> waits) implements AppHttpClient.NextTry {

    @Override
    public Optional<Instant> after(HttpAnswer answer, Instant now) {
        for (WaitSpec wait : waits) {
            String value = wait.header() != null ? answer.header(wait.header()) : body(answer, wait);
            Optional<Instant> at = value == null || value.isBlank() ? Optional.empty() : parse(wait.format(), value.trim(), now);
            if (at.isPresent()) {
                return at;
            }
        }
        return Optional.empty();
    }

    private static String body(HttpAnswer answer, WaitSpec wait) {
        return ResponseJson.container(answer.body()).map(d -> d.at(wait.body())).filter(JsonNode::isValueNode).map(JsonNode::asText).orElse(null);
    }

    /** The instant {@code value} names in {@code format}, or empty when it does not read. */
    static Optional<Instant> parse(WaitSpec.Format format, String value, Instant now) {
        try {
            return switch (format) {
                case RETRY_AFTER, HTTP_DATE -> RetryAfter.parse(value, now);
                case SECONDS -> Optional.of(now.plusNanos(new BigDecimal(value).movePointRight(9).longValueExact()));
                case MILLIS -> Optional.of(now.plusNanos(new BigDecimal(value).movePointRight(6).longValueExact()));
                case EPOCH_SECONDS -> Optional.of(Instant.ofEpochSecond(0, new BigDecimal(value).movePointRight(9).longValueExact()));
                case EPOCH_MILLIS -> Optional.of(Instant.ofEpochMilli(new BigDecimal(value).longValue()));
                case ISO -> Optional.of(OffsetDateTime.parse(value).toInstant());
            };
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
