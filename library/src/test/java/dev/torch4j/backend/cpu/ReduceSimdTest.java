package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Vector API reduction kernels ({@link ReduceSimd}) and the paths of {@link CpuReduce} that use them: the
 * accuracy of float32 sums on long adversarial inputs against a compensated float64 reference and against a
 * pairwise float32 sum, results independent of the thread count, and max/min/argmax/argmin bit for bit against
 * scalar loops (NaN, infinities, signed zeros, ties, every tail length), plus {@code max(dim)}'s values being
 * the elements at its indices.
 */
class ReduceSimdTest {
    private static final double U = 0x1p-24;

    /** Sum of a in float64 with Neumaier compensation: exact to well below float32 precision. */
    private static double reference(float[] a) {
        double s = 0, c = 0;
        for (float f : a) {
            double t = s + f;
            c += Math.abs(s) >= Math.abs(f) ? (s - t) + f : (f - t) + s;
            s = t;
        }
        return s + c;
    }

    private static double absSum(float[] a) {
        double s = 0;
        for (float f : a) s += Math.abs(f);
        return s;
    }

    /** A plain pairwise (recursive halving) float32 sum, the accuracy PyTorch's cascade sum is known for. */
    private static float pairwise(float[] a, int off, int n) {
        if (n <= 8) {
            float s = 0;
            for (int i = 0; i < n; i++) s += a[off + i];
            return s;
        }
        int h = n / 2;
        return pairwise(a, off, h) + pairwise(a, off + h, n - h);
    }

    /** 16M (+ a tail) float32 values of magnitudes 1e-4 to 1e4, all positive or with random signs; or 0.1 repeated. */
    private static float[] adversarial(int kind) {
        SplittableRandom r = new SplittableRandom(11 + kind);
        float[] a = new float[(1 << 24) + 13];
        for (int i = 0; i < a.length; i++) {
            double m = Math.abs(r.nextGaussian()) * Math.pow(10, r.nextDouble(-4, 4));
            a[i] = (float) switch (kind) {
                case 0 -> m;
                case 1 -> r.nextBoolean() ? m : -m;
                default -> 0.1;
            };
        }
        return a;
    }

    @Test
    void float32SumOf16MillionIsAsAccurateAsAPairwiseSum() {
        for (int kind = 0; kind < 3; kind++) {
            float[] a = adversarial(kind);
            double ref = reference(a), abs = absSum(a);
            double kernel = ReduceSimd.sum(a, 0, a.length);
            double pairErr = Math.abs(pairwise(a, 0, a.length) - ref);
            // the group bound (Note [float32 sums]) and, in practice, no worse than a pairwise float32 sum
            assertTrue(Math.abs(kernel - ref) <= 3 * U * abs, "kind " + kind + ": error " + Math.abs(kernel - ref) + " vs sum|x| " + abs);
            assertTrue(Math.abs(kernel - ref) <= pairErr + 1e-9 * Math.abs(ref), "kind " + kind + ": error "
                    + Math.abs(kernel - ref) + " vs pairwise " + pairErr);
            // through the tensor API (chunked over threads, rounded to float32 once)
            double got = Torch.fromArray(a).sum().item();
            double err = Math.abs(got - ref);
            assertTrue(err <= 3 * U * abs + Math.ulp((float) ref), "kind " + kind + ": tensor sum error " + err);
            if (kind != 1) assertTrue(err / Math.abs(ref) < 1e-6, "kind " + kind + ": relative error " + err / Math.abs(ref));
            double mean = Torch.fromArray(a).mean().item();
            assertEquals(got / a.length, mean, 2 * Math.ulp((float) mean), "kind " + kind + ": mean is sum / n"); // sum, n and quotient rounded
        }
    }

