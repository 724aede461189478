package dev.torch4j.benchmarks;

import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.cpu.LinalgSolvers;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * torch.linalg's factorizations at one size, timed as benchmarks/python/linalg_bench.py times PyTorch's and NumPy's:
 * solve, inv, det, cholesky, qr, eigh, svd on n x n, and inv/det over a batch of 10000 3x3 matrices. Prints
 * {@code RESULT <op> torch4j <median ms> n=<n> dtype=<dtype> solver=<LAPACK|Java>}.
 *
 * <p>{@code LinalgBench <n> <dtype float32|float64> <threads> [java]} (java: force the Java fallback)
 */
public final class LinalgBench {
    private LinalgBench() {}

    private static double medianMs(Supplier<Tensor> f, int reps) { return MedianTime.ms(f, 2, reps); }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        DType dt = args[1].equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
        Torch.setNumThreads(Integer.parseInt(args[2]));
        if (args.length > 3 && args[3].equals("java")) LinalgSolvers.useJava(true);
        Linalg L = Torch.linalg();
        Torch.manualSeed(0);
        Tensor a = Torch.randn(n, n).to(dt), b = Torch.randn(n, 1).to(dt);
        Tensor spd = a.matmul(a.mT()).add(Torch.eye(n).to(dt).mul(n)), sym = a.add(a.mT());
        Tensor small = Torch.randn(10000, 3, 3).to(dt).add(Torch.eye(3).to(dt).mul(3));
        int reps = n >= 1024 ? 3 : 7;
        String tail = String.format(Locale.ROOT, "n=%d dtype=%s solver=%s", n, args[1],
                LinalgSolvers.describe().startsWith("LAPACK") ? "LAPACK" : "Java");
        report("solve", medianMs(() -> L.solve(a, b), reps), tail);
        report("inv", medianMs(() -> L.inv(a), reps), tail);
        report("det", medianMs(() -> L.det(a), reps), tail);
        report("cholesky", medianMs(() -> L.cholesky(spd), reps), tail);
        report("qr", medianMs(() -> L.qr(a).R(), reps), tail);
        report("eigh", medianMs(() -> L.eigh(sym).eigenvalues(), reps), tail);
        report("svd", medianMs(() -> L.svd(a, false).S(), reps), tail);
        report("inv_batch3x3", medianMs(() -> L.inv(small), reps), tail);
        report("det_batch3x3", medianMs(() -> L.det(small), reps), tail);
    }

    private static void report(String op, double ms, String tail) {
        System.out.printf(Locale.ROOT, "RESULT %s torch4j %.3f %s%n", op, ms, tail);
    }
}
