package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CpuFft against the definition (an O(n^2) sum in double with exactly reduced angles) for lengths that exercise
 * every radix, their mixtures, and Bluestein; complex and paired real batches (odd batch sizes leave one real
 * signal unpaired), vector lanes and single signals, both signs, scaling, and the real-part-only output.
 */
class CpuFftTest {
    private static double[] naive(double[] x, int p, int b, int n, int sign, double scale) {
        double[] out = new double[2 * n];
        for (int k = 0; k < n; k++) {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++) {
                double xr = x[(b * n + j) * p], xi = p == 2 ? x[(b * n + j) * p + 1] : 0;
                double c = CpuFft.cos2pi((long) j * k, n), s = sign * CpuFft.sin2pi((long) j * k, n);
                sr += xr * c - xi * s;
                si += xr * s + xi * c;
            }
            out[2 * k] = scale * sr;
            out[2 * k + 1] = scale * si;
        }
        return out;
    }

    /** The transform of {@code in [B, n, P]} into a new contiguous {@code [B, n, pOut]} array of in's dtype. */
    private static Object run(Strided in, int pOut, int sign, double scale) {
        long b = in.shape()[0], n = in.shape()[1];
        CpuStorage out = CpuStorage.allocate(in.dtype(), (int) (b * n * pOut));
        assertTrue(CpuFft.dft(new Strided(out, new long[] {b, n, pOut}, new long[] {n * pOut, pOut, 1}, 0), in, sign, scale, false));
        return out.array();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 25, 27, 29, 30, 31, 32, 37, 49, 60, 64, 97, 100, 105, 128,
            210, 243, 256, 257, 343, 500, 961, 1000, 1021, 1024, 2053})
    void matchesTheDefinition(int n) {
        Random rnd = new Random(n);
        for (int p = 1; p <= 2; p++) {
            // a group of vector lanes and one signal alone; the odd real batch leaves one real signal unpaired
            int batch = p == 1 ? 2 * CpuFftSimd.LANES + 1 : CpuFftSimd.LANES + 1;
            double[] x = new double[batch * n * p];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
            for (int sign : new int[] {-1, 1}) {
                double scale = sign > 0 ? 1.0 / n : 1.0;
                double[][] want = new double[batch][];
                for (int b = 0; b < batch; b++) want[b] = naive(x, p, b, n, sign, scale);
                for (boolean realOut : new boolean[] {false, true}) {
                    Strided in = new Strided(CpuStorage.wrap(DType.FLOAT64, x), new long[] {batch, n, p},
                            new long[] {(long) n * p, p, 1}, 0);
                    double[] got = (double[]) run(in, realOut ? 1 : 2, sign, scale);
                    int pOut = realOut ? 1 : 2;
                    assertEquals(batch * n * pOut, got.length);
                    double tol = 1e-12 * Math.sqrt(n) * Math.max(1, scale * n);
                    for (int b = 0; b < batch; b++) {
                        for (int k = 0; k < n; k++) {
                            for (int c = 0; c < pOut; c++) {
                                assertEquals(want[b][2 * k + c], got[(b * n + k) * pOut + c], tol,
                                        "n=" + n + " p=" + p + " sign=" + sign + " realOut=" + realOut + " b=" + b + " k=" + k);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 60, 97, 343})
    void aSignalGetsTheSameBitsInALaneAsAlone(int n) {
        Random rnd = new Random(3);
        int batch = CpuFftSimd.LANES + 1;
        double[] x = new double[batch * n * 2];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        double[] all = (double[]) run(new Strided(CpuStorage.wrap(DType.FLOAT64, x),
                new long[] {batch, n, 2}, new long[] {2L * n, 2, 1}, 0), 2, -1, 1.0);
        for (int b = 0; b < batch; b++) {
            double[] one = (double[]) run(new Strided(CpuStorage.wrap(DType.FLOAT64, x),
                    new long[] {1, n, 2}, new long[] {2L * n, 2, 1}, (long) b * n * 2), 2, -1, 1.0);
            assertArrayEquals(one, java.util.Arrays.copyOfRange(all, b * n * 2, (b + 1) * n * 2), "signal " + b);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 97})
    void float32ReadsAnOffsetAndRoundsOnce(int n) {
        Random rnd = new Random(7);
        float[] x = new float[5 + 2 * n];
        double[] xd = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) xd[i] = x[5 + i] = (float) rnd.nextGaussian();
        Strided in = new Strided(CpuStorage.wrap(DType.FLOAT32, x), new long[] {1, n, 2}, new long[] {2L * n, 2, 1}, 5);
        float[] got = (float[]) run(in, 2, -1, 1.0);
        double[] want = naive(xd, 2, 0, n, -1, 1.0);
        for (int i = 0; i < 2 * n; i++) assertEquals((float) want[i], got[i], 1e-5 * Math.sqrt(n), "element " + i);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void readsAndWritesAnyStrides(int p) {
        // signals along dim 0 of a [n, 3, 2, P] array (batch dims [3, 2] read in row-major order), results written
        // transposed into [n, 3, 2, 2]: the same values as from contiguous copies
        int n = 12, b0 = 3, b1 = 2, batch = b0 * b1;
        Random rnd = new Random(11);
        double[] x = new double[n * batch * p];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        Strided in = new Strided(CpuStorage.wrap(DType.FLOAT64, x), new long[] {b0, b1, n, p},
                new long[] {(long) b1 * p, p, (long) batch * p, 1}, 0);
        CpuStorage outS = CpuStorage.allocate(DType.FLOAT64, n * batch * 2);
        Strided out = new Strided(outS, new long[] {b0, b1, n, 2}, new long[] {(long) b1 * 2, 2, batch * 2L, 1}, 0);
        assertTrue(CpuFft.dft(out, in, -1, 1.0, false));
        double[] got = (double[]) outS.array();
        double[] packed = new double[batch * n * p];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < p; c++) packed[(b * n + j) * p + c] = x[(j * batch + b) * p + c];
            }
        }
        for (int b = 0; b < batch; b++) {
            double[] want = naive(packed, p, b, n, -1, 1.0);
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < 2; c++) assertEquals(want[2 * k + c], got[(k * batch + b) * 2 + c], 1e-12, "b=" + b + " k=" + k);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 8, 12, 97, 100})
    void hermitianHalfSpectraGiveRealSignals(int n) {
        int half = n / 2 + 1, batch = 2 * CpuFftSimd.LANES + 1;
        Random rnd = new Random(n + 100);
        double[] h = new double[batch * half * 2], full = new double[batch * n * 2];
        for (int i = 0; i < h.length; i++) h[i] = rnd.nextGaussian();
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < n; k++) {
                int s = k < half ? k : n - k;
                double re = h[(b * half + s) * 2], im = h[(b * half + s) * 2 + 1];
                if (s == 0 || 2 * s == n) im = 0;                  // ignored, as pocketfft ignores them
                full[(b * n + k) * 2] = re;
                full[(b * n + k) * 2 + 1] = k < half ? im : -im;
            }
        }
        for (int sign : new int[] {-1, 1}) {
            CpuStorage out = CpuStorage.allocate(DType.FLOAT64, batch * n);
            Strided in = new Strided(CpuStorage.wrap(DType.FLOAT64, h), new long[] {batch, half, 2},
                    new long[] {half * 2L, 2, 1}, 0);
            assertTrue(CpuFft.dft(new Strided(out, new long[] {batch, n, 1}, new long[] {n, 1, 1}, 0), in, sign, 0.5, true));
            double[] got = (double[]) out.array();
            for (int b = 0; b < batch; b++) {
                double[] want = naive(full, 2, b, n, sign, 0.5);
                for (int k = 0; k < n; k++) {
                    assertEquals(want[2 * k], got[b * n + k], 1e-12 * n, "sign=" + sign + " b=" + b + " k=" + k);
                    assertEquals(0, want[2 * k + 1], 1e-12 * n, "the extension is Hermitian");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void writesTheFirstFrequenciesOnly(int p) {
        int n = 10, keep = 6, batch = CpuFftSimd.LANES * 2 + 1;
        Random rnd = new Random(5);
        double[] x = new double[batch * n * p];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        CpuStorage out = CpuStorage.allocate(DType.FLOAT64, batch * keep * 2);
        Strided in = new Strided(CpuStorage.wrap(DType.FLOAT64, x), new long[] {batch, n, p}, new long[] {(long) n * p, p, 1}, 0);
        assertTrue(CpuFft.dft(new Strided(out, new long[] {batch, keep, 2}, new long[] {keep * 2L, 2, 1}, 0), in, -1, 1.0, false));
        double[] got = (double[]) out.array();
        for (int b = 0; b < batch; b++) {
            double[] want = naive(x, p, b, n, -1, 1.0);
            for (int i = 0; i < 2 * keep; i++) assertEquals(want[i], got[b * keep * 2 + i], 1e-12, "b=" + b + " i=" + i);
        }
    }
}
