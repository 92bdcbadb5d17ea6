package io.sluice.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/** Time-ordered run ids (UUID version 7): unique across replicas, sortable by start. */
final class RunIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    static String next(Clock clock) {
        long millis = clock.millis();
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
