package io.sluice.plugin.support;

import io.sluice.plugin.ThrottledException;
import java.time.Instant;

/** A 429 or 5xx answer while retries last; carries the answer so the last one can be handed back when they end. */
final class HttpStatusException extends ThrottledException {
    final HttpAnswer answer;

    HttpStatusException(HttpAnswer answer, Instant retryAt) {
        super(answer.describe(), retryAt);
        this.answer = answer;
    }
}
