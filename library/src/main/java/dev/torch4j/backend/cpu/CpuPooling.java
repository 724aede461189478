package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling over {@code [B, H, W]} planes (PyTorch's max_pool2d_with_indices CPU kernel): each output element is
 * the largest in-bounds element of its dilated window, and its index is {@code h * W + w} in the plane. Padding
 * never wins (the window starts at -inf); NaN wins and propagates, as in PyTorch. Parallel over planes.
 * Also the backward ({@link #maxPool2dBackward}), the CPU's {@link dev.torch4j.backend.Backend#maxPool2dBackward}.
 */
public final class CpuPooling {
    private CpuPooling() {}

    static void maxPool2d(Strided values, Strided indices, Strided in, int[] p) {
        int kH = p[0], kW = p[1], sH = p[2], sW = p[3], pH = p[4], pW = p[5], dH = p[6], dW = p[7];
        long[] ish = in.shape(), ist = in.strides();
        long planes = ish[0];
        int h = (int) ish[1], w = (int) ish[2];
        int oh = (int) values.shape()[1], ow = (int) values.shape()[2];
        long sb = ist[0], shs = ist[1], sws = ist[2], base = in.offset();
        long vb = values.offset(), ib = indices.offset();
        long[] idx = (long[]) CpuBackend.arr(indices);
        long perPlane = (long) oh * ow * Math.max(1, kH * kW);
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, perPlane));
        boolean dbl = in.dtype() == DType.FLOAT64;
        Object src = CpuBackend.arr(in), dst = CpuBackend.arr(values);
        // the usual 2x2 / stride 2 window with unit-stride rows: vectorised over the output row
        boolean k2 = kH == 2 && kW == 2 && sH == 2 && sW == 2 && pH == 0 && pW == 0 && dH == 1 && dW == 1 && sws == 1
                && 2 * oh <= h && 2 * ow <= w;   // ceil mode's clipped last window goes the general way
        // other windows of stride 2 along unit-stride rows (ResNet's 3x3 / 2, padding 1): vectorised over the
        // windows that lie inside the row, the clipped ones at the ends of the row the general way
        boolean s2 = !k2 && !dbl && sW == 2 && dW == 1 && sws == 1 && kW <= 4;
        int xlo = Math.min(ow, (pW + 1) / 2), xhi = Math.max(xlo, Math.min(ow, Math.floorDiv(w - kW + pW, 2) + 1));
        Parallel.parallelFor(0, planes, grain, (b0, b1) -> {
            for (long b = b0; b < b1; b++) {
                long ibase = base + b * sb;
                long obase = b * (long) oh * ow;
                for (int y = 0; y < oh; y++) {
                    int hs = y * sH - pH;
                    int he = Math.min(hs + (kH - 1) * dH + 1, h);
                    while (hs < 0) hs += dH;
                    long o = obase + (long) y * ow;
                    if (k2 && !dbl) {
                        pool2x2F32((float[]) src, (float[]) dst, idx, (int) (ibase + hs * shs), (int) shs, hs * w, w, ow,
                                (int) (vb + o), (int) (ib + o));
                        continue;
                    }
                    if (s2) {
                        float[] fs = (float[]) src, fd = (float[]) dst;
                        rowF32(fs, fd, idx, ibase, shs, sws, hs, he, w, 0, xlo, kW, sW, pW, dH, dW, vb + o, ib + o);
                        poolStride2F32(fs, fd, idx, ibase, (int) shs, hs, he, dH, w, xlo, xhi, kW, pW, (int) (vb + o), (int) (ib + o));
                        rowF32(fs, fd, idx, ibase, shs, sws, hs, he, w, xhi, ow, kW, sW, pW, dH, dW, vb + o, ib + o);
                    } else if (dbl) {
                        rowF64((double[]) src, (double[]) dst, idx, ibase, shs, sws, hs, he, w, ow, kW, sW, pW, dH, dW, vb + o, ib + o);
                    } else {
                        rowF32((float[]) src, (float[]) dst, idx, ibase, shs, sws, hs, he, w, 0, ow, kW, sW, pW, dH, dW, vb + o, ib + o);
                    }
                }
            }
        });
    }

    static Storage maxPool2dBackward(Strided grad, Strided indices, long planeSize) {
        DType t = grad.dtype();
        long planes = grad.shape()[0], numel = planes * planeSize;
        if (t != DType.FLOAT32 && t != DType.FLOAT64 || numel == 0 || numel > Integer.MAX_VALUE
                || !CpuConv.dense(grad) || !CpuConv.dense(indices)) {
            return null;
        }
        CpuStorage s = CpuStorage.allocate(t, (int) numel);
        maxPool2dBackward(new Strided(s, new long[] {planes, planeSize}, new long[] {planeSize, 1}, 0), grad, indices);
        return s;
    }

    /**
     * Max pooling's gradient on the CPU: {@code gradIn [P, H*W]} (contiguous, overwritten) gets, in each plane,
     * every {@code grad [P, OH*OW]} element added at its {@code indices} position (same shape as grad, int64); the
     * rest is zero. {@code gradIn} and {@code grad} are float32 or float64 (the same), {@code grad} and
     * {@code indices} contiguous. Adds in output order within a plane (what scatter_add does), parallel over
     * planes, so the result does not depend on the thread count.
     */
    static void maxPool2dBackward(Strided gradIn, Strided grad, Strided indices) {
        long planes = gradIn.shape()[0];
        int hw = (int) gradIn.shape()[1], ohw = (int) grad.shape()[1];
        int gio = (int) gradIn.offset(), go = (int) grad.offset(), io = (int) indices.offset();
        long[] idx = (long[]) CpuBackend.arr(indices);
        boolean dbl = gradIn.dtype() == DType.FLOAT64;
        Object gi = CpuBackend.arr(gradIn), g = CpuBackend.arr(grad);
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, hw + ohw));
        Parallel.parallelFor(0, planes, grain, (b0, b1) -> {
            for (int b = (int) b0; b < b1; b++) {
                int d = gio + b * hw, s = go + b * ohw, ix = io + b * ohw;
                if (dbl) {
                    double[] out = (double[]) gi, in = (double[]) g;
                    java.util.Arrays.fill(out, d, d + hw, 0.0);
                    for (int k = 0; k < ohw; k++) out[d + (int) idx[ix + k]] += in[s + k];
                } else {
                    float[] out = (float[]) gi, in = (float[]) g;
                    java.util.Arrays.fill(out, d, d + hw, 0f);
                    for (int k = 0; k < ohw; k++) out[d + (int) idx[ix + k]] += in[s + k];
                }
            }
        });
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, F.vectorShape());
    private static final int VL = F.length();
    /** Lane indices {0, 2, 4, ...} and {1, 3, 5, ...} into a pair of vectors: the left and right window columns. */
    private static final FloatVector EVEN, ODD;
    private static final IntVector IOTA2;

    static {
        float[] e = new float[VL], o = new float[VL];
        int[] i2 = new int[VL];
        for (int i = 0; i < VL; i++) {
            e[i] = 2 * i;
            o[i] = 2 * i + 1;
            i2[i] = 2 * i;
        }
        EVEN = FloatVector.fromArray(F, e, 0);
        ODD = FloatVector.fromArray(F, o, 0);
        IOTA2 = IntVector.fromArray(I, i2, 0);
    }

    /**
     * One output row of the 2x2 / stride 2 case, one vector of outputs at a time; {@code r0} is the top input row
     * ({@code rs} to the next), {@code i0 = hs * w} its index in the plane. Scalar code is branchy here (which of
     * the four wins is unpredictable, and C2 keeps float selects as branches): ~5x slower than these lane masks.
     * PyTorch's order (row by row) and rule (greater, or NaN) are kept: the same value and index.
     */
    private static void pool2x2F32(float[] src, float[] dst, long[] idx, int r0, int rs, int i0, int w, int ow, int vo, int io) {
        int r1 = r0 + rs;
        IntVector zero = IntVector.zero(I), one = IntVector.broadcast(I, 1), wv = IntVector.broadcast(I, w),
                w1 = IntVector.broadcast(I, w + 1);
        for (int x = 0; x < ow; x += VL) {
            int n = Math.min(VL, ow - x), j = 2 * x;
            VectorMask<Float> lo = F.indexInRange(0, 2 * n), hi = F.indexInRange(VL, 2 * n);
            FloatVector t0 = FloatVector.fromArray(F, src, r0 + j, lo), t1 = FloatVector.fromArray(F, src, r0 + j + VL, hi);
            FloatVector u0 = FloatVector.fromArray(F, src, r1 + j, lo), u1 = FloatVector.fromArray(F, src, r1 + j + VL, hi);
            FloatVector m = EVEN.selectFrom(t0, t1), v = ODD.selectFrom(t0, t1);
            VectorMask<Float> t = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN));
            m = m.blend(v, t);
            IntVector sel = zero.blend(one, t.cast(I));
            v = EVEN.selectFrom(u0, u1);
            t = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN));
            m = m.blend(v, t);
            sel = sel.blend(wv, t.cast(I));
            v = ODD.selectFrom(u0, u1);
            t = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN));
            m = m.blend(v, t);
            sel = sel.blend(w1, t.cast(I));
            m.intoArray(dst, vo + x, F.indexInRange(0, n));
            IntVector ix = sel.add(IOTA2).add(i0 + j);
            for (int part = 0; part < 2; part++) {
                LongVector lv = (LongVector) ix.convertShape(VectorOperators.I2L, L, part);
                lv.intoArray(idx, io + x + part * (VL / 2), L.indexInRange(part * (VL / 2), n));
            }
        }
    }

    /**
     * Outputs {@code [x0, x1)} of one output row for windows of stride 2 and width {@code kW} whose columns all lie
     * in the row (rows {@code hs, hs + dH, ... < he} of the plane at {@code ibase}, {@code rs} apart), one vector of
     * outputs at a time: the window's column {@code dx} of output lane {@code l} is element {@code 2l} of the two
     * vectors loaded from {@code 2 * x0 - pW + dx}. Rows and columns are visited in PyTorch's order with its rule
     * (greater, or NaN), so values and indices are the general loop's.
     */
    private static void poolStride2F32(float[] src, float[] dst, long[] idx, long ibase, int rs, int hs, int he, int dH, int w,
                                       int x0, int x1, int kW, int pW, int vo, int io) {
        FloatVector ninf = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int x = x0; x < x1; x += VL) {
            int n = Math.min(VL, x1 - x), j = 2 * x - pW;
            FloatVector m = ninf;
            IntVector sel = IntVector.broadcast(I, hs * w);
            for (int i = hs; i < he; i += dH) {
                int row = (int) (ibase + (long) i * rs) + j;
                for (int dx = 0; dx < kW; dx++) {
                    // elements 0, 2, ..., 2n-2 of the 2*VL from row + dx (2n-1 of them, all inside the row)
                    VectorMask<Float> lo = F.indexInRange(0, 2 * n - 1), hi = F.indexInRange(VL, 2 * n - 1);
                    FloatVector t0 = FloatVector.fromArray(F, src, row + dx, lo), t1 = FloatVector.fromArray(F, src, row + dx + VL, hi);
                    FloatVector v = EVEN.selectFrom(t0, t1);
                    VectorMask<Float> t = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN));
                    m = m.blend(v, t);
                    sel = sel.blend(IntVector.broadcast(I, i * w + dx), t.cast(I));
                }
            }
            m.intoArray(dst, vo + x, F.indexInRange(0, n));
            IntVector ix = sel.add(IOTA2).add(j);
            for (int part = 0; part < 2; part++) {
                LongVector lv = (LongVector) ix.convertShape(VectorOperators.I2L, L, part);
                lv.intoArray(idx, io + x + part * (VL / 2), L.indexInRange(part * (VL / 2), n));
            }
        }
    }

    // one output row per call, specialised per dtype so the hot loop has no dtype branch or array cast

    private static void rowF32(float[] src, float[] dst, long[] idx, long ibase, long shs, long sws, int hs, int he, int w, int x0,
                               int ow, int kW, int sW, int pW, int dH, int dW, long vo, long io) {
        for (int x = x0; x < ow; x++) {
            int ws = x * sW - pW;
            int we = Math.min(ws + (kW - 1) * dW + 1, w);
            while (ws < 0) ws += dW;
            long best = (long) hs * w + ws;
            float m = Float.NEGATIVE_INFINITY;
            for (int i = hs; i < he; i += dH) {
                long row = ibase + i * shs;
                for (int j = ws; j < we; j += dW) {
                    float v = src[(int) (row + j * sws)];
                    if (v > m || v != v) {
                        m = v;
                        best = (long) i * w + j;
                    }
                }
            }
            dst[(int) (vo + x)] = m;
            idx[(int) (io + x)] = best;
        }
    }

    private static void rowF64(double[] src, double[] dst, long[] idx, long ibase, long shs, long sws, int hs, int he, int w, int ow,
                               int kW, int sW, int pW, int dH, int dW, long vo, long io) {
        for (int x = 0; x < ow; x++) {
            int ws = x * sW - pW;
            int we = Math.min(ws + (kW - 1) * dW + 1, w);
            while (ws < 0) ws += dW;
            long best = (long) hs * w + ws;
            double m = Double.NEGATIVE_INFINITY;
            for (int i = hs; i < he; i += dH) {
                long row = ibase + i * shs;
                for (int j = ws; j < we; j += dW) {
                    double v = src[(int) (row + j * sws)];
                    if (v > m || v != v) {
                        m = v;
                        best = (long) i * w + j;
                    }
                }
            }
            dst[(int) (vo + x)] = m;
            idx[(int) (io + x)] = best;
        }
    }
}
