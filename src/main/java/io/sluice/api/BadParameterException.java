package io.sluice.api;

/** A query parameter that cannot be read; answered as a 400 problem naming the parameter and the refused value. */
final class BadParameterException extends RuntimeException {
    final String sync;
    final String field;
    final String value;

    BadParameterException(String sync, String field, String value, String detail) {
        super(detail);
        this.sync = sync;
        this.field = field;
        this.value = value;
    }
}
