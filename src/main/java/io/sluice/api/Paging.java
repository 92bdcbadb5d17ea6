package io.sluice.api;

import java.util.List;
import java.util.function.Function;

/** Paged lists: the requested page size kept within bounds, and the cursor of the page that follows a full one. */
public final class Paging {
    private Paging() {
    }

    /** {@code limit} kept between 1 and {@code max}. */
    public static int bound(int limit, int max) {
        return Math.max(1, Math.min(limit, max));
    }

    /** The key of the last item of a full page (the {@code after} of the next one); null when the page is the last. */
    public static <T> String next(List<T> page, int limit, Function<T, String> key) {
        return page.size() < limit ? null : key.apply(page.get(page.size() - 1));
    }
}
