package io.sluice.warehouse;

/** A statement failed in the warehouse. The message names the warehouse and what was being done. */
public class WarehouseException extends RuntimeException {
    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
