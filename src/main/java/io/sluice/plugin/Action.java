package io.sluice.plugin;

/** What the engine asks a plugin to do with one record. */
public enum Action {
    /** Create the object in the app (new record). */
    CREATE,
    /** Update the existing app object (matched by app identifier or a mapped key). */
    UPDATE,
    /** Delete the app object. */
    DELETE,
    /** Overwrite the object wholesale ({@code replace} strategy). */
    RECREATE,
    /** Deliver the record once, event style ({@code send} strategy). */
    SEND
}
