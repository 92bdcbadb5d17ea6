package io.sluice.plan;

/** Where a record stands against its record state (SEMANTICS.md, "Strategies"). */
public enum Situation {
    /** Never applied successfully. */
    NEW,
    /** Differs from the record last applied successfully. */
    CHANGED,
    /** Applied before, no longer in the source. */
    GONE,
    /** Same as the record last applied successfully. */
    UNCHANGED
}
