package io.sluice.plugin.support;

import io.sluice.plugin.Rate;
import io.sluice.plugin.RateLimitDeadlineException;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rate limits of one connection, shared by every sync that uses it. Thread-safe; never blocks a thread.
 *
 * <p>A request belongs to the first {@linkplain #categoryFor category} that matches its method and URL (none:
 * not limited). Before sending, a caller takes a slot: {@link #reserve} (or {@link #tryReserve}) grants the
 * earliest slot that fits every rate of the category and returns how long to wait for it; {@link #acquire}
 * does the waiting with Mutiny. Slots are granted in order, so callers are served first come, first served. An
 * HTTP client that can tell when its request is written uses {@link #take}: its slot counts from that moment, so
 * requests that leave late (a connection being opened) do not bunch up with those granted after them.
 *
 * <p>Algorithm: a sliding-window log per rate ({@link SlidingWindow}). A token bucket or GCRA with a burst
 * of N lets up to 2N-1 requests through in some window of the rate's period (a full burst, then the refill),
 * which breaks apps that count in sliding windows; GCRA without a burst spaces requests evenly, which turns
 * a {@code 250000/day} limit into one request every 0.35 s even when {@code 100/10s} would allow a burst now.
 * The log grants exactly what the limits allow: no window of a rate's period ever holds more than its
 * permits, and a saturated caller gets the full rate. Large limits are coalesced in the log at 1/1024 of
 * the period, which keeps memory small and can only make it stricter.
 *
 * <p>A {@code 429} with {@code Retry-After} is reported with {@link #pause}: no slot of the category is
 * granted before the instant; callers already waiting in {@link #acquire} check again when they wake.
 *
 * <p>A sync that redefines categories ({@link RateLimitConfig#merge} with sync-level definitions) needs a
 * limiter of its own: layering narrower rates onto this shared, in-order log would hold back every other
 * sync of the connection whenever the narrower rate binds.
 */
public final class RateLimiter {
    private final List<RateLimitCategory> categories;
    private final Map<String, CategoryState> states = new LinkedHashMap<>();
    private final Clock clock;
    private final Delayer delayer;

    /** A limiter that waits with Mutiny's timer. */
    public RateLimiter(List<RateLimitCategory> categories, Clock clock) {
        this(categories, clock, Delayer.MUTINY);
    }

    /**
     * @param categories in matching order; names must be unique. Build them with {@link RateLimitConfig#merge}
     *                   from the plugin's defaults and the connection's definitions.
     * @param clock      the time of reservations in {@link #acquire}
     * @param delayer    how {@link #acquire} waits
     * @throws IllegalArgumentException when two categories have the same name
     */
    public RateLimiter(List<RateLimitCategory> categories, Clock clock, Delayer delayer) {
        this(categories, clock, delayer, 0);
    }

    /**
     * Like {@link #RateLimiter(List, Clock, Delayer)}, granting as if every rate's period were longer by
     * {@code periodSlack} of itself ({@code 0.01}: a {@code 50/s} rate grants 50 per 1.01 s). A slot is exact, but
     * the request it admits reaches the app somewhat later, by an amount that varies (timer granularity, event
     * loop, network): with the log's full bursts at window edges, a few milliseconds more for one burst than for
     * the next would put both in one of the app's windows. The slack absorbs that jitter up to its size, for
     * that fraction of the throughput.
     *
     * @param periodSlack a fraction of the period, from 0 (exact) to below 1
     */
    public RateLimiter(List<RateLimitCategory> categories, Clock clock, Delayer delayer, double periodSlack) {
        if (periodSlack < 0 || periodSlack >= 1) {
            throw new IllegalArgumentException("period slack must be in [0, 1), got " + periodSlack);
        }
        this.categories = List.copyOf(categories);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delayer = Objects.requireNonNull(delayer, "delayer");
        for (RateLimitCategory category : this.categories) {
            List<Rate> granted = category.rates().stream()
                    .map(r -> Rate.of(r.permits(), r.period().plusNanos((long) (r.period().toNanos() * periodSlack))))
                    .toList();
            if (states.put(category.name(), new CategoryState(granted)) != null) {
                throw new IllegalArgumentException("rate-limit category '" + category.name() + "' is defined twice");
            }
        }
    }

    /** The categories, in matching order. */
    public List<RateLimitCategory> categories() {
        return categories;
    }

    /** The first category matching the request, or empty when the request is not limited. */
    public Optional<RateLimitCategory> categoryFor(String method, String url) {
        return categories.stream().filter(c -> c.matches(method, url)).findFirst();
    }

    /**
     * Takes the earliest slot of the category and returns how long to wait for it from {@code now} (zero:
     * send now). The slot is taken even if the caller does not use it.
     *
     * @throws IllegalArgumentException when the category is unknown
     */
    public Duration reserve(String category, Instant now) {
        return tryReserve(category, now, Instant.MAX).orElseThrow();
    }

    /**
     * Like {@link #reserve}, but takes nothing and returns empty when the slot would be after the deadline.
     *
     * @throws IllegalArgumentException when the category is unknown
     */
    public Optional<Duration> tryReserve(String category, Instant now, Instant deadline) {
        long at = stateOf(category).reserve(Nanos.of(now), Nanos.of(deadline));
        return at <= Nanos.of(deadline) ? Optional.of(Nanos.between(Nanos.of(now), at)) : Optional.empty();
    }

    /**
     * Waits for a slot of the category, without blocking a thread, and counts it from the moment it is granted.
     * Fails with {@link RateLimitDeadlineException}, taking no slot, when the slot would be after {@code deadline};
     * fails with {@link IllegalArgumentException} when the category is unknown. Time is read at subscription. A caller
     * that can tell when its request leaves uses {@link #take} instead.
     */
    public Uni<Void> acquire(String category, Instant deadline) {
        return take(category, deadline).invoke(Slot::sent).replaceWithVoid();
    }

    /** {@link #acquire(String, Instant)} for the category of the request; at once when none matches. */
    public Uni<Void> acquire(String method, String url, Instant deadline) {
        return take(method, url, deadline).invoke(Slot::sent).replaceWithVoid();
    }

    /**
     * Waits for a slot of the category, without blocking a thread, and hands it over: the caller calls
     * {@link Slot#sent} when the request leaves (its connection open, about to be written), or {@link Slot#release}
     * when it will not be sent. Until then the slot counts in every window of the category's rates, and from then
     * on at the time it left, so a request delayed between its slot and the wire (a connection being opened) never
     * shares a window of the app with requests granted after it. While the slots not yet sent fill a rate, callers
     * wait for one to leave. Fails like {@link #acquire(String, Instant)}; a slot is released when the wait for it
     * is cancelled or fails.
     */
    public Uni<Slot> take(String category, Instant deadline) {
        return Uni.createFrom().deferred(() -> {
            CategoryState state = stateOf(category);
            long now = Nanos.of(clock.instant());
            long end = Nanos.of(deadline);
            return Uni.createFrom().<Long>emitter(emitter -> {
                long at = state.grant(now, end, () -> emitter.complete(CategoryState.BLOCKED));
                if (at != CategoryState.BLOCKED) {
                    emitter.complete(at);
                }
            }).chain(at -> {
                if (at == CategoryState.BLOCKED) {
                    return take(category, deadline); // a pending slot ended: ask again
                }
                if (at > end) {
                    return Uni.createFrom().failure(new RateLimitDeadlineException(category, Nanos.toInstant(at), deadline));
                }
                Slot slot = new Taken(state, clock);
                return delayer.delay(Nanos.between(now, at))
                        .onFailure().invoke(slot::release)
                        .onCancellation().invoke(slot::release)
                        .chain(() -> {
                            // A pause that began while we waited holds us too; the slot we had is given up.
                            if (state.pausedUntil() > Nanos.of(clock.instant())) {
                                slot.release();
                                return take(category, deadline);
                            }
                            return Uni.createFrom().item(slot);
                        });
            });
        });
    }

    /** {@link #take(String, Instant)} for the category of the request; {@link Slot#NONE} at once when none matches. */
    public Uni<Slot> take(String method, String url, Instant deadline) {
        return categoryFor(method, url).map(c -> take(c.name(), deadline)).orElseGet(() -> Uni.createFrom().item(Slot.NONE));
    }

    /** A slot of {@link #take}: ended once, by the first of {@link #sent} and {@link #release}; later calls do nothing. */
    public interface Slot {
        /** The slot of a request no category limits. */
        Slot NONE = new Slot() {
            @Override
            public void sent() {
            }

            @Override
            public void release() {
            }
        };

        /** The request leaves now. */
        void sent();

        /** The request will not be sent; the slot is free for another. */
        void release();

        /** Both slots (a sync's own and its connection's), ended together. */
        default Slot and(Slot other) {
            Slot self = this;
            return new Slot() {
                @Override
                public void sent() {
                    self.sent();
                    other.sent();
                }

                @Override
                public void release() {
                    self.release();
                    other.release();
                }
            };
        }
    }

    private static final class Taken implements Slot {
        private final CategoryState state;
        private final Clock clock;
        private final AtomicBoolean ended = new AtomicBoolean();

        Taken(CategoryState state, Clock clock) {
            this.state = state;
            this.clock = clock;
        }

        @Override
        public void sent() {
            if (ended.compareAndSet(false, true)) {
                state.sent(Nanos.of(clock.instant()));
            }
        }

        @Override
        public void release() {
            if (ended.compareAndSet(false, true)) {
                state.release();
            }
        }
    }

    /**
     * Grants no slot of the category before {@code until} (a {@code 429} with {@code Retry-After}). A shorter
     * pause never shortens a longer one.
     *
     * @throws IllegalArgumentException when the category is unknown
     */
    public void pause(String category, Instant until) {
        stateOf(category).pause(Nanos.of(until));
    }

    /** The end of the category's pause, if one is set (it may have passed). */
    public Optional<Instant> pausedUntil(String category) {
        long until = stateOf(category).pausedUntil();
        return until == Long.MIN_VALUE ? Optional.empty() : Optional.of(Nanos.toInstant(until));
    }

    private CategoryState stateOf(String category) {
        CategoryState found = states.get(category);
        if (found == null) {
            throw new IllegalArgumentException("unknown rate-limit category '" + category + "'; known: "
                    + (states.isEmpty() ? "(none)" : String.join(", ", states.keySet())));
        }
        return found;
    }
}
