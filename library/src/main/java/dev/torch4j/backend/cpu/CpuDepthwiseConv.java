package dev.torch4j.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward (and, for stride 1, the backward) of a depthwise 2-d convolution (one input channel per group: MobileNet's and EfficientNet's 3x3 and
 * 5x5 layers) computed directly: each output plane is a sum of shifted input rows scaled by one tap each, the rows
 * vectorised when the stride along W is 1. As {@link CpuConv}'s GEMM per group, a depthwise layer was {@code C}
 * products of a {@code 1 x kH*kW} matrix with an im2col buffer, ten times the work's time. Planes ({@code N * O})
 * are split over the threads; each output element sums its taps in (ky, kx) order, so results do not depend on
 * the thread count. Layouts as {@link CpuConv#forward}: {@code x [N, C, H, W]} any strides, {@code w [O, kH*kW]}
 * contiguous (O a multiple of C: output channel o reads input channel {@code o / (O / C)}), {@code out [N, O, oH*oW]}.
 */
final class CpuDepthwiseConv {
    private CpuDepthwiseConv() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /**
     * Params {kH, kW, sH, sW, padTop, padLeft, dH, dW, oH, oW}; x is read at {@code xOff + n*sb + c*sc + y*sh + x*sw}.
     * {@code bias} may be null.
     */
    static void forward(boolean dbl, Object x, int xOff, int sb, int sc, int sh, int sw, int n, int c, int h, int w,
                        Object wt, int wo, Object bias, int bo, Object out, int oo, int o, int[] p) {
        int planes = n * o, mult = o / c, taps = p[0] * p[1], l = p[8] * p[9];
        if (!dbl && mult == 1 && l <= CpuDepthwiseChannelsLast.MAX_PLANE) {
            CpuDepthwiseChannelsLast.forward((float[]) x, xOff, sb, sc, sh, sw, n, c, h, w, (float[]) wt, wo, (float[]) bias, bo,
                    (float[]) out, oo, p);
            return;
        }
        long perPlane = (long) l * taps;
        boolean padded = !dbl && p[2] == 1 && p[3] == 1, phased = !dbl && !padded;
        int hp = (p[8] - 1) * p[2] + p[6] * (p[0] - 1) + 1, wp = (p[9] - 1) * p[3] + p[7] * (p[1] - 1) + 1;
        int wq = (wp + p[3] - 1) / p[3];   // a column phase's width
        Parallel.parallelFor(0, planes, Math.max(1, (int) (Parallel.GRAIN_SIZE / Math.max(1, perPlane))), (a, b) -> {
            float[] pin = padded ? new float[hp * wp] : phased ? new float[p[3] * hp * wq] : null;
            float[] pout = padded ? new float[hp * wp] : null;
            for (long plane = a; plane < b; plane++) {
                int ni = (int) (plane / o), oc = (int) (plane % o), ci = oc / mult;
                int src = xOff + ni * sb + ci * sc, dst = oo + (int) plane * l, wb = wo + oc * taps;
                if (dbl) {
                    double[] d = (double[]) out;
                    java.util.Arrays.fill(d, dst, dst + l, bias == null ? 0.0 : ((double[]) bias)[bo + oc]);
                    planeF64((double[]) x, src, sh, sw, h, w, (double[]) wt, wb, d, dst, p);
                } else if (padded) {
                    paddedPlaneF32((float[]) x, src, sh, sw, h, w, (float[]) wt, wb, bias == null ? 0f : ((float[]) bias)[bo + oc],
                            (float[]) out, dst, p, pin, pout, hp, wp);
                } else {
                    phasedPlaneF32((float[]) x, src, sh, sw, h, w, (float[]) wt, wb, bias == null ? 0f : ((float[]) bias)[bo + oc],
                            (float[]) out, dst, p, pin, hp, wq);
                }
            }
        });
    }

    /** The first output column whose input column {@code ox*sW - padLeft + kx*dW} is at least 0, and one past the last below W. */
    private static int lo(int kx, int[] p) {
        int off = kx * p[7] - p[5];
        return off >= 0 ? 0 : Math.min(p[9], (-off + p[3] - 1) / p[3]);
    }

    private static int hi(int kx, int w, int[] p) {
        int off = kx * p[7] - p[5];
        if (w - 1 - off < 0) return 0;
        return Math.min(p[9], (w - 1 - off) / p[3] + 1);
    }

    /**
     * Stride 1: the input plane is copied once into a zero-padded {@code hp x wp} buffer, and the output is
     * computed at the buffer's row pitch, so that each tap is one long contiguous multiply-add over the whole plane
     * ({@code (oH - 1) * wp + oW} elements) instead of a short one per row: small late-layer planes (7x7, 14x14)
     * were bound by the per-row work. The columns past oW in each pitched row are never copied out.
     */
    private static void paddedPlaneF32(float[] x, int src, int sh, int sw, int h, int w, float[] wt, int wb, float bias,
                                       float[] out, int dst, int[] p, float[] pin, float[] pout, int hp, int wp) {
        int kh = p[0], kw = p[1], oh = p[8], ow = p[9];
        fillPadded(x, src, sh, sw, h, w, pin, hp, wp, p);
        int n = (oh - 1) * wp + ow;
        java.util.Arrays.fill(pout, 0, n, bias);
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                int shift = ky * p[6] * wp + kx * p[7];
                FloatVector t = FloatVector.broadcast(FS, wt[wb + ky * kw + kx]);
                int i = 0;
                for (int bound = FS.loopBound(n); i < bound; i += FS.length()) {
                    FloatVector.fromArray(FS, pin, i + shift).fma(t, FloatVector.fromArray(FS, pout, i)).intoArray(pout, i);
                }
                if (i < n) {
                    VectorMask<Float> m = FS.indexInRange(i, n);
                    FloatVector.fromArray(FS, pin, i + shift, m).fma(t, FloatVector.fromArray(FS, pout, i, m)).intoArray(pout, i, m);
                }
            }
        }
        for (int oy = 0; oy < oh; oy++) System.arraycopy(pout, oy * wp, out, dst + oy * ow, ow);
    }

    /**
     * Strides above 1: the zero-padded input plane is split into {@code sW} column phases (phase r holds padded
     * columns r, r + sW, ...), so that the inputs one tap needs for an output row are contiguous in one phase; each
     * (row, tap) is then a vector multiply-add over the row.
     */
    private static void phasedPlaneF32(float[] x, int src, int sh, int sw, int h, int w, float[] wt, int wb, float bias,
                                       float[] out, int dst, int[] p, float[] pin, int hp, int wq) {
        int kh = p[0], kw = p[1], oh = p[8], ow = p[9], strideH = p[2], strideW = p[3];
        int phaseSize = hp * wq;
        java.util.Arrays.fill(pin, 0f);
        phases(x, src, sh, sw, h, w, pin, hp, wq, p, false);
        java.util.Arrays.fill(out, dst, dst + oh * ow, bias);
        for (int oy = 0; oy < oh; oy++) {
            int row = dst + oy * ow;
            for (int ky = 0; ky < kh; ky++) {
                int prow = (oy * strideH + ky * p[6]) * wq;
                for (int kx = 0; kx < kw; kx++) {
                    int c0 = kx * p[7], from = (c0 % strideW) * phaseSize + prow + c0 / strideW;
                    FloatVector t = FloatVector.broadcast(FS, wt[wb + ky * kw + kx]);
                    for (int ox = 0; ox < ow; ox += FS.length()) {
                        VectorMask<Float> m = FS.indexInRange(ox, ow);
                        FloatVector.fromArray(FS, pin, from + ox, m).fma(t, FloatVector.fromArray(FS, out, row + ox, m)).intoArray(out, row + ox, m);
                    }
                }
            }
        }
    }

    /**
     * Between a plane ({@code src}, strides sh, sw) and its zero-padded column phases (phase r holds padded columns
     * r, r + sW, ...): {@code back} false copies the plane into the phases (which the caller zeroed), true copies the
     * phases' cells that lie on the plane back into it (the rest of the plane, never read by a tap, is left alone).
     */
    static void phases(float[] x, int src, int sh, int sw, int h, int w, float[] pin, int hp, int wq, int[] p, boolean back) {
        int strideW = p[3], phaseSize = hp * wq;
        for (int py = 0; py < hp; py++) {
            int iy = py - p[4];
            if (iy < 0 || iy >= h) continue;
            int srow = src + iy * sh;
            for (int r = 0; r < strideW; r++) {
                // phase column j holds input column j * sW + r - padLeft, when that lies in [0, w)
                int off = r - p[5], j0 = off >= 0 ? 0 : (-off + strideW - 1) / strideW;
                int j1 = w - 1 - off < 0 ? 0 : Math.min(wq, (w - 1 - off) / strideW + 1);
                int base = r * phaseSize + py * wq, step = strideW * sw;
                if (back) for (int j = j0, xi = srow + (j0 * strideW + off) * sw; j < j1; j++, xi += step) x[xi] = pin[base + j];
                else for (int j = j0, xi = srow + (j0 * strideW + off) * sw; j < j1; j++, xi += step) pin[base + j] = x[xi];
            }
        }
    }

    private static void planeF64(double[] x, int src, int sh, int sw, int h, int w, double[] wt, int wb, double[] out, int dst, int[] p) {
        int kh = p[0], kw = p[1], oh = p[8], ow = p[9], strideH = p[2], strideW = p[3];
        for (int oy = 0; oy < oh; oy++) {
            int row = dst + oy * ow;
            for (int ky = 0; ky < kh; ky++) {
                int iy = oy * strideH - p[4] + ky * p[6];
                if (iy < 0 || iy >= h) continue;
                int xr = src + iy * sh;
                for (int kx = 0; kx < kw; kx++) {
                    double tap = wt[wb + ky * kw + kx];
                    int from = lo(kx, p), to = hi(kx, w, p), off = kx * p[7] - p[5];
                    int ox = from;
                    if (strideW == 1 && sw == 1) {
                        DoubleVector t = DoubleVector.broadcast(DS, tap);
                        for (; ox < to; ox += DS.length()) {
                            VectorMask<Double> m = DS.indexInRange(ox, to);
                            DoubleVector acc = DoubleVector.fromArray(DS, out, row + ox, m);
                            DoubleVector.fromArray(DS, x, xr + ox + off, m).fma(t, acc).intoArray(out, row + ox, m);
                        }
                    }
                    for (; ox < to; ox++) out[row + ox] = Math.fma(x[xr + (ox * strideW + off) * sw], tap, out[row + ox]);
                }
            }
        }
    }
    /**
     * Whether {@link #backward} takes a depthwise backward: float32, one output per input channel. At stride 1 with
     * padding no wider than the dilated kernel the input gradient is a stride-1 depthwise convolution of the output
     * gradient with the flipped kernel; other geometries go through {@link CpuDepthwiseStridedBackward}'s phases.
     */
    static boolean backwardApplies(boolean dbl, int c, int o, int[] p) { return !dbl && o == c; }

    /**
     * The gradients of a depthwise forward ({@link #backwardApplies}): {@code gx [N, C, H, W]}, {@code gw [C, kH*kW]},
     * {@code gb [C]} (each contiguous, overwritten, or null) from {@code g [N, C, oH*oW]} contiguous. The weight and
     * bias gradients sum the batch in order, per channel, so they do not depend on the thread count.
     */
    static void backward(float[] g, int go, float[] x, int xOff, int sb, int sc, int sh, int sw, int n, int c, int h, int w,
                         float[] wt, int wo, float[] gx, int gxo, float[] gw, int gwo, float[] gb, int gbo, int[] p) {
        int taps = p[0] * p[1], l = p[8] * p[9];
        if (p[2] > 1 || p[3] > 1 || p[4] > p[6] * (p[0] - 1) || p[5] > p[7] * (p[1] - 1)) {
            CpuDepthwiseStridedBackward.backward(g, go, x, xOff, sb, sc, sh, sw, n, c, h, w, wt, wo, gx, gxo, gw, gwo, gb, gbo, p);
            return;
        }
        if (gx != null) {
            float[] flipped = new float[c * taps];
            for (int ch = 0; ch < c; ch++) for (int t = 0; t < taps; t++) flipped[ch * taps + t] = wt[wo + ch * taps + taps - 1 - t];
            int[] q = {p[0], p[1], 1, 1, p[6] * (p[0] - 1) - p[4], p[7] * (p[1] - 1) - p[5], p[6], p[7], h, w};
            forward(false, g, go, c * l, l, p[9], 1, n, c, p[8], p[9], flipped, 0, null, 0, gx, gxo, c, q);
        }
        if (gw == null && gb == null) return;
        int hp = p[8] + p[6] * (p[0] - 1), wp = p[9] + p[7] * (p[1] - 1), span = (p[8] - 1) * wp + p[9];
        Parallel.parallelFor(0, c, Math.max(1, (int) (Parallel.GRAIN_SIZE / Math.max(1, (long) n * l * taps))), (a, b) -> {
            float[] pin = new float[hp * wp], gp = new float[hp * wp];
            double[] acc = new double[taps];
            for (int ch = (int) a; ch < b; ch++) {
                java.util.Arrays.fill(acc, 0.0);
                double bsum = 0;
                for (int ni = 0; ni < n; ni++) {
                    int gplane = go + (ni * c + ch) * l;
                    if (gb != null) for (int k = 0; k < l; k++) bsum += g[gplane + k];
                    if (gw == null) continue;
                    fillPadded(x, xOff + ni * sb + ch * sc, sh, sw, h, w, pin, hp, wp, p);
                    // the output gradient at the padded plane's pitch, zeros past oW
                    java.util.Arrays.fill(gp, 0f);
                    for (int oy = 0; oy < p[8]; oy++) System.arraycopy(g, gplane + oy * p[9], gp, oy * wp, p[9]);
                    for (int ky = 0; ky < p[0]; ky++) {
                        for (int kx = 0; kx < p[1]; kx++) {
                            int shift = ky * p[6] * wp + kx * p[7];
                            FloatVector sum = FloatVector.zero(FS);
                            int i = 0;
                            for (int bound = FS.loopBound(span); i < bound; i += FS.length()) {
                                sum = FloatVector.fromArray(FS, gp, i).fma(FloatVector.fromArray(FS, pin, i + shift), sum);
                            }
                            float tail = 0f;
                            for (; i < span; i++) tail = Math.fma(gp[i], pin[i + shift], tail);
                            acc[ky * p[1] + kx] += sum.reduceLanes(jdk.incubator.vector.VectorOperators.ADD) + tail;
                        }
                    }
                }
                if (gw != null) for (int t = 0; t < taps; t++) gw[gwo + ch * taps + t] = (float) acc[t];
                if (gb != null) gb[gbo + ch] = (float) bsum;
            }
        });
    }

    /** A plane of x into a zero-padded {@code hp x wp} buffer (padding p[4] rows on top, p[5] columns on the left). */
    private static void fillPadded(float[] x, int src, int sh, int sw, int h, int w, float[] pin, int hp, int wp, int[] p) {
        java.util.Arrays.fill(pin, 0f);
        for (int iy = 0; iy < h; iy++) {
            int py = iy + p[4];
            if (py < 0 || py >= hp) continue;
            int x0 = Math.max(0, -p[5]), x1 = Math.min(w, wp - p[5]);
            int row = py * wp + p[5], srow = src + iy * sh;
            if (sw == 1) System.arraycopy(x, srow + x0, pin, row + x0, Math.max(0, x1 - x0));
            else for (int ix = x0; ix < x1; ix++) pin[row + ix] = x[srow + ix * sw];
        }
    }
}
