package io.sluice.plugin.support;

import io.sluice.plugin.Rate;
import io.sluice.plugin.RateLimitDeadlineException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.testing.MutableClock;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final MutableClock clock = MutableClock.atDefaultStart();
    private final Instant t0 = clock.instant();
    /** Waits by moving the manual clock, so acquire() completes at once and time is exact. */
    private final Delayer clockDelayer = wait -> {
        clock.advance(wait);
        return Uni.createFrom().voidItem();
    };

    private RateLimiter limiter(String... categories) {
        List<RateLimitCategory> list = new ArrayList<>();
        for (String c : categories) {
            String[] p = c.split("\\|");
            list.add(RateLimitCategory.of(p[0], p[1], p[2], p[3]));
        }
        return new RateLimiter(list, clock, clockDelayer);
    }

    @Test
    void saturatedCallersNeverExceedTheRateAndGetNearlyAllOfIt() {
        RateLimiter limiter = limiter("api|*|*|50/s");

        List<Long> grants = simulate(limiter, "api", 5, Duration.ofSeconds(20));

        assertThat(maxInAnyWindow(grants, Duration.ofSeconds(1))).isLessThanOrEqualTo(50);
        assertThat(grants.size()).isGreaterThanOrEqualTo((int) (0.95 * 50 * 20));
    }

    @Test
    void withTwoRatesTheStrictestBindsAtEveryMoment() {
        RateLimiter limiter = limiter("api|*|*|10/s, 300/min");

        List<Long> grants = simulate(limiter, "api", 3, Duration.ofMinutes(2));

        assertThat(maxInAnyWindow(grants, Duration.ofSeconds(1))).isLessThanOrEqualTo(10);
        assertThat(maxInAnyWindow(grants, Duration.ofMinutes(1))).isLessThanOrEqualTo(300);
        assertThat(grants.size()).isGreaterThanOrEqualTo((int) (0.95 * 600));
        // The first 300 come at 10/s (the per-second rate binds), then the per-minute rate holds the rest back.
        assertThat(grants.get(299)).isLessThan(Duration.ofSeconds(30).toNanos());
        assertThat(grants.get(300)).isGreaterThanOrEqualTo(Duration.ofSeconds(60).toNanos());
    }

    @Test
    void largeLimitsStayWithinTheRateInBoundedMemory() {
        RateLimiter limiter = limiter("api|*|*|20000/min");

        List<Long> grants = simulate(limiter, "api", 4, Duration.ofMinutes(3));

        assertThat(maxInAnyWindow(grants, Duration.ofMinutes(1))).isLessThanOrEqualTo(20000);
        assertThat(grants.size()).isGreaterThanOrEqualTo((int) (0.95 * 60000));
        SlidingWindow window = new SlidingWindow(Rate.parse("20000/min"));
        for (long i = 0; i < 20000; i++) {
            window.record(i * 3_000_000L); // one grant every 3 ms, a whole minute's worth
        }
        assertThat(window.entries()).isLessThanOrEqualTo(1025);
    }

    @Test
    void callersArrivingAtRandomNeverExceedEitherExactOrCoalescedLogs() {
        RateLimiter limiter = limiter("exact|*|*|40/s", "coalesced|*|*|3000/min");
        SplittableRandom random = new SplittableRandom(11);

        List<Long> exact = simulate(limiter, "exact", 6, Duration.ofSeconds(30), () -> random.nextLong(200_000_000L));
        List<Long> coalesced = simulate(limiter, "coalesced", 120, Duration.ofMinutes(3), () -> random.nextLong(2_000_000_000L));

        assertThat(maxInAnyWindow(exact, Duration.ofSeconds(1))).isLessThanOrEqualTo(40);
        assertThat(exact.size()).isGreaterThanOrEqualTo((int) (0.95 * 40 * 30));
        assertThat(maxInAnyWindow(coalesced, Duration.ofMinutes(1))).isLessThanOrEqualTo(3000);
        assertThat(coalesced.size()).isGreaterThanOrEqualTo((int) (0.95 * 3000 * 3));
    }

    @Test
    void aBurstTakesTheWholeWindowThenWaitsForTheOldestToLeave() {
        RateLimiter limiter = limiter("api|*|*|3/s");

        assertThat(List.of(limiter.reserve("api", t0), limiter.reserve("api", t0), limiter.reserve("api", t0)))
                .containsOnly(Duration.ZERO);
        assertThat(limiter.reserve("api", t0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.reserve("api", t0.plusMillis(400))).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void concurrentCallersNeverOverReserve() throws Exception {
        RateLimiter limiter = limiter("api|*|*|100/s");
        int threads = 8;
        int each = 500;
        ConcurrentLinkedQueue<Long> grants = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        grants.add(limiter.reserve("api", t0).toNanos());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Long> sorted = grants.stream().sorted().toList();
        assertThat(sorted).hasSize(threads * each);
        assertThat(maxInAnyWindow(sorted, Duration.ofSeconds(1))).isEqualTo(100);
        assertThat(sorted.get(sorted.size() - 1)).isEqualTo(Duration.ofSeconds(39).toNanos());
    }

    @Test
    void picksTheFirstMatchingCategoryByMethodAndUrl() {
        RateLimiter limiter = limiter(
                "batch|POST,PATCH|*/crm/v3/objects/*/batch/*|100/10s",
                "search|post|regex:.*/search$|4/s",
                "reads|GET|*|200/10s");

        assertThat(limiter.categoryFor("POST", "https://api.hubapi.com/crm/v3/objects/contacts/batch/create"))
                .map(RateLimitCategory::name).contains("batch");
        assertThat(limiter.categoryFor("patch", "https://x/crm/v3/objects/deals/batch/update?hapikey=1"))
                .map(RateLimitCategory::name).contains("batch");
        assertThat(limiter.categoryFor("POST", "https://x/crm/v3/objects/contacts/search"))
                .map(RateLimitCategory::name).contains("search");
        assertThat(limiter.categoryFor("GET", "https://x/crm/v3/objects/contacts/batch/read"))
                .map(RateLimitCategory::name).contains("reads");
        assertThat(limiter.categoryFor("DELETE", "https://x/crm/v3/objects/contacts/1")).isEmpty();
        assertThat(limiter.categoryFor("POST", "https://x/crm/v3/objects/contacts")).isEmpty();
    }

    @Test
    void aRequestInNoCategoryIsNotLimited() {
        RateLimiter limiter = limiter("batch|POST|*/batch/*|1/h");

        limiter.acquire("POST", "https://x/batch/1", Instant.MAX).await().indefinitely();
        for (int i = 0; i < 10; i++) {
            limiter.acquire("GET", "https://x/things", t0).await().indefinitely();
        }
        assertThat(clock.instant()).isEqualTo(t0);
    }

    @Test
    void syncsOfOneConnectionShareItsBudget() {
        RateLimiter connection = limiter("api|*|*|10/s");
        Instant syncA = t0;
        Instant syncB = t0.plusMillis(100);

        for (int i = 0; i < 6; i++) {
            assertThat(connection.reserve("api", syncA)).isZero();
        }
        for (int i = 0; i < 4; i++) {
            assertThat(connection.reserve("api", syncB)).isZero();
        }
        assertThat(connection.reserve("api", syncB)).isEqualTo(Duration.ofMillis(900));
        assertThatThrownBy(() -> connection.acquire("api", t0.plusMillis(999)).await().indefinitely())
                .isInstanceOf(RateLimitDeadlineException.class);
        connection.acquire("api", t0.plusSeconds(1)).await().indefinitely(); // sync A waits for B's budget too
        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(1));
    }

    @Test
    void pauseHoldsEveryCallerOfTheCategoryUntilTheInstant() {
        RateLimiter limiter = limiter("api|*|*|10/s", "other|*|*|10/s");
        limiter.pause("api", t0.plusSeconds(30));
        limiter.pause("api", t0.plusSeconds(5)); // a shorter pause does not shorten it

        assertThat(limiter.reserve("api", t0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(limiter.reserve("api", t0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(20));
        assertThat(limiter.reserve("other", t0)).isZero();
        assertThat(limiter.pausedUntil("api")).contains(t0.plusSeconds(30));
        assertThat(limiter.pausedUntil("other")).isEmpty();
        assertThat(limiter.reserve("api", t0.plusSeconds(31))).isZero();
    }

    @Test
    void aCallerAlreadyWaitingWhenAPauseBeginsWaitsForItsEnd() {
        List<RateLimitCategory> categories = List.of(RateLimitCategory.of("api", "*", "*", "1/s"));
        RateLimiter[] holder = new RateLimiter[1];
        Delayer pauseWhileWaiting = wait -> {
            clock.advance(wait);
            if (holder[0].pausedUntil("api").isEmpty()) {
                holder[0].pause("api", t0.plusSeconds(10)); // a 429 seen by another caller meanwhile
            }
            return Uni.createFrom().voidItem();
        };
        holder[0] = new RateLimiter(categories, clock, pauseWhileWaiting);
        holder[0].reserve("api", t0);

        holder[0].acquire("api", Instant.MAX).await().indefinitely();

        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(10));
    }

    @Test
    void acquireFailsWithoutTakingQuotaWhenTheWaitPassesTheDeadline() {
        RateLimiter limiter = limiter("api|*|*|1/s");
        limiter.acquire("api", t0).await().indefinitely();

        assertThatThrownBy(() -> limiter.acquire("api", t0.plusMillis(500)).await().indefinitely())
                .isInstanceOfSatisfying(RateLimitDeadlineException.class, e -> {
                    assertThat(e.category()).isEqualTo("api");
                    assertThat(e.availableAt()).isEqualTo(t0.plusSeconds(1));
                    assertThat(e.deadline()).isEqualTo(t0.plusMillis(500));
                });
        assertThat(clock.instant()).isEqualTo(t0);
        assertThat(limiter.tryReserve("api", t0, t0.plusMillis(999))).isEmpty();

        // Nothing was taken: the next slot is still at t0+1s, not t0+2s.
        limiter.acquire("api", t0.plusSeconds(1)).await().indefinitely();
        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(1));
    }

    @Test
    void acquireWaitsWithMutinysTimer() {
        RateLimiter limiter = new RateLimiter(List.of(RateLimitCategory.of("api", "*", "*", "1/20ms")), Clock.systemUTC());
        long start = System.nanoTime();

        limiter.acquire("api", Instant.MAX).chain(() -> limiter.acquire("api", Instant.MAX))
                .await().atMost(Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(15));
    }

    @Test
    void unknownCategoriesAndDuplicateNamesAreRejected() {
        RateLimiter limiter = limiter("api|*|*|1/s");
        assertThatThrownBy(() -> limiter.reserve("nope", t0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'").hasMessageContaining("api");
        assertThatThrownBy(() -> limiter.acquire("nope", Instant.MAX).await().indefinitely())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter("api|*|*|1/s", "api|GET|*|2/s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'api' is defined twice");
    }

    /**
     * Callers that send as soon as they are allowed: each reserves when its previous slot comes, and sends
     * at the granted slot. Returns the slots granted before {@code length}, as nanoseconds from the start.
     */
    private List<Long> simulate(RateLimiter limiter, String category, int callers, Duration length) {
        return simulate(limiter, category, callers, length, () -> 0L);
    }

    /** Like the above, each caller pausing {@code think} nanoseconds after each send. */
    private List<Long> simulate(RateLimiter limiter, String category, int callers, Duration length, LongSupplier think) {
        long end = length.toNanos();
        PriorityQueue<Long> ready = new PriorityQueue<>();
        for (int i = 0; i < callers; i++) {
            ready.add(0L);
        }
        List<Long> grants = new ArrayList<>();
        while (ready.peek() < end) {
            long at = ready.poll();
            clock.set(t0.plusNanos(at));
            long slot = at + limiter.reserve(category, clock.instant()).toNanos();
            if (slot < end) {
                grants.add(slot);
            }
            ready.add(slot + think.getAsLong());
        }
        grants.sort(null);
        return grants;
    }

    /** The most grants in any window {@code [t, t + length)}; the worst window starts at a grant. */
    private static int maxInAnyWindow(List<Long> sortedGrants, Duration length) {
        int max = 0;
        int last = 0;
        for (int first = 0; first < sortedGrants.size(); first++) {
            while (last < sortedGrants.size() && sortedGrants.get(last) < sortedGrants.get(first) + length.toNanos()) {
                last++;
            }
            max = Math.max(max, last - first);
        }
        return max;
    }

    @Test
    void aSlotCountsFromWhenItsRequestIsSentSoALateRequestPushesTheNextGrantBack() {
        RateLimiter limiter = limiter("api|*|*|2/s");
        RateLimiter.Slot first = limiter.take("api", Instant.MAX).await().indefinitely();
        RateLimiter.Slot second = limiter.take("api", Instant.MAX).await().indefinitely();

        clock.advance(Duration.ofMillis(600)); // a new connection is being opened
        first.sent();
        second.sent();
        Instant granted = clock.instant();
        limiter.take("api", Instant.MAX).await().indefinitely().sent();

        // counted at their grant (t0), the third would have gone at t0 + 1 s, 400 ms after the two arrived
        assertThat(clock.instant()).isEqualTo(t0.plusMillis(1600));
        assertThat(granted).isEqualTo(t0.plusMillis(600));
    }

    @Test
    void whileSlotsNotYetSentFillTheRateTheNextCallerWaitsForOneToBeSentOrReleased() {
        RateLimiter limiter = limiter("api|*|*|2/s");
        RateLimiter.Slot first = limiter.take("api", Instant.MAX).await().indefinitely();
        RateLimiter.Slot second = limiter.take("api", Instant.MAX).await().indefinitely();

        var third = limiter.take("api", Instant.MAX).subscribe().asCompletionStage();
        assertThat(third).isNotDone();

        first.release(); // its request never left: the slot is free at once
        assertThat(third).isCompletedWithValueMatching(slot -> slot != null);
        assertThat(clock.instant()).isEqualTo(t0);

        second.sent();
        second.release(); // a slot ends once: this changes nothing
        // one sent at t0 and one pending: the fourth fits once the sent one has left the window
        limiter.take("api", Instant.MAX).await().indefinitely();
        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(1));
    }
}
