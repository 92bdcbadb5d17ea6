package io.sluice.apps.load;

/** Where a loaded definition comes from. */
public enum AppSource {
    /** Shipped with Sluice ({@code src/main/resources/apps/}). */
    SHIPPED,
    /** The user's folder {@code sluice.apps.dir}. */
    USER;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
