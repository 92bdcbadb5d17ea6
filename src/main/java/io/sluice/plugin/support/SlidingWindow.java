package io.sluice.plugin.support;

import io.sluice.plugin.Rate;

/**
 * The log of requests sent under one {@link Rate}: a sliding-window log, so that no window of the rate's
 * period (any {@code (t - period, t]}) ever holds more than {@code permits} of them.
 *
 * <p>Requests are appended in time order, dated when they leave (or, for slots that cannot tell, when granted).
 * For large limits the log coalesces those that fall within a small granularity ({@code period / 1024}) into one
 * entry dated at its latest: a request then counts as if made a little later than it was, which only ever makes the limiter stricter (never over the limit) and costs at
 * most {@code 1/1024} of throughput, while keeping memory near 1024 entries instead of one per permit (250,000
 * a day would otherwise be 250,000 timestamps). Up to 1024 permits the log is exact.
 *
 * <p>Not thread-safe: {@link CategoryState} guards it.
 */
final class SlidingWindow {
    private static final int EXACT_UP_TO = 1024;

    private final long permits;
    private final long period;
    private final long granularity;

    // A ring buffer of entries, oldest at head: first grant time, last grant time, number of grants.
    private long[] firsts = new long[16];
    private long[] lasts = new long[16];
    private long[] counts = new long[16];
    private int head;
    private int size;
    private long total;

    SlidingWindow(Rate rate) {
        this.permits = rate.permits();
        this.period = rate.period().toNanos();
        this.granularity = permits <= EXACT_UP_TO ? 0 : period / EXACT_UP_TO;
    }

    /**
     * The earliest time at or after {@code now} when one more request fits, given that it will be the latest and that
     * {@code pending} requests granted before it have not left yet (each counts in every window until it leaves);
     * {@link Long#MAX_VALUE} when the pending ones alone fill the limit, so that no time is known until one leaves.
     * Forgets requests that can no longer be in any window from {@code now} on.
     */
    long earliest(long now, long pending) {
        long horizon = now - period;
        while (size > 0 && lasts[head] <= horizon) {
            total -= counts[head];
            head = (head + 1) % firsts.length;
            size--;
        }
        if (total + pending < permits) {
            return now;
        }
        if (pending >= permits) {
            return Long.MAX_VALUE;
        }
        // The new request fits once the (permits - pending)-th most recent one has left the window.
        return Nanos.plus(lasts[entryHolding(permits - pending)], period);
    }

    /** The index of the entry holding the n-th most recent grant; walks from whichever end is nearer. */
    private int entryHolding(long n) {
        if (total - n < n) {
            long skip = total - n;
            for (int i = 0; i < size; i++) {
                int idx = (head + i) % firsts.length;
                skip -= counts[idx];
                if (skip < 0) {
                    return idx;
                }
            }
        } else {
            long remaining = n;
            for (int i = size - 1; i >= 0; i--) {
                int idx = (head + i) % firsts.length;
                remaining -= counts[idx];
                if (remaining <= 0) {
                    return idx;
                }
            }
        }
        throw new IllegalStateException("grant log out of step: total " + total + ", wanted " + n);
    }

    /** Records a request at {@code at}, which is no earlier than every one recorded so far. */
    void record(long at) {
        if (size > 0) {
            int last = (head + size - 1) % firsts.length;
            if (at - firsts[last] <= granularity) {
                lasts[last] = Math.max(lasts[last], at);
                counts[last]++;
                total++;
                return;
            }
        }
        if (size == firsts.length) {
            grow();
        }
        int idx = (head + size) % firsts.length;
        firsts[idx] = at;
        lasts[idx] = at;
        counts[idx] = 1;
        size++;
        total++;
    }

    private void grow() {
        long[] f = new long[firsts.length * 2];
        long[] l = new long[f.length];
        long[] c = new long[f.length];
        for (int i = 0; i < size; i++) {
            int idx = (head + i) % firsts.length;
            f[i] = firsts[idx];
            l[i] = lasts[idx];
            c[i] = counts[idx];
        }
        firsts = f;
        lasts = l;
        counts = c;
        head = 0;
    }

    /** Entries held, for tests of the memory bound. */
    int entries() {
        return size;
    }
}
