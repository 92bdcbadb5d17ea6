package io.sluice.warehouse;

/** A warehouse is misconfigured; the message names the warehouse and the key. */
public class WarehouseConfigException extends RuntimeException {
    public WarehouseConfigException(String message) {
        super(message);
    }
}
