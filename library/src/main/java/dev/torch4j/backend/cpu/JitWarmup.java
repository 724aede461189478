package dev.torch4j.backend.cpu;

/**
 * Compiles Vector API kernels early. Until C2 has compiled a kernel it runs as C1 code that allocates every vector
 * (~10x slower than a plain scalar loop), and C2 compiles a method only after ~600 calls, so a kernel used on
 * mid-sized tensors stayed slow for its first tens of calls. A kernel class starts its warm-up here when it is first
 * used: a daemon thread calls its loops on a small array until they are compiled. The vector code is the same in
 * both tiers (only exactly rounded operations), so warming changes no result, only how soon the fast code runs.
 */
final class JitWarmup {
    private JitWarmup() {}

    /** Runs {@code body} on a daemon thread; failures are dropped (warming is only an optimisation). */
    static void start(String name, Runnable body) {
        Thread.ofPlatform().daemon().name("torch4j-warmup-" + name).start(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                // nothing depends on the warm-up having run
            }
        });
    }
}
