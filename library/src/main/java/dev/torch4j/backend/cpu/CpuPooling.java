package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;

/**
 * Max pooling over {@code [B, H, W]} planes (PyTorch's max_pool2d_with_indices CPU kernel): each output element is
 * the largest in-bounds element of its dilated window, and its index is {@code h * W + w} in the plane. Padding
 * never wins (the window starts at -inf); NaN wins and propagates, as in PyTorch. Parallel over planes.
 */
final class CpuPooling {
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
        Parallel.parallelFor(0, planes, grain, (b0, b1) -> {
            for (long b = b0; b < b1; b++) {
                long ibase = base + b * sb;
                long obase = b * (long) oh * ow;
                for (int y = 0; y < oh; y++) {
                    int hs = y * sH - pH;
                    int he = Math.min(hs + (kH - 1) * dH + 1, h);
                    while (hs < 0) hs += dH;
                    long o = obase + (long) y * ow;
                    if (dbl) rowF64((double[]) src, (double[]) dst, idx, ibase, shs, sws, hs, he, w, ow, kW, sW, pW, dH, dW, vb + o, ib + o);
                    else rowF32((float[]) src, (float[]) dst, idx, ibase, shs, sws, hs, he, w, ow, kW, sW, pW, dH, dW, vb + o, ib + o);
                }
            }
        });
    }

    // one output row per call, specialised per dtype so the hot loop has no dtype branch or array cast

    private static void rowF32(float[] src, float[] dst, long[] idx, long ibase, long shs, long sws, int hs, int he, int w, int ow,
                               int kW, int sW, int pW, int dH, int dW, long vo, long io) {
        for (int x = 0; x < ow; x++) {
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
