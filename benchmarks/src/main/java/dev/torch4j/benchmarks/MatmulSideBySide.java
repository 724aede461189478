package dev.torch4j.benchmarks;

import dev.torch4j.backend.cpu.Gemm;
import dev.torch4j.backend.cpu.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times square matrix products and prints GFLOP/s, for {@code benchmarks/matmul_vs_numpy.sh} to set beside NumPy
 * and PyTorch measured the same way: warm up for a second, then take the best of repeated samples over about two
 * seconds (each sample long enough, at least ~2 ms, for the clock to be exact).
 *
 * <p>Usage: {@code MatmulSideBySide [--threads T] [float32|float64|bmm-float32 N...]...}; with no sizes: float32
 * at 128, 256, 512, 1024, 2048 and float64 at 1024. {@code bmm-float32 N} times {@code Gemm.sgemmBatched} over a
 * batch of {@code 2^26 / N^3} (at least 2) N x N matrices. Output lines: {@code RESULT <dtype> <n> <best GFLOP/s>
 * <median GFLOP/s>} (for bmm, GFLOP/s of the whole batch), and lines starting with {@code #} that say what ran.
 * Run with {@code --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED};
 * {@code -Dtorch4j.blas=java} measures the Java kernel alone.
 */
public final class MatmulSideBySide {
    private MatmulSideBySide() {}

    record Job(String dtype, int n) {}

    public static void main(String[] args) {
        List<Job> jobs = new ArrayList<>();
        String dtype = "float32";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--threads")) Parallel.setNumThreads(Integer.parseInt(args[++i]));
            else if (arg.equals("float32") || arg.equals("float64") || arg.equals("bmm-float32")) dtype = arg;
            else jobs.add(new Job(dtype, Integer.parseInt(arg)));
        }
        if (jobs.isEmpty()) { // the default set, as in matmul_vs_numpy.sh
            for (int n : new int[] {128, 256, 512, 1024, 2048}) jobs.add(new Job("float32", n));
            jobs.add(new Job("float64", 1024));
        }
        System.out.println("# torch4j Gemm: " + Gemm.describe());
        System.out.println("# threads: " + Parallel.numThreads() + ", java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + ")");
        for (Job job : jobs) {
            double[] s = switch (job.dtype) {
                case "float32" -> timeFloat(job.n);
                case "float64" -> timeDouble(job.n);
                default -> timeBatched(job.n);
            };
            double flop = 2.0 * job.n * job.n * job.n * (job.dtype.startsWith("bmm") ? batchOf(job.n) : 1);
            System.out.printf(Locale.ROOT, "RESULT %s %d %.2f %.2f%n", job.dtype, job.n, flop / s[0] / 1e9,
                    flop / s[1] / 1e9);
        }
    }

    /** Seconds per product: {best, median}. */
    static double[] timeFloat(int n) {
        SplittableRandom r = new SplittableRandom(42);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
            b[i] = (float) r.nextDouble();
        }
        return time(() -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
    }

    static double[] timeDouble(int n) {
        SplittableRandom r = new SplittableRandom(42);
        double[] a = new double[n * n], b = new double[n * n], c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble();
            b[i] = r.nextDouble();
        }
        return time(() -> Gemm.dgemm(false, false, n, n, n, 1d, a, 0, n, b, 0, n, 0d, c, 0, n));
    }

    static int batchOf(int n) {
        return (int) Math.max(2, (1L << 26) / ((long) n * n * n));
    }

    static double[] timeBatched(int n) {
        int batch = batchOf(n);
        SplittableRandom r = new SplittableRandom(42);
        float[] a = new float[batch * n * n], b = new float[batch * n * n], c = new float[batch * n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
            b[i] = (float) r.nextDouble();
        }
        long s = (long) n * n;
        return time(() -> Gemm.sgemmBatched(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, batch, s, s,
                s));
    }

    static double[] time(Runnable op) {
        long start = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - start < 1_000_000_000L || calls < 3) {
            op.run();
            calls++;
        }
        double perCall = (System.nanoTime() - start) / 1e9 / calls;
        int inner = (int) Math.max(1, Math.ceil(2e-3 / perCall)); // calls per sample
        List<Double> samples = new ArrayList<>();
        start = System.nanoTime();
        while (System.nanoTime() - start < 2_000_000_000L || samples.size() < 5) {
            long t = System.nanoTime();
            for (int i = 0; i < inner; i++) op.run();
            samples.add((System.nanoTime() - t) / 1e9 / inner);
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return new double[] {s[0], s[s.length / 2]};
    }
}
