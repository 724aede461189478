package dev.torch4j.benchmarks;

import java.util.Locale;

/**
 * What a fresh result array costs a memory-bound op: {@code y = 2 * x} over {@code n} floats (default 8192 x 512,
 * 16 MiB, layer norm's benchmark size) written into a new array each call, into the same array each call (what
 * PyTorch's caching allocator gives an op whose previous result was freed: the block is still in cache), and the
 * allocation alone (the JVM zeroes it). Medians of 5 rounds of about a second. Usage: {@code FreshArrays [n]}.
 */
public final class FreshArrays {
    private FreshArrays() {}

    /** Keeps the results reachable so that the JIT cannot drop the work. */
    static volatile float[] sink;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 8192 * 512;
        float[] x = new float[n], reused = new float[n];
        for (int i = 0; i < n; i++) x[i] = i % 7;
        Runnable fresh = () -> sink = scale(x, new float[n]);
        Runnable same = () -> sink = scale(x, reused);
        Runnable alloc = () -> sink = new float[n];
        for (int round = 0; round < 2; round++) {   // the first round warms the JIT up
            double f = MedianTime.ms(() -> { fresh.run(); return null; }, 20, 200);
            double s = MedianTime.ms(() -> { same.run(); return null; }, 20, 200);
            double a = MedianTime.ms(() -> { alloc.run(); return null; }, 20, 200);
            if (round == 1) {
                System.out.printf(Locale.ROOT, "RESULT %d floats: new array %.0f us, same array %.0f us (%.2fx), allocation alone %.0f us%n",
                        n, f * 1e3, s * 1e3, f / s, a * 1e3);
            }
        }
    }

    private static float[] scale(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) y[i] = 2f * x[i];
        return y;
    }
}
