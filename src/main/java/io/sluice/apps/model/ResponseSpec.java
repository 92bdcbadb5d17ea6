package io.sluice.apps.model;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Set;

/**
 * How to read an action's answer. Pointers are {@code null} when not set.
 *
 * @param success       statuses that mean success; empty: any 2xx
 * @param successWhen   a condition a successful answer must also meet, or {@code null}
 * @param appIdentifier where the app identifier is (in the answer, or in each batch result)
 * @param results       batch: where the array of per-record results is; {@code null}: the body when it is an array
 * @param match         batch: how results are matched to records
 * @param key           batch with {@code match: key}: the pointer in a result and the record's field that must agree
 * @param error         a pointer (in a result, or the record-mode answer) whose non-empty value rejects the record
 * @param errors        batch: a separate array of per-record errors, or {@code null}
 * @param batchRejected statuses meaning the request was refused as a whole
 * @param retryable     statuses meaning the request may succeed if sent again
 */
public record ResponseSpec(Set<Integer> success, Condition successWhen, JsonPointer appIdentifier, JsonPointer results, Match match,
                           Key key, JsonPointer error, Errors errors, Set<Integer> batchRejected, Set<Integer> retryable) {

    public static final Set<Integer> DEFAULT_BATCH_REJECTED = Set.of(400, 413, 422);
    public static final Set<Integer> DEFAULT_RETRYABLE = Set.of(408, 409, 423, 429, 500, 502, 503, 504);

    /** How batch results find their records. */
    public enum Match { POSITION, KEY }

    /** {@code pointer} must hold {@code equals} (compared as text). */
    public record Condition(JsonPointer pointer, String equals) {
    }

    /** A result (or error) belongs to the record whose field {@code record} equals the value at {@code result}. */
    public record Key(JsonPointer result, String record) {
    }

    /**
     * Per-record errors in an array apart from the results.
     *
     * @param at      where the array is
     * @param index   in an element, the record's 0-based position in the batch, or {@code null}
     * @param key     in an element, a key naming the record, or {@code null}
     * @param message in an element, the message
     */
    public record Errors(JsonPointer at, JsonPointer index, Key key, JsonPointer message) {
    }

    public ResponseSpec {
        success = Set.copyOf(success);
        batchRejected = Set.copyOf(batchRejected);
        retryable = Set.copyOf(retryable);
    }

    /** Whether {@code status} means success. */
    public boolean isSuccess(int status) {
        return success.isEmpty() ? status >= 200 && status < 300 : success.contains(status);
    }
}
