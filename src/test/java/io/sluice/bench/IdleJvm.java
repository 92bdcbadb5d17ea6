package io.sluice.bench;

/** The service benchmark's baseline: a JVM that only says it is ready, then idles until it is stopped. */
public final class IdleJvm {
    private IdleJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle JVM ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
