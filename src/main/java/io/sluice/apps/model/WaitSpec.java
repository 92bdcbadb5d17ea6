package io.sluice.apps.model;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * Where a throttled answer says how long to wait: a header or a body field, read in a format.
 *
 * @param header the header's name, or {@code null}
 * @param body   the pointer into the JSON body, or {@code null}
 */
public record WaitSpec(String header, JsonPointer body, Format format) {

    /** How the value reads. */
    public enum Format { SECONDS, MILLIS, EPOCH_SECONDS, EPOCH_MILLIS, HTTP_DATE, ISO, RETRY_AFTER }
}
