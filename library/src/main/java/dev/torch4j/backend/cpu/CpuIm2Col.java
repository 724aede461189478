package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col / col2im on the CPU (PyTorch's Im2Col / Col2Im kernels), the data movement behind convolution, unfold and
 * fold. {@code params} = {kH, kW, sH, sW, pH, pW, dH, dW, oH, oW}; the padding is the top/left padding and the
 * output grid {@code oH x oW} is given, so asymmetric ("same" with an even kernel) padding needs no padded copy.
 * Parallel over the {@code B * C} planes: each plane owns its {@code kH * kW} rows of cols and its output plane,
 * so col2im's accumulation needs no synchronisation. The per-plane loops are also used one sample at a time by
 * {@link CpuConv}'s fused convolution.
 */
final class CpuIm2Col {
    private CpuIm2Col() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int VL = F.length();
    /** A constant: maskAll is not intrinsified and would allocate a mask per call. */
    private static final VectorMask<Float> NONE = F.maskAll(false);

    /** {@code cols [B, C*kH*kW, oH*oW]} (contiguous) from {@code in [B, C, H, W]} (any strides); zero outside. */
    static void im2col(Strided cols, Strided in, int[] p) {
        int oh = p[8], ow = p[9];
        long[] ish = in.shape(), ist = in.strides();
        int nb = (int) ish[0], c = (int) ish[1], h = (int) ish[2], w = (int) ish[3];
        long sb = ist[0], sc = ist[1], base = in.offset(), cbase = cols.offset();
        int sh = (int) ist[2], sw = (int) ist[3];
        int l = oh * ow, kk = p[0] * p[1];
        boolean dbl = in.dtype() == DType.FLOAT64;
        Object src = CpuBackend.arr(in), dst = CpuBackend.arr(cols);
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, (long) kk * l));
        Parallel.parallelFor(0, (long) nb * c, grain, (q0, q1) -> {
            for (long q = q0; q < q1; q++) {
                int ib = (int) (base + (q / c) * sb + (q % c) * sc);
                int ob = (int) (cbase + q * kk * l);
                if (dbl) im2colPlane((double[]) src, ib, sh, sw, h, w, (double[]) dst, ob, l, p);
                else im2colPlane((float[]) src, ib, sh, sw, h, w, (float[]) dst, ob, l, p);
            }
        });
    }

    /**
     * {@code out [B, C, H, W]} (contiguous, overwritten) as the sum of {@code cols [B, C*kH*kW, oH*oW]} (any
     * strides) over the positions each column element was read from; padding positions are dropped.
     */
    static void col2im(Strided out, Strided cols, int[] p) {
        long[] osh = out.shape();
        int c = (int) osh[1], h = (int) osh[2], w = (int) osh[3];
        long planes = osh[0] * c;
        long[] cst = cols.strides();
        long cb = cst[0], cbase = cols.offset(), obase = out.offset();
        int cr = (int) cst[1], cl = (int) cst[2];
        int kk = p[0] * p[1];
        boolean dbl = out.dtype() == DType.FLOAT64;
        Object src = CpuBackend.arr(cols), dst = CpuBackend.arr(out);
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, (long) kk * p[8] * p[9]));
        Parallel.parallelFor(0, planes, grain, (q0, q1) -> {
            for (long q = q0; q < q1; q++) {
                long b = q / c, ch = q % c;
                int ob = (int) (obase + q * h * w);
                int rows = (int) (cbase + b * cb + ch * kk * cr);
                if (dbl) col2imPlane((double[]) src, rows, cr, cl, (double[]) dst, ob, h, w, p);
                else col2imPlane((float[]) src, rows, cr, cl, (float[]) dst, ob, h, w, p);
            }
        });
    }

    // ---- one plane: the kH*kW rows of cols that one input channel feeds ----

    /** First output column whose input column {@code x * sW + x0} is {@code >= 0}. */
    private static int xStart(int x0, int sW, int ow) {
        return x0 >= 0 ? 0 : Math.min(ow, (-x0 + sW - 1) / sW);
    }

    /** One past the last output column whose input column {@code x * sW + x0} is {@code < w} (at least xs). */
    private static int xEnd(int x0, int sW, int w, int ow, int xs) {
        return x0 >= w ? xs : Math.max(xs, Math.min(ow, (w - 1 - x0) / sW + 1));
    }

    /**
     * The {@code kH*kW} rows (each {@code oH*oW} long, the first at {@code ob}, {@code ld} apart) that one input
     * plane (starting at {@code ib}, row stride {@code sh}, column stride {@code sw}, {@code h x w}) feeds.
     */
    static void im2colPlane(float[] s, int ib, int sh, int sw, int h, int w, float[] d, int ob, int ld, int[] p) {
        int kH = p[0], kW = p[1], sH = p[2], sW = p[3], pH = p[4], pW = p[5], dH = p[6], dW = p[7], oh = p[8], ow = p[9];
        boolean unit = sW == 1 && sw == 1;
        for (int ki = 0; ki < kH; ki++) {
            for (int kj = 0; kj < kW; kj++) {
                int row = ob + (ki * kW + kj) * ld;
                int x0 = kj * dW - pW;
                int xs = xStart(x0, sW, ow), xe = xEnd(x0, sW, w, ow, xs);
                for (int y = 0; y < oh; y++) {
                    int iy = y * sH - pH + ki * dH;
                    int o = row + y * ow;
                    if (iy < 0 || iy >= h) {
                        Arrays.fill(d, o, o + ow, 0f);
                        continue;
                    }
                    int irow = ib + iy * sh;
                    // the padding at either end in plain loops (a call to fill per short row costs more than the fill)
                    for (int x = 0; x < xs; x++) d[o + x] = 0f;
                    if (unit) {
                        int si = irow + x0, x = xs;
                        // whole vectors, then one masked vector for the rest of the row
                        for (; x + VL <= xe; x += VL) FloatVector.fromArray(F, s, si + x).intoArray(d, o + x);
                        if (x < xe) {
                            VectorMask<Float> m = F.indexInRange(x, xe);
                            FloatVector.fromArray(F, s, si + x, m).intoArray(d, o + x, m);
                        }
                    } else {
                        for (int x = xs; x < xe; x++) d[o + x] = s[irow + (x * sW + x0) * sw];
                    }
                    for (int x = xe; x < ow; x++) d[o + x] = 0f;
                }
            }
        }
    }

    /** The float64 form of {@link #im2colPlane(float[], int, int, int, int, int, float[], int, int, int[])}. */
    static void im2colPlane(double[] s, int ib, int sh, int sw, int h, int w, double[] d, int ob, int ld, int[] p) {
        int kH = p[0], kW = p[1], sH = p[2], sW = p[3], pH = p[4], pW = p[5], dH = p[6], dW = p[7], oh = p[8], ow = p[9];
        for (int ki = 0; ki < kH; ki++) {
            for (int kj = 0; kj < kW; kj++) {
                int row = ob + (ki * kW + kj) * ld;
                int x0 = kj * dW - pW;
                int xs = xStart(x0, sW, ow), xe = xEnd(x0, sW, w, ow, xs);
                for (int y = 0; y < oh; y++) {
                    int iy = y * sH - pH + ki * dH;
                    int o = row + y * ow;
                    if (iy < 0 || iy >= h) {
                        Arrays.fill(d, o, o + ow, 0.0);
                        continue;
                    }
                    int irow = ib + iy * sh;
                    for (int x = 0; x < xs; x++) d[o + x] = 0.0;
                    for (int x = xs; x < xe; x++) d[o + x] = s[irow + (x * sW + x0) * sw];
                    for (int x = xe; x < ow; x++) d[o + x] = 0.0;
                }
            }
        }
    }

    /**
     * One output plane ({@code h x w}, contiguous at {@code ob}, overwritten) as the sum of its {@code kH*kW} rows
     * of cols (row {@code r} starts at {@code rows + r * cr}, elements {@code cl} apart).
     */
    static void col2imPlane(float[] s, int rows, int cr, int cl, float[] d, int ob, int h, int w, int[] p) {
        int kH = p[0], kW = p[1], sH = p[2], sW = p[3], pH = p[4], pW = p[5], dH = p[6], dW = p[7], oh = p[8], ow = p[9];
        if (sW == 1 && cl == 1 && kW <= 5) {
            col2imRowsF32(s, rows, cr, d, ob, h, w, p);
            return;
        }
        Arrays.fill(d, ob, ob + h * w, 0f);
        for (int ki = 0; ki < kH; ki++) {
            for (int kj = 0; kj < kW; kj++) {
                int row = rows + (ki * kW + kj) * cr;
                int x0 = kj * dW - pW;
                // the x range whose input column ix = x * sW + x0 lies in [0, w): no per-element test
                int xs = xStart(x0, sW, ow), xe = xEnd(x0, sW, w, ow, xs);
                for (int y = 0; y < oh; y++) {
                    int iy = y * sH - pH + ki * dH;
                    if (iy < 0 || iy >= h) continue;
                    int orow = ob + iy * w;
                    int crow = row + y * ow * cl;
                    for (int x = xs; x < xe; x++) d[orow + x * sW + x0] += s[crow + x * cl];
                }
            }
        }
    }

    /**
     * col2im of one plane for unit column stride (sW = 1, cols rows contiguous) and kW &lt;= 5, output row by output
     * row: each vector of an output row gathers its contributions from the {@code kH*kW} cols rows in registers and
     * is stored once (3x faster than adding into the output in place, where every vector load waits on the
     * overlapping store of the previous kernel column). The column masks live in locals, not an array: C2 then
     * keeps them in mask registers (from an array they cost as much as the in-place loop). The additions run in the
     * in-place loop's order (kernel row, then column, from zero), so the sums are bit for bit the same.
     */
    private static void col2imRowsF32(float[] s, int rows, int cr, float[] d, int ob, int h, int w, int[] p) {
        int kH = p[0], kW = p[1], sH = p[2], pH = p[4], pW = p[5], dH = p[6], dW = p[7], oh = p[8], ow = p[9];
        int step = cr - dW;   // from kernel column kj's load offset to kj + 1's
        for (int ix0 = 0; ix0 < w; ix0 += VL) {
            VectorMask<Float> store = F.indexInRange(ix0, w);
            VectorMask<Float> m0 = colMask(0, kW, dW, pW, w, ow, ix0), m1 = colMask(1, kW, dW, pW, w, ow, ix0),
                    m2 = colMask(2, kW, dW, pW, w, ow, ix0), m3 = colMask(3, kW, dW, pW, w, ow, ix0),
                    m4 = colMask(4, kW, dW, pW, w, ow, ix0);
            for (int iy = 0; iy < h; iy++) {
                FloatVector acc = FloatVector.zero(F);
                for (int ki = 0; ki < kH; ki++) {
                    int t = iy + pH - ki * dH, y = t;
                    if (t < 0) continue;
                    if (sH != 1) {
                        if (t % sH != 0) continue;
                        y = t / sH;
                    }
                    if (y >= oh) continue;
                    // output column ix takes cols column ix - (kj * dW - pW) of kernel column kj's row
                    int base = rows + ki * kW * cr + y * ow + ix0 + pW;
                    acc = acc.add(FloatVector.fromArray(F, s, base, m0));
                    if (kW > 1) acc = acc.add(FloatVector.fromArray(F, s, base + step, m1));
                    if (kW > 2) acc = acc.add(FloatVector.fromArray(F, s, base + 2 * step, m2));
                    if (kW > 3) acc = acc.add(FloatVector.fromArray(F, s, base + 3 * step, m3));
                    if (kW > 4) acc = acc.add(FloatVector.fromArray(F, s, base + 4 * step, m4));
                }
                acc.intoArray(d, ob + iy * w + ix0, store);
            }
        }
    }

    /** Lanes of the output columns {@code ix0 + lane} that kernel column {@code kj} reaches (none past kW). */
    private static VectorMask<Float> colMask(int kj, int kW, int dW, int pW, int w, int ow, int ix0) {
        if (kj >= kW) return NONE;
        int x0 = kj * dW - pW, lo = Math.max(0, x0), hi = Math.min(w, x0 + ow);
        return hi <= lo ? NONE : F.indexInRange(ix0 - lo, hi - lo);
    }

    /** The float64 form of {@link #col2imPlane(float[], int, int, int, float[], int, int, int, int[])}. */
    static void col2imPlane(double[] s, int rows, int cr, int cl, double[] d, int ob, int h, int w, int[] p) {
        int kH = p[0], kW = p[1], sH = p[2], sW = p[3], pH = p[4], pW = p[5], dH = p[6], dW = p[7], oh = p[8], ow = p[9];
        Arrays.fill(d, ob, ob + h * w, 0.0);
        for (int ki = 0; ki < kH; ki++) {
            for (int kj = 0; kj < kW; kj++) {
                int row = rows + (ki * kW + kj) * cr;
                int x0 = kj * dW - pW;
                int xs = xStart(x0, sW, ow), xe = xEnd(x0, sW, w, ow, xs);
                for (int y = 0; y < oh; y++) {
                    int iy = y * sH - pH + ki * dH;
                    if (iy < 0 || iy >= h) continue;
                    int orow = ob + iy * w;
                    int crow = row + y * ow * cl;
                    for (int x = xs; x < xe; x++) d[orow + x * sW + x0] += s[crow + x * cl];
                }
            }
        }
    }
}
