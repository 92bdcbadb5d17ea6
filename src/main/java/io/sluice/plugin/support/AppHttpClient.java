package io.sluice.plugin.support;

import io.sluice.plugin.AppHttpObserver;
import io.sluice.plugin.ConnectionContext;
import io.sluice.plugin.PluginSettings;
import io.sluice.plugin.Rate;
import io.sluice.plugin.RateLimitDeadlineException;
import io.sluice.plugin.RateLimitProperties;
import io.sluice.plugin.SafeUrls;
import io.sluice.plugin.SyncRateLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The HTTP client plugins use to reach their app. Each call goes, in order, through: the circuit breaker
 * (a dead app fails fast with {@link io.sluice.plugin.AppUnavailableException}), retries with exponential
 * backoff and jitter for transient trouble (429, 5xx, timeouts, resets; {@link RetryClassifier}) that never start
 * past the call's deadline (both on SmallRye Fault Tolerance, see {@code ConnectionGuard}), the connection's rate limiter (the
 * request's category must have a free slot; waiting is not failure, but a wait past the run's deadline fails
 * with {@link RateLimitDeadlineException}), then one non-blocking request on a Vert.x HTTP client whose pool
 * is sized to {@code max-connections} (the default pool of 5 would silently cap concurrency). The slot counts in the
 * limiter's windows from when the request has been written: a request that waited for a new connection does not
 * share a window of the app with the requests granted a period after its slot. A 429 pauses
 * its category until its next allowed try: {@code Retry-After}, or later when the plugin's {@link NextTry} says
 * (e.g. a daily quota spent); a pause past the deadline ends the call with {@link RateLimitDeadlineException}. When retries end on a 429 or 5xx, that last answer is returned;
 * transport failures end as {@link io.sluice.plugin.RetryableException}. Everything handed back is scrubbed
 * ({@link Redactor}) of the header values, per-call ones included, and of the secrets the plugin adds.
 *
 * <p>Generic settings every HTTP plugin accepts ({@link #options}): {@code max-connections} (32),
 * {@code timeout} (30s), {@code retry.max-attempts} (5), {@code retry.base-delay} (500ms), {@code retry.max-delay}
 * (30s), {@code circuit.failure-threshold} (5), {@code circuit.open-for} (30s) and {@code rate-limits.<category>.*}
 * overriding the plugin's default categories.
 */
public final class AppHttpClient implements AutoCloseable {

    /**
     * What an app's transient answer says about its next allowed try beyond {@code Retry-After}, such as a quota
     * spent for the day that its body names. The later of the two wins.
     */
    @FunctionalInterface
    public interface NextTry {
        /** Nothing beyond {@code Retry-After}. */
        NextTry NONE = (answer, now) -> Optional.empty();

        /** The earliest instant the request may be tried again, or empty when the answer says nothing. */
        Optional<Instant> after(HttpAnswer answer, Instant now);
    }

    /** Connection-level HTTP behaviour, parsed once from the settings. */
    public record Options(int maxConnections, Duration timeout, Map<String, String> headers, String userAgent, int maxAttempts,
                          Duration retryBase, Duration retryMax, int breakerThreshold, Duration breakerOpenFor,
                          List<RateLimitCategory> rateLimits, NextTry nextTry) {
        public Options {
            headers = Map.copyOf(headers);
            rateLimits = List.copyOf(rateLimits);
            Objects.requireNonNull(nextTry, "nextTry");
        }

        /** These options with the plugin's reading of transient answers. */
        public Options withNextTry(NextTry next) {
            return new Options(maxConnections, timeout, headers, userAgent, maxAttempts, retryBase, retryMax, breakerThreshold, breakerOpenFor,
                    rateLimits, next);
        }
    }

    /**
     * Reads the generic settings; the plugin supplies its request headers and its default rate-limit
     * categories (which {@code rate-limits.*} settings override by name).
     */
    public static Options options(PluginSettings s, Map<String, String> headers, String userAgent, List<RateLimitCategory> defaults) {
        List<RateLimitCategory> limits = RateLimitConfig.merge(defaults, RateLimitProperties.parse(s, "rate-limits"));
        Duration retryBase = s.positiveDuration("retry.base-delay", Duration.ofMillis(500));
        Duration retryMax = s.positiveDuration("retry.max-delay", Duration.ofSeconds(30));
        if (retryBase.compareTo(retryMax) > 0) {
            throw s.invalid("retry.base-delay", "must not exceed retry.max-delay (" + retryMax + ")");
        }
        return new Options(s.positiveInt("max-connections", 32), s.positiveDuration("timeout", Duration.ofSeconds(30)), headers, userAgent,
                s.positiveInt("retry.max-attempts", 5), retryBase, retryMax, s.positiveInt("circuit.failure-threshold", 5),
                s.positiveDuration("circuit.open-for", Duration.ofSeconds(30)), limits, NextTry.NONE);
    }

    /**
     * Rate limits are what the app counts as requests arrive, so the limiter grants with 2 % of each period to
     * spare for the jitter between a slot and the request's arrival (measured in docs/benchmarks.md: without it a
     * 50/s limit let up to 58 requests arrive within one second at a local app).
     */
    static final double APP_SIDE_SLACK = 0.02;

    private final String connection;
    private final Map<String, SyncLimiter> syncLimiters = new ConcurrentHashMap<>();
    private final HttpClient client;
    private final Options options;
    private final Clock clock;
    private final Delayer delayer;
    private final RateLimiter limiter;
    private final ConnectionGuard guard;
    private final Redactor redactor;
    private final AppHttpObserver observer;

    /**
     * The client of a plugin's connection: its settings ({@link #options}), the service's Vert.x, clock and HTTP
     * observer from the context. What every HTTP plugin's {@code open} calls.
     *
     * @param headers   headers for every request (secrets: redacted from everything the client reports)
     * @param userAgent the plugin's {@code User-Agent}
     * @param defaults  the plugin's rate-limit categories, overridden by the connection's settings
     * @param delayer   how rate-limit waits happen ({@link Delayer#MUTINY}; tests move a manual clock instead); the
     *                  retry backoff waits on SmallRye Fault Tolerance's timer
     */
    public static AppHttpClient open(ConnectionContext context, Map<String, String> headers, String userAgent,
                                     List<RateLimitCategory> defaults, Delayer delayer) {
        return open(context, headers, userAgent, defaults, NextTry.NONE, delayer);
    }

    /** As {@link #open(ConnectionContext, Map, String, List, Delayer)}, for an app whose answers say more about the next try. */
    public static AppHttpClient open(ConnectionContext context, Map<String, String> headers, String userAgent,
                                     List<RateLimitCategory> defaults, NextTry nextTry, Delayer delayer) {
        return new AppHttpClient(context.name(), context.vertx(), options(context.settings(), headers, userAgent, defaults).withNextTry(nextTry),
                context.clock(), delayer, context.httpObserver());
    }

    /** @param observer what hears its exchanges and rate-limit waits ({@link ConnectionContext#httpObserver()}) */
    public AppHttpClient(String connection, Vertx vertx, Options options, Clock clock, Delayer delayer, AppHttpObserver observer) {
        this(connection, vertx, options, clock, delayer, observer, UnaryOperator.identity());
    }

    /** @param transport adjusts the HTTP client's options (tests: reach the app through a slow proxy) */
    AppHttpClient(String connection, Vertx vertx, Options options, Clock clock, Delayer delayer, AppHttpObserver observer,
                  UnaryOperator<HttpClientOptions> transport) {
        this.observer = Objects.requireNonNull(observer, "observer");
        if (vertx == null) {
            throw new IllegalArgumentException("connection '" + connection + "': an HTTP plugin needs a Vert.x instance");
        }
        this.connection = connection;
        this.options = options;
        this.clock = clock;
        this.delayer = delayer;
        this.redactor = new Redactor(options.headers());
        this.limiter = new RateLimiter(options.rateLimits(), clock, delayer, APP_SIDE_SLACK);
        this.guard = new ConnectionGuard(connection, options, clock, this::heldByLimiter);
        long timeoutMillis = options.timeout().toMillis();
        this.client = vertx.createHttpClient(transport.apply(new HttpClientOptions()
                .setMaxPoolSize(options.maxConnections())
                .setHttp2MaxPoolSize(options.maxConnections())
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setKeepAlive(true)));
    }

    /**
     * Sends one request with everything above.
     *
     * @param extraHeaders headers for this call only (e.g. an OAuth token); their values are secrets too
     * @param body         JSON text, or {@code null} for none
     * @param deadline     no wait (rate limit, backoff, Retry-After) may go past it
     */
    public Uni<HttpAnswer> exchange(String method, String url, Map<String, String> extraHeaders, String body, Instant deadline) {
        Redactor scrub = extraHeaders.isEmpty() ? redactor : redactor.with(extraHeaders);
        return Uni.createFrom().context(context -> {
            Optional<RateLimiter> own = SyncRateLimits.in(context).map(this::limiterOf);
            return guard.call(() -> take(own, method, url, deadline)
                            // deferred: a request that fails to build (a URL Vert.x refuses) still releases its slot
                            .chain(slot -> Uni.createFrom().deferred(() -> observed(method, once(method, url, extraHeaders, body, scrub, slot)))
                                    .onTermination().invoke(slot::release)), deadline)
                    .onFailure(HttpStatusException.class).recoverWithUni(failure -> lastAnswer((HttpStatusException) failure, deadline));
        });
    }

    /**
     * The sync's own slot first (waiting on it holds no shared slot), then the connection's; the whole wait is
     * reported under the connection's category. The sync's slot is released if the connection's is not granted.
     */
    private Uni<RateLimiter.Slot> take(Optional<RateLimiter> own, String method, String url, Instant deadline) {
        Uni<RateLimiter.Slot> syncSlot = own.map(l -> l.take(method, url, deadline)).orElseGet(() -> Uni.createFrom().item(RateLimiter.Slot.NONE));
        Optional<RateLimitCategory> category = limiter.categoryFor(method, url);
        if (category.isEmpty()) {
            return syncSlot;
        }
        return Uni.createFrom().deferred(() -> {
            Instant start = clock.instant();
            return syncSlot.chain(mine -> limiter.take(category.get().name(), deadline)
                            .onFailure().invoke(mine::release)
                            .onCancellation().invoke(mine::release)
                            .map(mine::and))
                    .invoke(() -> observer.rateLimitWaited(connection, category.get().name(), Duration.between(start, clock.instant())));
        });
    }

    /**
     * The limiter of a sync's own categories: the connection's categories with the sync's definitions applied, of
     * which only those the sync defines. One per sync, kept while its definitions stay the same: looked up without
     * locking, built (under the map's lock) only when missing or changed.
     */
    private RateLimiter limiterOf(SyncRateLimits limits) {
        SyncLimiter known = syncLimiters.get(limits.sync());
        if (known != null && known.limits().equals(limits)) {
            return known.limiter();
        }
        return syncLimiters.compute(limits.sync(), (sync, current) -> current != null && current.limits().equals(limits) ? current
                : new SyncLimiter(limits, new RateLimiter(RateLimitConfig.merge(limiter.categories(), limits.overrides()).stream()
                        .filter(c -> limits.overrides().stream().anyMatch(o -> o.name().equals(c.name()))).toList(),
                        clock, delayer, APP_SIDE_SLACK))).limiter();
    }

    private record SyncLimiter(SyncRateLimits limits, RateLimiter limiter) {
    }

    /**
     * Whether the rate limiter holds the retry after this failure until its next allowed try: {@link #once} paused
     * the category of a 429 that names one, so the retry's own wait would only repeat the limiter's.
     */
    private boolean heldByLimiter(Throwable failure) {
        return failure instanceof HttpStatusException e && e.answer.status() == 429 && e.retryAt().isPresent()
                && limiter.categoryFor(e.answer.method(), e.answer.url()).isPresent();
    }

    private Uni<HttpAnswer> lastAnswer(HttpStatusException failure, Instant deadline) {
        Optional<Instant> retryAt = failure.retryAt();
        if (failure.answer.status() == 429 && retryAt.isPresent() && retryAt.get().isAfter(deadline)) {
            String category = limiter.categoryFor(failure.answer.method(), failure.answer.url()).map(RateLimitCategory::name).orElse("(none)");
            return Uni.createFrom().failure(new RateLimitDeadlineException(category, retryAt.get(), deadline));
        }
        return Uni.createFrom().item(failure.answer);
    }

    /**
     * One request. The pool hands over a request once its connection is open (a new one may take a while); the slot
     * counts in the limiter's windows from when the request has been written, written or not (a failed write counts).
     */
    private Uni<HttpAnswer> once(String method, String url, Map<String, String> extraHeaders, String body, Redactor scrub, RateLimiter.Slot slot) {
        RequestOptions target = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(url)
                // idle timeout: time allowed without response data, so a slow answer fails instead of hanging
                .setIdleTimeout(options.timeout().toMillis());
        return client.request(target)
                .chain(request -> {
                    headers(request, extraHeaders, body != null);
                    io.vertx.core.http.HttpClientRequest core = request.getDelegate();
                    // the answer's body is asked for as soon as the answer comes, on its event loop, so none is lost
                    var received = core.response().compose(r -> r.body().map(data -> new Received(r.statusCode(), r.headers(), data)));
                    (body == null ? core.end() : core.end(body)).onComplete(written -> slot.sent());
                    return Uni.createFrom().completionStage(received.toCompletionStage());
                })
                .onFailure().transform(failure -> new io.sluice.plugin.RetryableException("connection '" + connection + "': " + method + " "
                        + SafeUrls.describe(url) + " failed: " + scrub.scrub(describe(failure)), failure))
                .map(response -> {
                    Map<String, String> headers = new HashMap<>();
                    response.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), scrub.scrub(e.getValue())));
                    String text = response.body().length() == 0 ? null : response.body().toString();
                    HttpAnswer answer = new HttpAnswer(method, url, response.status(), headers, scrub.scrub(text));
                    if (!answer.isTransient()) {
                        return answer;
                    }
                    Instant retryAt = nextTry(answer);
                    if (answer.status() == 429 && retryAt != null) {
                        limiter.categoryFor(method, url).ifPresent(c -> limiter.pause(c.name(), retryAt));
                    }
                    throw new HttpStatusException(answer, retryAt);
                });
    }

    private void headers(HttpClientRequest request, Map<String, String> extraHeaders, boolean hasBody) {
        request.putHeader("Accept", "application/json");
        request.putHeader("User-Agent", options.userAgent());
        if (hasBody) {
            request.putHeader("Content-Type", "application/json");
        }
        options.headers().forEach(request::putHeader);
        extraHeaders.forEach(request::putHeader);
    }

    /** An answer as read off the wire, before it is scrubbed. */
    private record Received(int status, io.vertx.core.MultiMap headers, io.vertx.core.buffer.Buffer body) {
    }

    /** The later of {@code Retry-After} and the plugin's {@link NextTry}, or {@code null} when neither says. */
    private Instant nextTry(HttpAnswer answer) {
        Instant now = clock.instant();
        Optional<Instant> retryAfter = RetryAfter.parse(answer.header("Retry-After"), now);
        Optional<Instant> plugin = options.nextTry().after(answer, now);
        return retryAfter.map(r -> plugin.filter(p -> p.isAfter(r)).orElse(r)).or(() -> plugin).orElse(null);
    }

    /** Reports the exchange's status (a transient status fails with {@link HttpStatusException}; no answer is 0) and latency. */
    private Uni<HttpAnswer> observed(String method, Uni<HttpAnswer> exchange) {
        return Uni.createFrom().deferred(() -> {
            Instant start = clock.instant();
            return exchange.onItemOrFailure().invoke((answer, failure) -> {
                int status = answer != null ? answer.status() : failure instanceof HttpStatusException e ? e.answer.status() : 0;
                observer.exchanged(connection, method, status, Duration.between(start, clock.instant()));
            });
        });
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** Masks {@code secret} (e.g. an OAuth client secret) in everything the client hands back, from now on. */
    public void addSecret(String secret) {
        redactor.add(secret);
    }

    /** Masks a credential issued at run time (an access token) from now on; see {@link Redactor#addIssued}. */
    public void addIssuedSecret(String credential) {
        redactor.addIssued(credential);
    }

    /** {@code text} with the connection's secrets masked, for the plugin's own messages. */
    public String scrub(String text) {
        return redactor.scrub(text);
    }

    @Override
    public void close() {
        client.closeAndForget();
    }
}
