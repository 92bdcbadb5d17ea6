package io.sluice.apps.runtime;

/** A record whose request could not be built (a template failed for it, or rendered no valid body); it fails alone, unsent. */
final class InvalidRecordException extends RuntimeException {
    InvalidRecordException(String message) {
        super(message);
    }
}
