package io.sluice.plugin;

/**
 * The app refused a whole batch because of something in it (a validation error it does not attribute to a
 * record). The engine then splits the batch and sends the halves, down to single records, so one bad record
 * does not fail its neighbours; a single record refused this way is a {@code DESTINATION_FAILURE} carrying
 * this exception's message.
 */
public class BatchRejectedException extends RuntimeException {
    public BatchRejectedException(String message) {
        super(message);
    }
}
