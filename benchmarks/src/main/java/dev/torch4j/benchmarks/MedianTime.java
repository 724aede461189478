package dev.torch4j.benchmarks;

import java.util.Arrays;
import java.util.function.Supplier;

/** The median wall time of a call, as the side-by-side Python scripts measure theirs. */
final class MedianTime {
    private MedianTime() {}

    /** Median milliseconds of {@code reps} calls of {@code f} after {@code warmup} untimed ones. */
    static double ms(Supplier<?> f, int warmup, int reps) {
        for (int i = 0; i < warmup; i++) f.get();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            f.get();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }
}
