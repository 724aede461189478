package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

/**
 * The separable passes of antialiased interpolation ({@code basic_loop_aa_horizontal/vertical}): each output a sum of
 * taps, accumulated from the first in the tensor's dtype. Along the last dim the taps run along a row; along another
 * dim every output row is a weighted sum of whole input rows, so the inner loop runs over contiguous elements. The
 * arithmetic (each product rounded, then added) is the op layer's composite's, so both give the same bits.
 */
final class CpuResample {
    private CpuResample() {}


    static Storage resample(Strided in, int dim, long outSize, long[] index, double[] weight, int taps) {
        if (!in.isContiguous() || in.offset() != 0 || (in.dtype() != DType.FLOAT32 && in.dtype() != DType.FLOAT64)) return null;
        if (!(in.storage() instanceof CpuStorage src)) return null;
        long[] shape = in.shape();
        long outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        long n = shape[dim];
        long total = outer * outSize * inner;
        CpuStorage dst = CpuStorage.allocate(in.dtype(), Math.toIntExact(total));
        int o = (int) outSize, t = taps, in0 = (int) inner, nn = (int) n;
        int[] idx = new int[index.length];
        for (int i = 0; i < idx.length; i++) idx[i] = (int) index[i];
        long grain = Math.max(1, (1 << 14) / Math.max(1, (long) o * t * in0));
        if (in.dtype() == DType.FLOAT32) {
            float[] x = (float[]) src.array(), y = (float[]) dst.array();
            float[] w = new float[weight.length];
            for (int i = 0; i < w.length; i++) w[i] = (float) weight[i];
            Parallel.parallelFor(0, outer, grain, (b0, b1) -> {
                for (long b = b0; b < b1; b++) {
                    int xb = (int) (b * nn * in0), yb = (int) (b * o * in0);
                    if (in0 == 1) { // along rows: one accumulator per output (16-output gathers measured no faster)
                        for (int q = 0, wq = 0; q < o; q++, wq += t) {
                            float acc = x[xb + idx[wq]] * w[wq];
                            for (int j = 1; j < t; j++) acc = acc + x[xb + idx[wq + j]] * w[wq + j];
                            y[yb + q] = acc;
                        }
                        continue;
                    }
                    for (int q = 0; q < o; q++) {
                        int yo = yb + q * in0, wq = q * t;
                        int x0 = xb + idx[wq] * in0;
                        float w0 = w[wq];
                        for (int i = 0; i < in0; i++) y[yo + i] = x[x0 + i] * w0;
                        for (int j = 1; j < t; j++) {
                            int xj = xb + idx[wq + j] * in0;
                            float wj = w[wq + j];
                            for (int i = 0; i < in0; i++) y[yo + i] = y[yo + i] + x[xj + i] * wj;
                        }
                    }
                }
            });
        } else {
            double[] x = (double[]) src.array(), y = (double[]) dst.array();
            Parallel.parallelFor(0, outer, grain, (b0, b1) -> {
                for (long b = b0; b < b1; b++) {
                    int xb = (int) (b * nn * in0), yb = (int) (b * o * in0);
                    if (in0 == 1) {
                        for (int q = 0, wq = 0; q < o; q++, wq += t) {
                            double acc = x[xb + idx[wq]] * weight[wq];
                            for (int j = 1; j < t; j++) acc = acc + x[xb + idx[wq + j]] * weight[wq + j];
                            y[yb + q] = acc;
                        }
                        continue;
                    }
                    for (int q = 0; q < o; q++) {
                        int yo = yb + q * in0, wq = q * t;
                        int x0 = xb + idx[wq] * in0;
                        double w0 = weight[wq];
                        for (int i = 0; i < in0; i++) y[yo + i] = x[x0 + i] * w0;
                        for (int j = 1; j < t; j++) {
                            int xj = xb + idx[wq + j] * in0;
                            double wj = weight[wq + j];
                            for (int i = 0; i < in0; i++) y[yo + i] = y[yo + i] + x[xj + i] * wj;
                        }
                    }
                }
            });
        }
        return dst;
    }

    /** The uint8 pass: integer sums of int16 weights, PIL's rounding shift and clamp. */
    static Storage resampleUint8(Strided in, int dim, long outSize, long[] index, int[] w16, int taps, int precision) {
        if (!in.isContiguous() || in.offset() != 0 || in.dtype() != DType.UINT8) return null;
        if (!(in.storage() instanceof CpuStorage src)) return null;
        long[] shape = in.shape();
        long outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        int o = (int) outSize, t = taps, in0 = (int) inner, nn = (int) shape[dim], p = precision;
        CpuStorage dst = CpuStorage.allocate(DType.UINT8, Math.toIntExact(outer * outSize * inner));
        byte[] x = (byte[]) src.array(), y = (byte[]) dst.array();
        int[] idx = new int[index.length];
        for (int i = 0; i < idx.length; i++) idx[i] = (int) index[i];
        int half = 1 << (p - 1);
        long grain = Math.max(1, (1 << 14) / Math.max(1, (long) o * t * in0));
        Parallel.parallelFor(0, outer, grain, (b0, b1) -> {
            int[] acc = new int[in0];
            for (long b = b0; b < b1; b++) {
                int xb = (int) (b * nn * in0), yb = (int) (b * o * in0);
                if (in0 == 1) { // along rows: one int accumulator per output
                    for (int q = 0, wq = 0; q < o; q++, wq += t) {
                        int a = half;
                        for (int j = 0; j < t; j++) a += (x[xb + idx[wq + j]] & 0xff) * w16[wq + j];
                        y[yb + q] = (byte) Math.clamp(a >> p, 0, 255);
                    }
                    continue;
                }
                for (int q = 0, wq = 0; q < o; q++, wq += t) {
                    java.util.Arrays.fill(acc, half);
                    for (int j = 0; j < t; j++) {
                        int xj = xb + idx[wq + j] * in0, wj = w16[wq + j];
                        for (int i = 0; i < in0; i++) acc[i] += (x[xj + i] & 0xff) * wj;
                    }
                    int yo = yb + q * in0;
                    for (int i = 0; i < in0; i++) y[yo + i] = (byte) Math.clamp(acc[i] >> p, 0, 255);
                }
            }
        });
        return dst;
    }
}