    @Test
    void columnSumsAreAccurateAndMatchTheRowSumsOfTheTranspose() {
        float[] a = adversarial(0);
        int rows = 4096, cols = 4096;
        Tensor x = Torch.fromArray(java.util.Arrays.copyOf(a, rows * cols)).reshape(rows, cols);
        float[] col = x.sum(0).toFloatArray();
        float[] colT = x.t().contiguous().sum(1).toFloatArray();
        double[] exact = x.to(DType.FLOAT64).sum(0).toDoubleArray();
        for (int j = 0; j < cols; j++) {
            assertTrue(Math.abs(col[j] - exact[j]) <= 3 * U * exact[j] + Math.ulp(col[j]), "column " + j);
            assertTrue(Math.abs(colT[j] - exact[j]) <= 3 * U * exact[j] + Math.ulp(colT[j]), "row " + j);
        }
        // odd widths and heights: vector body, scalar tail columns, rows left over after the groups of 8
        SplittableRandom r = new SplittableRandom(3);
        for (int[] s : new int[][] {{19, 37}, {8, 17}, {64, 1000}, {103, 33}, {7, 100}}) {
            float[] v = new float[s[0] * s[1]];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
            Tensor t = Torch.fromArray(v).reshape(s[0], s[1]);
            float[] got = t.sum(0).toFloatArray();
            double[] want = t.to(DType.FLOAT64).sum(0).toDoubleArray();
            double[] mag = t.abs().to(DType.FLOAT64).sum(0).toDoubleArray();
            for (int j = 0; j < s[1]; j++) assertTrue(Math.abs(got[j] - want[j]) <= 3 * U * mag[j] + Math.ulp((float) want[j]));
        }
    }

