package io.sluice.apps.model;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Set;

/**
 * How to read an action's answer. Pointers are {@code null} when not set.
 *
 * @param success       statuses that mean success; empty: any 2xx (another 2xx is an unexpected answer: transient)
 * @param successWhen   a condition a successful answer must also meet, or {@code null}
 * @param errorWhen     a condition that rejects the record (in a result, or the record-mode answer), or {@code null}
 * @param appIdentifier where the app identifier is (in the answer, or in each batch result)
 * @param results       batch: where the array of per-record results is; {@code null}: the body when it is an array
 * @param match         batch: how results are matched to records
 * @param key           batch with {@code match: key}: the pointer in a result and the record's field that must agree
 * @param error         a pointer (in a result, or the record-mode answer) whose non-empty value rejects the record
 * @param errors        batch: a separate array of per-record errors, or {@code null}
 * @param partial       batch: statuses whose answer, when it holds the {@code errors} array, answers per record (the
 *                      records it names are rejected, the others delivered)
 * @param unavailableWhen a value in any answer meaning the connection's credentials are refused, or {@code null}
 * @param retryableWhen a value in any answer meaning the same request may succeed later, or {@code null}
 * @param batchRejected statuses meaning the request was refused as a whole
 * @param retryable     statuses meaning the request may succeed if sent again
 */
public record ResponseSpec(Set<Integer> success, Condition successWhen, ErrorWhen errorWhen, JsonPointer appIdentifier, JsonPointer results,
                           Match match, Key key, JsonPointer error, Errors errors, Set<Integer> partial, Set<Integer> batchRejected,
                           Set<Integer> retryable, ValueIn unavailableWhen, ValueIn retryableWhen) {

    public static final Set<Integer> DEFAULT_BATCH_REJECTED = Set.of(400, 413, 422);
    public static final Set<Integer> DEFAULT_RETRYABLE = Set.of(408, 409, 423, 429, 500, 502, 503, 504);

    /** How batch results find their records. */
    public enum Match { POSITION, KEY }

    /** What an answer that fails {@code success-when} means for its records. */
    public enum Otherwise {
        /** Not delivered, sent again (the default: the answer may be a proxy's). */
        TRANSIENT,
        /** Each record is refused. */
        REJECTED,
        /** The batch is refused as a whole: the engine splits it down to the records the app refuses (a lone record: rejected). */
        BATCH_REJECTED
    }

    /** {@code pointer} must hold {@code equals} (compared as text); when it does not, {@code otherwise} says what that means. */
    public record Condition(JsonPointer pointer, String equals, Otherwise otherwise) {
    }

    /** The record is refused when {@code pointer} holds {@code equals}; its message is at {@code message} ({@code null}: at {@code error}). */
    public record ErrorWhen(JsonPointer pointer, String equals, JsonPointer message) {
    }

    /** {@code pointer} holds one of {@code in} (compared as text). */
    public record ValueIn(JsonPointer pointer, Set<String> in) {
        public ValueIn {
            in = Set.copyOf(in);
        }
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
        partial = Set.copyOf(partial);
        batchRejected = Set.copyOf(batchRejected);
        retryable = Set.copyOf(retryable);
    }

    /** Whether {@code status} means success. */
    public boolean isSuccess(int status) {
        return success.isEmpty() ? status >= 200 && status < 300 : success.contains(status);
    }
}
