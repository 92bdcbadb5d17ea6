package io.sluice.plugin;

import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A sync's own rate-limit definitions ({@code tuning.rate-limits} in its file), on top of its connection's.
 *
 * <p>Part of what the engine and a plugin exchange: the engine runs every plugin call of the sync
 * {@linkplain #around within} these limits; they travel in the Mutiny {@link Context} of the call's subscription,
 * and plugin support's HTTP client reads them there ({@link #in}), so a plugin needs no code for them. A request of
 * the sync then takes a slot of the sync's category (a limiter per sync) and a slot of the connection's category (shared with every sync of the connection): the
 * strictest rate binds. A sync can therefore keep to a share of an app's limit, or add a category of its own;
 * it cannot raise the connection's limit, which is the app's (raise it on the connection).
 *
 * @param sync      the sync's slug, naming its limiter in messages
 * @param overrides the sync's definitions, applied over the connection's categories with
 *                  plugin support's rate-limit merge; empty: no limits of its own
 */
public record SyncRateLimits(String sync, List<RateLimitOverride> overrides) {
    /** No limits of the sync's own. */
    public static final SyncRateLimits NONE = new SyncRateLimits("", List.of());

    private static final String CONTEXT_KEY = SyncRateLimits.class.getName();

    public SyncRateLimits {
        Objects.requireNonNull(sync, "sync");
        overrides = List.copyOf(overrides);
    }

    /**
     * The call, subscribed with these limits in its context. Cancelling the returned {@code Uni} cancels the call.
     * With no overrides the call is returned as it is.
     */
    public <T> Uni<T> around(Supplier<Uni<? extends T>> call) {
        return overrides.isEmpty() ? Uni.createFrom().deferred(call) : within(Context.of(CONTEXT_KEY, this), call);
    }

    /**
     * The call, outside any sync's limits, whoever subscribes: for work a plugin shares between syncs, such as a
     * cached OAuth token request, which must not wait in (or count against) the limits of the sync that happened
     * to ask first. It is still held by the connection's limits.
     */
    public static <T> Uni<T> outsideAnySync(Supplier<Uni<? extends T>> call) {
        return within(Context.empty(), call);
    }

    private static <T> Uni<T> within(Context context, Supplier<Uni<? extends T>> call) {
        return Uni.createFrom().emitter(emitter -> {
            Cancellable subscription = Uni.createFrom().<T>deferred(call).subscribe().with(context, emitter::complete, emitter::fail);
            emitter.onTermination(subscription::cancel);
        });
    }

    /** The limits a call runs within, if the engine set any; read by the HTTP client of plugin support. */
    public static Optional<SyncRateLimits> in(Context context) {
        return Optional.ofNullable(context.<SyncRateLimits>getOrElse(CONTEXT_KEY, () -> null));
    }
}
