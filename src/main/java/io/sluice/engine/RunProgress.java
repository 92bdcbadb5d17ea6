package io.sluice.engine;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of an active run: staged by the diff, handed to the plugin, committed to state. */
public final class RunProgress {
    final AtomicLong staged = new AtomicLong(-1);
    final AtomicLong read = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong committed = new AtomicLong();

    /** Records the diff found needing something; -1 while staging runs. */
    public long staged() {
        return staged.get();
    }

    /** Records read back from the stage so far: never far ahead of {@link #sent()} (backpressure). */
    public long read() {
        return read.get();
    }

    public long sent() {
        return sent.get();
    }

    public long committed() {
        return committed.get();
    }

    public long remaining() {
        long s = staged.get();
        return s < 0 ? -1 : Math.max(0, s - committed.get());
    }
}
