package dev.torch4j.benchmarks;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * float32 unary math on 4M elements in (0.05, 0.95), for {@code unary_side_by_side.sh}: prints
 * {@code RESULT op torch4j best_ms median_ms} per op named on the command line (Tensor method names), the best and the
 * median of 21 calls after 4 untimed ones. Every op runs once on a small tensor first, so that no call site sees a
 * single op, as in a real program.
 */
public final class UnaryMathBench {
    private UnaryMathBench() {}

    public static void main(String[] args) throws Exception {
        int n = 4 << 20;
        float[] x = new float[n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) x[i] = (float) (0.05 + 0.9 * r.nextDouble());
        Tensor t = Torch.tensor(x), small = Torch.tensor(Arrays.copyOf(x, 1 << 16));
        for (String name : args) Tensor.class.getMethod(name).invoke(small);
        for (String name : args) {
            Method m = Tensor.class.getMethod(name);
            for (int i = 0; i < 4; i++) m.invoke(t);
            double[] ms = new double[21];
            for (int i = 0; i < ms.length; i++) {
                long s = System.nanoTime();
                m.invoke(t);
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("RESULT %s torch4j %.3f %.3f%n", name, ms[0], ms[ms.length / 2]);
        }
    }
}
