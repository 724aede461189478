package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static dev.torch4j.backend.cpu.CpuBackend.arr;

/**
 * Layer normalisation forward and its input gradient ({@link Backend#layerNorm}, {@link Backend#layerNormBackward})
 * over contiguous float32/float64 rows, rows in parallel: per row a sum ({@link ReduceSimd#sum}, torch4j's own sum)
 * and a sum of squared deviations (in double, vector lanes folded in lane order, so the bits do not depend on the
 * JIT) and one pass, PyTorch's CPU arithmetic {@code y = (x * rstd + (-mean * rstd)) * w + b} in the dtype; backward
 * two sums and one pass. Group normalisation the same way per (sample, group), the affine per channel.
 *
 * <p>Batch normalisation forward and backward ({@link Backend#batchNorm}, {@link Backend#batchNormBackward}) over
 * contiguous float32/float64 arrays, channels in parallel: two reads of x for the statistics and one read and write
 * for the output, where the composition makes about ten passes, each channel's runs summed by the row helpers above.
 * The arithmetic is that of PyTorch's CPU kernels: sums in double (the mean and the sum of squares rounded to the
 * dtype, as PyTorch keeps them), {@code y = x * alpha
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

    // ------------------------------------------------------------------------------------------- group norm

    /**
     * {@link Backend#groupNorm}: per (sample, group) row the mean and the sum of squared deviations in double, then
     * per channel {@code y = x * scale + shift} with PyTorch's CPU coefficients {@code scale = rstd * w},
     * {@code shift = b - mean * scale} in the dtype.
     */
    static Storage[] groupNorm(Strided x, Strided w, Strided b, long groups, double eps) {
        DType t = x.dtype();
        if (!supported(t, x, w, b)) return null;
        int n = (int) x.shape()[0], c = (int) x.shape()[1], s = (int) x.shape()[2], g = (int) groups, cg = c / g;
        int rows = n * g, len = cg * s, xo = off(x), wo = off(w), bo = off(b);
        CpuStorage y = CpuStorage.allocate(t, n * c * s), mean = CpuStorage.allocate(t, rows), rstd = CpuStorage.allocate(t, rows);
        boolean f32 = t == DType.FLOAT32;
        Parallel.parallelFor(0, rows, grain(len), (lo, hi) -> {
            for (int r = (int) lo; r < hi; r++) {
                int xr = xo + r * len, yr = r * len, c0 = (r % g) * cg;
                if (f32) {
                    float[] xa = (float[]) arr(x), ya = (float[]) y.array();
                    float[] wa = w == null ? null : (float[]) arr(w), ba = b == null ? null : (float[]) arr(b);
                    double mu = ReduceSimd.sum(xa, xr, len) / len;
                    float rs = (float) (1 / Math.sqrt(squares(xa, xr, len, mu) / len + eps)), m = (float) mu;
                    ((float[]) mean.array())[r] = m;
                    ((float[]) rstd.array())[r] = rs;
                    for (int k = 0; k < cg; k++) {
                        float scale = rs * (wa == null ? 1f : wa[wo + c0 + k]);
                        float shift = (ba == null ? 0f : ba[bo + c0 + k]) - m * scale;
                        lnRow(ya, yr + k * s, xa, xr + k * s, null, 0, null, 0, s, scale, shift);
                    }
                } else {
                    double[] xa = (double[]) arr(x), ya = (double[]) y.array();
                    double[] wa = w == null ? null : (double[]) arr(w), ba = b == null ? null : (double[]) arr(b);
                    double m = ReduceSimd.sum(xa, xr, len) / len, rs = 1 / Math.sqrt(squares(xa, xr, len, m) / len + eps);
                    ((double[]) mean.array())[r] = m;
                    ((double[]) rstd.array())[r] = rs;
                    for (int k = 0; k < cg; k++) {
                        double scale = rs * (wa == null ? 1 : wa[wo + c0 + k]);
                        double shift = (ba == null ? 0 : ba[bo + c0 + k]) - m * scale;
                        for (int j = 0, o = k * s; j < s; j++) ya[yr + o + j] = xa[xr + o + j] * scale + shift;
                    }
                }
            }
        });
        return new Storage[] {y, mean, rstd};
    }

    /**
     * {@link Backend#groupNormBackward}, PyTorch's CPU arithmetic: per (sample, channel) {@code ds = sum(g * x)} and
     * {@code db = sum(g)} in double; per (sample, group) the coefficients {@code c2 = (dbw * mean - dsw) * rstd^3 / D}
     * and {@code c3 = -c2 * mean - dbw * rstd / D} ({@code dsw}, {@code dbw}: ds and db weighted by w over the
     * group); {@code gx = rstd * w * g + c2 * x + c3} in the dtype; {@code gw = sum_n (ds - db * mean) * rstd},
     * {@code gb = sum_n db}, summed over the samples in order.
     */
    static Storage[] groupNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided w, long groups,
                                       boolean paramGrads) {
        DType t = x.dtype();
        if (!supported(t, grad, x, mean, rstd, w)) return null;
        int n = (int) x.shape()[0], c = (int) x.shape()[1], s = (int) x.shape()[2], g = (int) groups, cg = c / g;
        int len = cg * s, go = off(grad), xo = off(x), mo = off(mean), ro = off(rstd), wo = off(w);
        boolean f32 = t == DType.FLOAT32;
        double[] ds = new double[n * c], db = new double[n * c];
        Parallel.parallelFor(0, (long) n * c, grain(s), (lo, hi) -> {
            for (int p = (int) lo; p < hi; p++) {
                int base = p * s;
                double a = 0, bsum = 0;
                if (f32) {
                    float[] ga = (float[]) arr(grad), xa = (float[]) arr(x);
                    DoubleVector va = DoubleVector.zero(DS), vb = va;
                    int j = 0;
                    for (; j + DL <= s; j += DL) {
                        DoubleVector gd = (DoubleVector) FloatVector.fromArray(FH, ga, go + base + j).convertShape(VectorOperators.F2D, DS, 0);
                        DoubleVector xd = (DoubleVector) FloatVector.fromArray(FH, xa, xo + base + j).convertShape(VectorOperators.F2D, DS, 0);
                        va = va.add(gd.mul(xd));
                        vb = vb.add(gd);
                    }
                    a = fold(va);
                    bsum = fold(vb);
                    for (; j < s; j++) {
                        float gv = ga[go + base + j];
                        a += (double) gv * xa[xo + base + j];
                        bsum += gv;
                    }
                } else {
                    double[] ga = (double[]) arr(grad), xa = (double[]) arr(x);
                    for (int j = 0; j < s; j++) {
                        double gv = ga[go + base + j];
                        a += gv * xa[xo + base + j];
                        bsum += gv;
                    }
                }
                ds[p] = a;
                db[p] = bsum;
            }
        });
        CpuStorage gx = CpuStorage.allocate(t, n * c * s);
        Parallel.parallelFor(0, (long) n * g, grain(len), (lo, hi) -> {
            for (int r = (int) lo; r < hi; r++) {
                int c0 = (r % g) * cg, p0 = (r / g) * c + c0, base = r * len;
                double m = f32 ? ((float[]) arr(mean))[mo + r] : ((double[]) arr(mean))[mo + r];
                double rs = f32 ? ((float[]) arr(rstd))[ro + r] : ((double[]) arr(rstd))[ro + r];
                double dsw = 0, dbw = 0;
                for (int k = 0; k < cg; k++) {
                    double wv = w == null ? 1 : wAt(w, wo + c0 + k);
                    dsw += ds[p0 + k] * wv;
                    dbw += db[p0 + k] * wv;
                }
                double c2 = (dbw * m - dsw) * rs * rs * rs / len, c3 = -c2 * m - dbw * rs / len;
                for (int k = 0; k < cg; k++) {
                    double c1 = rs * (w == null ? 1 : wAt(w, wo + c0 + k));
                    int o = base + k * s;
                    if (f32) {
                        float[] ga = (float[]) arr(grad), xa = (float[]) arr(x), out = (float[]) gx.array();
                        float f1 = (float) c1, f2 = (float) c2, f3 = (float) c3;
                        for (int j = 0; j < s; j++) out[o + j] = f1 * ga[go + o + j] + f2 * xa[xo + o + j] + f3;
                    } else {
                        double[] ga = (double[]) arr(grad), xa = (double[]) arr(x), out = (double[]) gx.array();
                        for (int j = 0; j < s; j++) out[o + j] = c1 * ga[go + o + j] + c2 * xa[xo + o + j] + c3;
                    }
                }
            }
        });
        if (!paramGrads) return new Storage[] {gx, null, null};
        CpuStorage gw = CpuStorage.allocate(t, c), gb = CpuStorage.allocate(t, c);
        for (int ch = 0; ch < c; ch++) {
            double sw = 0, sb = 0;
            for (int i = 0; i < n; i++) {
                int r = i * g + ch / cg, p = i * c + ch;
                double m = f32 ? ((float[]) arr(mean))[mo + r] : ((double[]) arr(mean))[mo + r];
                double rs = f32 ? ((float[]) arr(rstd))[ro + r] : ((double[]) arr(rstd))[ro + r];
                sw += (ds[p] - db[p] * m) * rs;
                sb += db[p];
            }
            if (f32) {
                ((float[]) gw.array())[ch] = (float) sw;
                ((float[]) gb.array())[ch] = (float) sb;
            } else {
                ((double[]) gw.array())[ch] = sw;
                ((double[]) gb.array())[ch] = sb;
            }
        }
        return new Storage[] {gx, gw, gb};
    }

    private static double wAt(Strided w, int i) {
        return w.dtype() == DType.FLOAT32 ? ((float[]) arr(w))[i] : ((double[]) arr(w))[i];
    }

    // ------------------------------------------------------------------------------------------- layer norm

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Floats that widen to one double vector. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, VectorShape.forBitSize(DS.vectorBitSize() / 2));
    private static final int DL = DS.length();

    /** {@link Backend#layerNorm}. */
    static Storage[] layerNorm(Strided x, Strided w, Strided b, double eps) {
        DType t = x.dtype();
        if (!supported(t, x, w, b)) return null;
        int rows = (int) x.shape()[0], n = (int) x.shape()[1];
        CpuStorage y = CpuStorage.allocate(t, rows * n), mean = CpuStorage.allocate(t, rows), rstd = CpuStorage.allocate(t, rows);
        int xo = off(x), wo = off(w), bo = off(b);
        long grain = grain(n);
        if (t == DType.FLOAT32) {
            float[] xa = (float[]) arr(x), ya = (float[]) y.array(), ma = (float[]) mean.array(), ra = (float[]) rstd.array();
            float[] wa = w == null ? null : (float[]) arr(w), ba = b == null ? null : (float[]) arr(b);
            Parallel.parallelFor(0, rows, grain, (lo, hi) -> {
                for (int r = (int) lo; r < hi; r++) {
                    int xr = xo + r * n, yr = r * n;
                    double mu = ReduceSimd.sum(xa, xr, n) / n;
                    float rs = (float) (1 / Math.sqrt(squares(xa, xr, n, mu) / n + eps)), m = (float) mu;
                    ma[r] = m;
                    ra[r] = rs;
                    lnRow(ya, yr, xa, xr, wa, wo, ba, bo, n, rs, -m * rs);
                }
            });
        } else {
            double[] xa = (double[]) arr(x), ya = (double[]) y.array(), ma = (double[]) mean.array(), ra = (double[]) rstd.array();
            double[] wa = w == null ? null : (double[]) arr(w), ba = b == null ? null : (double[]) arr(b);
            Parallel.parallelFor(0, rows, grain, (lo, hi) -> {
                for (int r = (int) lo; r < hi; r++) {
                    int xr = xo + r * n, yr = r * n;
                    double m = ReduceSimd.sum(xa, xr, n) / n;
                    double rs = 1 / Math.sqrt(squares(xa, xr, n, m) / n + eps), shift = -m * rs;
                    ma[r] = m;
                    ra[r] = rs;
                    for (int j = 0; j < n; j++) {
                        ya[yr + j] = (xa[xr + j] * rs + shift) * (wa == null ? 1 : wa[wo + j]) + (ba == null ? 0 : ba[bo + j]);
                    }
                }
            });
        }
        return new Storage[] {y, mean, rstd};
    }

    /**
     * {@link Backend#layerNormBackward(Strided, Strided, Strided, Strided, Strided, boolean)}: per row
     * {@code gx = rstd * (gh - mean(gh) - xhat * mean(gh * xhat))}, {@code gh = g * w}; with {@code paramGrads} also
     * the weight and bias gradients, sums over the rows of {@code g * xhat} and of {@code g}, from the rows while they
     * are in cache. Rows go in blocks whose number depends only on the row count; a block sums its rows in order (in
     * the dtype: float32 as PyTorch, a block being at most a 64th of the rows, or 32) and the blocks are added in
     * order in double, so the result does not depend on the thread count.
     */
    static Storage[] layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided w, boolean paramGrads) {
        DType t = x.dtype();
        if (!supported(t, grad, x, mean, rstd, w)) return null;
        int rows = (int) x.shape()[0], n = (int) x.shape()[1];
        int per = Math.max(32, (rows + 63) / 64), blocks = (rows + per - 1) / per;
        CpuStorage gx = CpuStorage.allocate(t, rows * n);
        double[] pw = paramGrads ? new double[blocks * n] : null, pb = paramGrads ? new double[blocks * n] : null;
        int go = off(grad), xo = off(x), mo = off(mean), ro = off(rstd), wo = off(w);
        if (t == DType.FLOAT32) {
            float[] ga = (float[]) arr(grad), xa = (float[]) arr(x), ma = (float[]) arr(mean), ra = (float[]) arr(rstd);
            float[] wa = w == null ? null : (float[]) arr(w), out = (float[]) gx.array();
            Parallel.parallelFor(0, blocks, 1, (lo, hi) -> {
                double[] sums = new double[2];
                float[] bw = pw == null ? null : new float[n], bb = pw == null ? null : new float[n];
                for (int blk = (int) lo; blk < hi; blk++) {
                    if (bw != null) {
                        Arrays.fill(bw, 0f);
                        Arrays.fill(bb, 0f);
                    }
                    for (int r = blk * per, end = Math.min(rows, r + per); r < end; r++) {
                        int gr = go + r * n, xr = xo + r * n, o = r * n;
                        float m = ma[mo + r], rs = ra[ro + r];
                        gradSumsF32(ga, gr, xa, xr, wa, wo, n, m, rs, bw, bb, sums);
                        float c1 = (float) (sums[0] / n), c2 = (float) (sums[1] * rs / n);
                        lnGradRow(out, o, ga, gr, xa, xr, wa, wo, n, m, rs, c1, c2);
                    }
                    if (bw != null) {
                        for (int j = 0, base = blk * n; j < n; j++) {
                            pw[base + j] = bw[j];
                            pb[base + j] = bb[j];
                        }
                    }
                }
            });
        } else {
            double[] ga = (double[]) arr(grad), xa = (double[]) arr(x), ma = (double[]) arr(mean), ra = (double[]) arr(rstd);
            double[] wa = w == null ? null : (double[]) arr(w), out = (double[]) gx.array();
            Parallel.parallelFor(0, blocks, 1, (lo, hi) -> {
                for (int blk = (int) lo; blk < hi; blk++) {
                    for (int r = blk * per, end = Math.min(rows, r + per); r < end; r++) {
                        int gr = go + r * n, xr = xo + r * n, o = r * n, base = blk * n;
                        double m = ma[mo + r], rs = ra[ro + r], s1 = 0, s2 = 0;
                        for (int j = 0; j < n; j++) {
                            double gh = wa == null ? ga[gr + j] : ga[gr + j] * wa[wo + j];
                            s1 += gh;
                            s2 += gh * (xa[xr + j] - m);
                        }
                        double c1 = s1 / n, c2 = s2 * rs / n;
                        for (int j = 0; j < n; j++) {
                            double gh = wa == null ? ga[gr + j] : ga[gr + j] * wa[wo + j];
                            out[o + j] = rs * (gh - c1 - (xa[xr + j] - m) * rs * c2);
                        }
                        if (pw != null) {
                            for (int j = 0; j < n; j++) {
                                pw[base + j] += ga[gr + j] * ((xa[xr + j] - m) * rs);
                                pb[base + j] += ga[gr + j];
                            }
                        }
                    }
                }
            });
        }
        if (pw == null) return new Storage[] {gx, null, null};
        CpuStorage gw = CpuStorage.allocate(t, n), gb = CpuStorage.allocate(t, n);
        for (int j = 0; j < n; j++) {
            double sw = 0, sb = 0;
            for (int blk = 0; blk < blocks; blk++) {
                sw += pw[blk * n + j];
                sb += pb[blk * n + j];
            }
            if (t == DType.FLOAT32) {
                ((float[]) gw.array())[j] = (float) sw;
                ((float[]) gb.array())[j] = (float) sb;
            } else {
                ((double[]) gw.array())[j] = sw;
                ((double[]) gb.array())[j] = sb;
            }
        }
        return new Storage[] {gx, gw, gb};
    }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();

    /** {@code y = (x * rs + shift) * w + b} over a row (w 1 and b 0 when null, as PyTorch adds them). */
    private static void lnRow(float[] y, int yo, float[] x, int xo, float[] w, int wo, float[] b, int bo, int n,
                              float rs, float shift) {
        FloatVector r = FloatVector.broadcast(FS, rs), sh = FloatVector.broadcast(FS, shift), zero = FloatVector.zero(FS);
        int j = 0;
        for (int up = FS.loopBound(n); j < up; j += FL) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + j).mul(r).add(sh);
            if (w != null) v = v.mul(FloatVector.fromArray(FS, w, wo + j));
            v = v.add(b == null ? zero : FloatVector.fromArray(FS, b, bo + j));
            v.intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            float v = x[xo + j] * rs + shift;
            if (w != null) v *= w[wo + j];
            y[yo + j] = v + (b == null ? 0f : b[bo + j]);
        }
    }

    /** {@code gx = rs * (gh - c1 - (x - m) * rs * c2)}, {@code gh = g * w} (g without w), over a row. */
    private static void lnGradRow(float[] out, int o, float[] g, int go, float[] x, int xo, float[] w, int wo, int n,
                                  float m, float rs, float c1, float c2) {
        FloatVector mv = FloatVector.broadcast(FS, m), r = FloatVector.broadcast(FS, rs);
        FloatVector a = FloatVector.broadcast(FS, c1), c = FloatVector.broadcast(FS, c2);
        int j = 0;
        for (int up = FS.loopBound(n); j < up; j += FL) {
            FloatVector gh = FloatVector.fromArray(FS, g, go + j);
            if (w != null) gh = gh.mul(FloatVector.fromArray(FS, w, wo + j));
            FloatVector t = FloatVector.fromArray(FS, x, xo + j).sub(mv).mul(r).mul(c);
            gh.sub(a).sub(t).mul(r).intoArray(out, o + j);
        }
        for (; j < n; j++) {
            float gh = w == null ? g[go + j] : g[go + j] * w[wo + j];
            out[o + j] = rs * (gh - c1 - (x[xo + j] - m) * rs * c2);
        }
    }

    /** Sum of {@code (a[i] - mu)^2} over {@code [off, off + n)} in double; lanes folded in lane order. */
    static double squares(float[] a, int off, int n, double mu) {
        DoubleVector m = DoubleVector.broadcast(DS, mu), s0 = DoubleVector.zero(DS), s1 = s0;
        int i = 0;
        for (; i + 2 * DL <= n; i += 2 * DL) {
            DoubleVector d0 = ((DoubleVector) FloatVector.fromArray(FH, a, off + i).convertShape(VectorOperators.F2D, DS, 0)).sub(m);
            DoubleVector d1 = ((DoubleVector) FloatVector.fromArray(FH, a, off + i + DL).convertShape(VectorOperators.F2D, DS, 0)).sub(m);
            s0 = s0.add(d0.mul(d0));
            s1 = s1.add(d1.mul(d1));
        }
        double r = fold(s0.add(s1));
        for (; i < n; i++) {
            double d = a[off + i] - mu;
            r += d * d;
        }
        return r;
    }

    static double squares(double[] a, int off, int n, double mu) {
        DoubleVector m = DoubleVector.broadcast(DS, mu), s0 = DoubleVector.zero(DS), s1 = s0;
        int i = 0;
        for (; i + 2 * DL <= n; i += 2 * DL) {
            DoubleVector d0 = DoubleVector.fromArray(DS, a, off + i).sub(m), d1 = DoubleVector.fromArray(DS, a, off + i + DL).sub(m);
            s0 = s0.add(d0.mul(d0));
            s1 = s1.add(d1.mul(d1));
        }
        double r = fold(s0.add(s1));
        for (; i < n; i++) {
            double d = a[off + i] - mu;
            r += d * d;
        }
        return r;
    }

    /**
     * One pass over a float row: {@code sums = {sum(gh), sum(gh * (x - m))}}, {@code gh = g * w}, and, when
     * {@code bw} is given, the row's {@code g * xhat} and {@code g} added into the block's float sums
     * {@code bw}/{@code bb}. Float vectors all through (the lanes of each sum folded in double, in lane order): widening every element to double, as this did before, cost the backward twice PyTorch's time,
     * which also sums in float.
     */
    private static void gradSumsF32(float[] g, int go, float[] x, int xo, float[] w, int wo, int n, float m, float rs,
                                    float[] bw, float[] bb, double[] sums) {
        FloatVector mv = FloatVector.broadcast(FS, m), rv = FloatVector.broadcast(FS, rs);
        FloatVector sa = FloatVector.zero(FS), sb = sa;
        int i = 0;
        for (int up = FS.loopBound(n); i < up; i += FL) {
            FloatVector gv = FloatVector.fromArray(FS, g, go + i);
            FloatVector xc = FloatVector.fromArray(FS, x, xo + i).sub(mv);
            if (bw != null) {
                FloatVector.fromArray(FS, bw, i).add(gv.mul(xc.mul(rv))).intoArray(bw, i);
                FloatVector.fromArray(FS, bb, i).add(gv).intoArray(bb, i);
            }
            FloatVector gh = w == null ? gv : gv.mul(FloatVector.fromArray(FS, w, wo + i));
            sa = sa.add(gh);
            sb = sb.add(gh.mul(xc));
        }
        double a = foldF(sa), b = foldF(sb);
        for (; i < n; i++) {
            float gv = g[go + i], xc = x[xo + i] - m;
            if (bw != null) {
                bw[i] += gv * (xc * rs);
                bb[i] += gv;
            }
            float gh = w == null ? gv : gv * w[wo + i];
            a += gh;
            b += gh * xc;
        }
        sums[0] = a;
        sums[1] = b;
    }

    /** The lanes of a float vector added in double, in lane order. */
    private static double foldF(FloatVector v) {
        double s = 0;
        for (int k = 0; k < FL; k++) s += v.lane(k);
        return s;
    }

    /** The lanes of v added in lane order (reduceLanes' order is unspecified). */
    private static double fold(DoubleVector v) {
        double s = 0;
        for (int k = 0; k < DL; k++) s += v.lane(k);
        return s;
    }

    /** x viewed as [n, c, s] from array index xo: channel ch's run of s elements for each k. */
    private record Layout(int n, int c, int s, int xo) {
        int base(int k, int ch) { return xo + (k * c + ch) * s; }

        /** Sum of channel ch in double: its runs summed by {@link ReduceSimd#sum}, in order. */
        double sum(float[] a, int ch) {
            double t = 0;
            for (int k = 0; k < n; k++) t += ReduceSimd.sum(a, base(k, ch), s);
            return t;
        }

        double sum(double[] a, int ch) {
            double t = 0;
            for (int k = 0; k < n; k++) t += ReduceSimd.sum(a, base(k, ch), s);
            return t;
        }

        /** Sum of (x - mu)^2 over channel ch in double: its runs by the row helper {@link #squares}, in order. */
        double squares(float[] a, int ch, double mu) {
            double t = 0;
            for (int k = 0; k < n; k++) t += CpuNorm.squares(a, base(k, ch), s, mu);
            return t;
        }

        double squares(double[] a, int ch, double mu) {
            double t = 0;
            for (int k = 0; k < n; k++) t += CpuNorm.squares(a, base(k, ch), s, mu);
            return t;
        }
    }
}
