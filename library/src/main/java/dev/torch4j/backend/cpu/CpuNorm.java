package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * Batch normalisation forward and backward ({@link Backend#batchNorm}, {@link Backend#batchNormBackward}) over
 * contiguous float32/float64 arrays, channels in parallel: two reads of x for the statistics and one read and write
 * for the output, where the composition makes about ten passes. The arithmetic is that of PyTorch's CPU kernels:
 * sums in double (the mean and the sum of squares rounded to the dtype, as PyTorch keeps them), {@code y = x * alpha
 * + beta} with {@code alpha = invstd * w} and {@code beta = b - mean * alpha} in the dtype, and the input gradient
 * {@code (g - sum(g) / M - (x - mean) * k) * invstd * w} with {@code k = dotp * invstd^2 / M} in the dtype.
 */
final class CpuNorm {
    private CpuNorm() {}

    /** Contiguous CPU arrays of one float dtype (nulls skipped). */
    private static boolean supported(DType t, Strided... ss) {
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        for (Strided s : ss) {
            if (s != null && (s.dtype() != t || !s.isContiguous() || !(s.storage() instanceof CpuStorage))) return false;
        }
        return true;
    }

    private static int off(Strided s) { return s == null ? 0 : (int) s.offset(); }

    /** Channels per task, so that a task has about a grain of elements. */
    private static long grain(long perChannel) { return Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, perChannel)); }

    /** {@link Backend#batchNorm}. */
    static Storage[] batchNorm(Strided x, Strided w, Strided b, Strided rm, Strided rv, boolean training,
                               double momentum, double eps) {
        DType t = x.dtype();
        if (!supported(t, x, w, b, rm, rv)) return null;
        long[] sh = x.shape();
        int n = (int) sh[0], c = (int) sh[1], s = (int) sh[2];
        CpuStorage y = CpuStorage.allocate(t, n * c * s), mean = CpuStorage.allocate(t, c), invstd = CpuStorage.allocate(t, c);
        Layout l = new Layout(n, c, s, off(x));
        if (t == DType.FLOAT32) {
            float[] xa = (float[]) arr(x), ya = (float[]) y.array(), ma = (float[]) mean.array(), ia = (float[]) invstd.array();
            float[] wa = w == null ? null : (float[]) arr(w), ba = b == null ? null : (float[]) arr(b);
            float[] rma = rm == null ? null : (float[]) arr(rm), rva = rv == null ? null : (float[]) arr(rv);
            int wo = off(w), bo = off(b), rmo = off(rm), rvo = off(rv);
            Parallel.parallelFor(0, c, grain((long) n * s), (lo, hi) -> {
                for (int ch = (int) lo; ch < hi; ch++) {
                    float mu, is;
                    if (training) {
                        double sum = l.sum(xa, ch), m = (double) n * s;
                        mu = (float) (sum / m);
                        // the sum of squares kept in float and divided in float, as PyTorch does
                        float sq = (float) l.squares(xa, ch, sum / m);
                        is = (float) (1 / Math.sqrt(sq / (float) m + eps));
                        if (rma != null) rma[rmo + ch] = (float) (momentum * mu + (1 - momentum) * rma[rmo + ch]);
                        if (rva != null) rva[rvo + ch] = (float) (momentum * (sq / (float) (m - 1)) + (1 - momentum) * rva[rvo + ch]);
                    } else {
                        mu = rma[rmo + ch];
                        is = 1f / (float) Math.sqrt(rva[rvo + ch] + (float) eps);
                    }
                    ma[ch] = mu;
                    ia[ch] = is;
                    float alpha = is * (wa == null ? 1f : wa[wo + ch]), beta = (ba == null ? 0f : ba[bo + ch]) - mu * alpha;
                    for (int k = 0; k < n; k++) {
                        int base = l.base(k, ch), out = base - l.xo;
                        for (int r = 0; r < s; r++) ya[out + r] = xa[base + r] * alpha + beta;
                    }
                }
            });
        } else {
            double[] xa = (double[]) arr(x), ya = (double[]) y.array(), ma = (double[]) mean.array(), ia = (double[]) invstd.array();
            double[] wa = w == null ? null : (double[]) arr(w), ba = b == null ? null : (double[]) arr(b);
            double[] rma = rm == null ? null : (double[]) arr(rm), rva = rv == null ? null : (double[]) arr(rv);
            int wo = off(w), bo = off(b), rmo = off(rm), rvo = off(rv);
            Parallel.parallelFor(0, c, grain((long) n * s), (lo, hi) -> {
                for (int ch = (int) lo; ch < hi; ch++) {
                    double mu, is;
                    if (training) {
                        double m = (double) n * s;
                        mu = l.sum(xa, ch) / m;
                        double sq = l.squares(xa, ch, mu);
                        is = 1 / Math.sqrt(sq / m + eps);
                        if (rma != null) rma[rmo + ch] = momentum * mu + (1 - momentum) * rma[rmo + ch];
                        if (rva != null) rva[rvo + ch] = momentum * (sq / (m - 1)) + (1 - momentum) * rva[rvo + ch];
                    } else {
                        mu = rma[rmo + ch];
                        is = 1 / Math.sqrt(rva[rvo + ch] + eps);
                    }
                    ma[ch] = mu;
                    ia[ch] = is;
                    double alpha = is * (wa == null ? 1 : wa[wo + ch]), beta = (ba == null ? 0 : ba[bo + ch]) - mu * alpha;
                    for (int k = 0; k < n; k++) {
                        int base = l.base(k, ch), out = base - l.xo;
                        for (int r = 0; r < s; r++) ya[out + r] = xa[base + r] * alpha + beta;
                    }
                }
            });
        }
        return new Storage[] {y, mean, invstd};
    }

    /** {@link Backend#batchNormBackward}. */
    static Storage[] batchNormBackward(Strided grad, Strided x, Strided mean, Strided invstd, Strided w,
                                       boolean training) {
        DType t = x.dtype();
        if (!supported(t, grad, x, mean, invstd, w)) return null;
        long[] sh = x.shape();
        int n = (int) sh[0], c = (int) sh[1], s = (int) sh[2];
        CpuStorage gx = CpuStorage.allocate(t, n * c * s), gw = CpuStorage.allocate(t, c), gb = CpuStorage.allocate(t, c);
        Layout l = new Layout(n, c, s, off(x));
        int go = off(grad) - off(x), mo = off(mean), io = off(invstd), wo = off(w);
        long m = (long) n * s;
        if (t == DType.FLOAT32) {
            float[] ga = (float[]) arr(grad), xa = (float[]) arr(x), ma = (float[]) arr(mean), ia = (float[]) arr(invstd);
            float[] wa = w == null ? null : (float[]) arr(w), gxa = (float[]) gx.array();
            float[] gwa = (float[]) gw.array(), gba = (float[]) gb.array();
            Parallel.parallelFor(0, c, grain(m), (lo, hi) -> {
                for (int ch = (int) lo; ch < hi; ch++) {
                    float mu = ma[mo + ch], is = ia[io + ch], wv = wa == null ? 1f : wa[wo + ch];
                    double sum = 0, dotp = 0;
                    for (int k = 0; k < n; k++) {
                        int base = l.base(k, ch);
                        for (int r = 0; r < s; r++) {
                            float g = ga[go + base + r];
                            sum += g;
                            dotp += (xa[base + r] - mu) * g;
                        }
                    }
                    float sumT = (float) sum, kk = (float) dotp * is * is / m, gradMean = sumT / m;
                    gba[ch] = sumT;
                    gwa[ch] = (float) (dotp * is);
                    for (int k = 0; k < n; k++) {
                        int base = l.base(k, ch), out = base - l.xo;
                        for (int r = 0; r < s; r++) {
                            float g = ga[go + base + r];
                            gxa[out + r] = training ? (g - gradMean - (xa[base + r] - mu) * kk) * is * wv : g * is * wv;
                        }
                    }
                }
            });
        } else {
            double[] ga = (double[]) arr(grad), xa = (double[]) arr(x), ma = (double[]) arr(mean), ia = (double[]) arr(invstd);
            double[] wa = w == null ? null : (double[]) arr(w), gxa = (double[]) gx.array();
            double[] gwa = (double[]) gw.array(), gba = (double[]) gb.array();
            Parallel.parallelFor(0, c, grain(m), (lo, hi) -> {
                for (int ch = (int) lo; ch < hi; ch++) {
                    double mu = ma[mo + ch], is = ia[io + ch], wv = wa == null ? 1 : wa[wo + ch];
                    double sum = 0, dotp = 0;
                    for (int k = 0; k < n; k++) {
                        int base = l.base(k, ch);
                        for (int r = 0; r < s; r++) {
                            double g = ga[go + base + r];
                            sum += g;
                            dotp += (xa[base + r] - mu) * g;
                        }
                    }
                    double kk = dotp * is * is / m, gradMean = sum / m;
                    gba[ch] = sum;
                    gwa[ch] = dotp * is;
                    for (int k = 0; k < n; k++) {
                        int base = l.base(k, ch), out = base - l.xo;
                        for (int r = 0; r < s; r++) {
                            double g = ga[go + base + r];
                            gxa[out + r] = training ? (g - gradMean - (xa[base + r] - mu) * kk) * is * wv : g * is * wv;
                        }
                    }
                }
            });
        }
        return new Storage[] {gx, gw, gb};
    }

    /** x viewed as [n, c, s] from array index xo: channel ch's run of s elements for each k. */
    private record Layout(int n, int c, int s, int xo) {
        int base(int k, int ch) { return xo + (k * c + ch) * s; }

        /** Sum of channel ch in double, four accumulators (a fixed order). */
        double sum(float[] a, int ch) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int k = 0; k < n; k++) {
                int i = base(k, ch), end = i + s;
                for (; i + 3 < end; i += 4) {
                    s0 += a[i];
                    s1 += a[i + 1];
                    s2 += a[i + 2];
                    s3 += a[i + 3];
                }
                for (; i < end; i++) s0 += a[i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        double sum(double[] a, int ch) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int k = 0; k < n; k++) {
                int i = base(k, ch), end = i + s;
                for (; i + 3 < end; i += 4) {
                    s0 += a[i];
                    s1 += a[i + 1];
                    s2 += a[i + 2];
                    s3 += a[i + 3];
                }
                for (; i < end; i++) s0 += a[i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        /** Sum of (x - mu)^2 over channel ch in double. */
        double squares(float[] a, int ch, double mu) {
            double s0 = 0, s1 = 0;
            for (int k = 0; k < n; k++) {
                int i = base(k, ch), end = i + s;
                for (; i + 1 < end; i += 2) {
                    double d0 = a[i] - mu, d1 = a[i + 1] - mu;
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                }
                for (; i < end; i++) {
                    double d = a[i] - mu;
                    s0 += d * d;
                }
            }
            return s0 + s1;
        }

        double squares(double[] a, int ch, double mu) {
            double s0 = 0, s1 = 0;
            for (int k = 0; k < n; k++) {
                int i = base(k, ch), end = i + s;
                for (; i + 1 < end; i += 2) {
                    double d0 = a[i] - mu, d1 = a[i + 1] - mu;
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                }
                for (; i < end; i++) {
                    double d = a[i] - mu;
                    s0 += d * d;
                }
            }
            return s0 + s1;
        }
    }
}