    @Test
    void columnSum8IsTheSameTreeInTheVectorBodyAndTheTail() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {1, 15, 16, 17, 33, 100}) {
            int rs = n + 3;
            float[] a = new float[8 * rs + 2];
            for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextDouble(-3, 3)));
            double[] acc = new double[n + 1];
            ReduceSimd.columnSum8(acc, 1, a, 2, rs, n);
            for (int j = 0; j < n; j++) {
                int o = 2 + j;
                float g = ((a[o] + a[o + rs]) + (a[o + 2 * rs] + a[o + 3 * rs])) + ((a[o + 4 * rs] + a[o + 5 * rs]) + (a[o + 6 * rs] + a[o + 7 * rs]));
                assertEquals((double) g, acc[1 + j], "n " + n + " column " + j);
            }
        }
    }

    @Test
    void reductionsWhoseChunksAreClaimedGiveTheSameBitsForAnyThreadCount() {
        // 20 MB: over CpuReduce's 16 MiB, so the team claims chunks (or rows) in whatever order its threads get to them
        SplittableRandom r = new SplittableRandom(17);
        float[] a = new float[5 * 1024 * 1024 + 3];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * Math.scalb(1.0, r.nextInt(-30, 31)));
        Tensor flat = Torch.fromArray(a), rows = flat.narrow(0, 0, 5 * 1024 * 1024).reshape(5 * 1024, 1024);
        Tensor three = flat.narrow(0, 0, 5 * 1024 * 1024).reshape(5, 1024 * 1024);
        java.util.List<Supplier<Tensor>> ops = java.util.List.of(flat::sum, flat::mean, () -> rows.sum(1), () -> three.sum(1),
                () -> rows.mean(1), flat::max);
        int before = Torch.getNumThreads();
        try {
            double[][] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Torch.setNumThreads(threads);
                for (int call = 0; call < 3; call++) {
                    double[][] got = ops.stream().map(op -> op.get().toDoubleArray()).toArray(double[][]::new);
                    if (first == null) first = got;
                    for (int k = 0; k < got.length; k++) {
                        assertArrayEquals(first[k], got[k], 0.0, "op " + k + " with " + threads + " threads, call " + call);
                    }
                }
            }
            double exact = 0, mag = 0;
            for (float v : a) { exact += v; mag += Math.abs(v); }
            assertEquals(exact, first[0][0], 4 * U * mag);
        } finally {
            Torch.setNumThreads(before);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        SplittableRandom r = new SplittableRandom(9);
        float[] a = new float[3 * 1000_003];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextDouble(-3, 3)));
        Tensor flat = Torch.fromArray(a);
        Tensor wide = flat.reshape(3, 1000_003), tall = flat.reshape(1000_003, 3), block = flat.narrow(0, 0, 2048 * 1024).reshape(2048, 1024);
        java.util.List<Supplier<Tensor>> ops = java.util.List.of(flat::sum, flat::mean, () -> wide.sum(1), () -> tall.sum(0),
                () -> block.sum(0), () -> block.sum(1), () -> wide.t().sum(0), () -> flat.to(DType.FLOAT64).sum(), flat::argmax);
        int before = Torch.getNumThreads();
        try {
            double[][] first = null;
            for (int threads : new int[] {1, 2, 3, 5}) {
                Torch.setNumThreads(threads);
                double[][] got = ops.stream().map(op -> op.get().toDoubleArray()).toArray(double[][]::new);
                if (first == null) first = got;
                for (int k = 0; k < got.length; k++) assertArrayEquals(first[k], got[k], 0.0, "op " + k + " with " + threads + " threads");
            }
        } finally {
            Torch.setNumThreads(before);
        }
    }

    // ---------------------------------------------------------------- max, min, argmax, argmin

    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};

    /** Random arrays (ties included) with specials planted in the vector body, tail and block boundaries. */
    private static java.util.List<float[]> cases() {
        SplittableRandom r = new SplittableRandom(21);
        java.util.List<float[]> res = new java.util.ArrayList<>();
        for (int n : new int[] {1, 7, 16, 63, 64, 65, 200, 2047, 2048, 2049, 5000}) {
            for (int variant = 0; variant < 12; variant++) {
                float[] a = new float[n + 3];
                for (int i = 0; i < a.length; i++) a[i] = (float) Math.rint(r.nextGaussian() * 4); // many ties
                switch (variant) {
                    case 0 -> { }
                    case 1, 2, 3, 4, 5 -> {
                        float sp = SPECIAL[variant - 1];
                        for (int p : new int[] {3, 3 + n / 2, 3 + n - 1}) if (r.nextBoolean()) a[p] = sp;
                        a[3 + r.nextInt(n)] = sp;
                    }
                    case 6 -> { a[3 + r.nextInt(n)] = Float.POSITIVE_INFINITY; a[3 + r.nextInt(n)] = Float.NEGATIVE_INFINITY; }
                    case 7 -> java.util.Arrays.fill(a, Float.NEGATIVE_INFINITY);
                    case 8 -> java.util.Arrays.fill(a, Float.POSITIVE_INFINITY);
                    case 9 -> { for (int i = 0; i < a.length; i++) a[i] = r.nextBoolean() ? 0f : -0f; }
                    case 10 -> { for (int i = 0; i < a.length; i++) a[i] = -Math.abs(a[i]); a[3 + r.nextInt(n)] = -0f; }
                    default -> { for (int i = 0; i < a.length; i++) a[i] = Float.MAX_VALUE * (r.nextBoolean() ? 1 : -1); }
                }
                res.add(a);
            }
        }
        return res;
    }

    @Test
    void maxMinMatchTheScalarJavaSemantics() {
        for (float[] a : cases()) {
            int n = a.length - 3;
            for (boolean max : new boolean[] {true, false}) {
                for (float init : new float[] {max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY, 0f, -0f, 1f}) {
                    float want = init;
                    for (int i = 0; i < n; i++) want = max ? Math.max(want, a[3 + i]) : Math.min(want, a[3 + i]);
                    float got = ReduceSimd.extreme(max, a, 3, n, init);
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), (max ? "max" : "min") + " n " + n);
                    double[] d = new double[a.length];
                    for (int i = 0; i < a.length; i++) d[i] = a[i];
                    double gd = ReduceSimd.extreme(max, d, 3, n, init);
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(gd), (max ? "max" : "min") + " double n " + n);
                }
            }
        }
    }

    @Test
    void argMaxMinAreTheFirstOccurrenceAndTheFirstNaN() {
        for (float[] a : cases()) {
            int n = a.length - 3;
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) d[i] = a[i];
            for (boolean max : new boolean[] {true, false}) {
                // the reference: ReduceLoops' scalar loop
                double m = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                long bi = 100;
                for (int t = 0; t < n; t++) {
                    double v = a[3 + t];
                    if ((max ? v > m : v < m) || (v != v && m == m)) { m = v; bi = 100 + t; }
                }
                double[] acc = {max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY};
                long[] idx = {100};
                ReduceSimd.arg(max, a, 3, n, 100, acc, idx, 0);
                assertEquals(bi, idx[0], (max ? "argmax" : "argmin") + " n " + n);
                assertEquals(Double.compare(m, acc[0]) == 0 || m == acc[0], true);
                acc[0] = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                idx[0] = 100;
                ReduceSimd.arg(max, d, 3, n, 100, acc, idx, 0);
                assertEquals(bi, idx[0], (max ? "argmax" : "argmin") + " double n " + n);
            }
        }
    }

    @Test
    void columnArgMatchesTheRowLoops() {
        // the vertical (dim 0 of a row-major matrix) argmax/argmin against the horizontal loops on the transpose
        SplittableRandom r = new SplittableRandom(8);
        for (int cols : new int[] {16, 19, 40, 1000}) {
            for (float special : SPECIAL) {
                float[] v = new float[300 * cols];
                for (int i = 0; i < v.length; i++) v[i] = (float) Math.rint(r.nextGaussian() * 3);
                for (int k = 0; k < cols / 2; k++) v[r.nextInt(v.length)] = special;
                Tensor x = Torch.fromArray(v).reshape(300, cols), xt = x.t().contiguous();
                assertArrayEquals(xt.argmax(1, false).toLongArray(), x.argmax(0, false).toLongArray(), "argmax, " + special);
                assertArrayEquals(xt.argmin(1, false).toLongArray(), x.argmin(0, false).toLongArray(), "argmin, " + special);
                ValuesIndices mx = x.max(0, false);
                assertArrayEquals(x.argmax(0, false).toLongArray(), mx.indices().toLongArray());
                assertArrayEquals(xt.max(1, false).values().toFloatArray(), mx.values().toFloatArray());
            }
        }
    }

    @Test
    void maxAlongADimReturnsTheElementsAtItsIndices() {
        // PyTorch: the values are the elements at the indices: the first of -0.0 and 0.0, the first NaN
        ValuesIndices vi = Torch.fromArray(new float[] {-0f, 0f, -1f, 0f, -0f, -2f}, 2, 3).max(1);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(vi.values().toFloatArray()[0]));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(vi.values().toFloatArray()[1]));
        assertArrayEquals(new long[] {0, 0}, vi.indices().toLongArray());
        vi = Torch.fromArray(new float[] {1f, Float.NaN, 3f, Float.NaN}, 1, 4).min(1);
        assertTrue(Float.isNaN(vi.values().toFloatArray()[0]));
        assertArrayEquals(new long[] {1}, vi.indices().toLongArray());
        // long rows (vector loops), non-contiguous input, int64, keepdim, 0-d
        SplittableRandom r = new SplittableRandom(2);
        float[] v = new float[300 * 5000];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.rint(r.nextGaussian() * 50);
        Tensor x = Torch.fromArray(v).reshape(300, 5000);
        for (Tensor t : new Tensor[] {x, x.t(), x.to(DType.INT64), x.narrow(1, 7, 4000)}) {
            for (long dim : new long[] {0, 1}) {
                for (boolean keep : new boolean[] {false, true}) {
                    ValuesIndices mx = t.max(dim, keep), mn = t.min(dim, keep);
                    assertArrayEquals(t.amax(new long[] {dim}, keep).toDoubleArray(), mx.values().toDoubleArray(), 0.0);
                    assertArrayEquals(t.argmax(dim, keep).toLongArray(), mx.indices().toLongArray());
                    assertArrayEquals(t.amin(new long[] {dim}, keep).toDoubleArray(), mn.values().toDoubleArray(), 0.0);
                    assertArrayEquals(t.argmin(dim, keep).toLongArray(), mn.indices().toLongArray());
                    assertArrayEquals(mx.indices().shape().toArray(), mx.values().shape().toArray());
                }
            }
        }
        Tensor s = Torch.tensor(2.5);
        assertEquals(2.5, s.max(0, false).values().item());
        assertEquals(0, s.max(0, false).indices().dim());
    }
}
