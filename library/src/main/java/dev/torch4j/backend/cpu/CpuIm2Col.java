package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;

/**
 * im2col / col2im on the CPU (PyTorch's Im2Col / Col2Im kernels), the data movement behind convolution, unfold and
 * fold. {@code params} = {kH, kW, sH, sW, pH, pW, dH, dW, oH, oW}; the padding is the top/left padding and the
 * output grid {@code oH x oW} is given, so asymmetric ("same" with an even kernel) padding needs no padded copy.
 * Parallel over the {@code B * C} planes: each plane owns its {@code kH * kW} rows of cols and its output plane,
 * so col2im's accumulation needs no synchronisation.
 */
final class CpuIm2Col {
    private CpuIm2Col() {}

    /** {@code cols [B, C*kH*kW, oH*oW]} (contiguous) from {@code in [B, C, H, W]} (any strides); zero outside. */
    static void im2col(Strided cols, Strided in, int[] p) {
        int kH = p[0], kW = p[1], sH = p[2], sW = p[3], pH = p[4], pW = p[5], dH = p[6], dW = p[7], oh = p[8], ow = p[9];
        long[] ish = in.shape(), ist = in.strides();
        int nb = (int) ish[0], c = (int) ish[1], h = (int) ish[2], w = (int) ish[3];
        long sb = ist[0], sc = ist[1], sh = ist[2], sw = ist[3], base = in.offset(), cbase = cols.offset();
        int l = oh * ow, kk = kH * kW;
        boolean dbl = in.dtype() == DType.FLOAT64;
        Object src = CpuBackend.arr(in), dst = CpuBackend.arr(cols);
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, (long) kk * l));
        Parallel.parallelFor(0, (long) nb * c, grain, (q0, q1) -> {
            for (long q = q0; q < q1; q++) {
                long ib = base + (q / c) * sb + (q % c) * sc;
                long ob = cbase + q * kk * l;
                for (int ki = 0; ki < kH; ki++) {
                    for (int kj = 0; kj < kW; kj++) {
                        long row = ob + (long) (ki * kW + kj) * l;
                        for (int y = 0; y < oh; y++) {
                            int iy = y * sH - pH + ki * dH;
                            long o = row + (long) y * ow;
                            if (iy < 0 || iy >= h) {
                                if (dbl) java.util.Arrays.fill((double[]) dst, (int) o, (int) o + ow, 0.0);
                                else java.util.Arrays.fill((float[]) dst, (int) o, (int) o + ow, 0f);
                                continue;
                            }
                            long irow = ib + iy * sh;
                            int x0 = kj * dW - pW;
                            int xs = x0 >= 0 ? 0 : Math.min(ow, (-x0 + sW - 1) / sW);
                            int xe = x0 >= w ? xs : Math.max(xs, Math.min(ow, (w - 1 - x0) / sW + 1));
                            if (dbl) {
                                double[] s = (double[]) src, d = (double[]) dst;
                                java.util.Arrays.fill(d, (int) o, (int) o + xs, 0.0);
                                for (int x = xs; x < xe; x++) d[(int) (o + x)] = s[(int) (irow + (long) (x * sW + x0) * sw)];
                                java.util.Arrays.fill(d, (int) o + xe, (int) o + ow, 0.0);
                            } else {
                                float[] s = (float[]) src, d = (float[]) dst;
                                java.util.Arrays.fill(d, (int) o, (int) o + xs, 0f);
                                if (sW == 1 && sw == 1) {
                                    System.arraycopy(s, (int) (irow + xs + x0), d, (int) o + xs, xe - xs);
                                } else {
                                    for (int x = xs; x < xe; x++) d[(int) (o + x)] = s[(int) (irow + (long) (x * sW + x0) * sw)];
                                }
                                java.util.Arrays.fill(d, (int) o + xe, (int) o + ow, 0f);
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * {@code out [B, C, H, W]} (contiguous, overwritten) as the sum of {@code cols [B, C*kH*kW, oH*oW]} (any
     * strides) over the positions each column element was read from; padding positions are dropped.
     */
    static void col2im(Strided out, Strided cols, int[] p) {
        int kH = p[0], kW = p[1], sH = p[2], sW = p[3], pH = p[4], pW = p[5], dH = p[6], dW = p[7], oh = p[8], ow = p[9];
        long[] osh = out.shape();
        int c = (int) osh[1], h = (int) osh[2], w = (int) osh[3];
        long planes = osh[0] * c;
        long[] cst = cols.strides();
        long cb = cst[0], cr = cst[1], cl = cst[2], cbase = cols.offset(), obase = out.offset();
        int kk = kH * kW;
        boolean dbl = out.dtype() == DType.FLOAT64;
        Object src = CpuBackend.arr(cols), dst = CpuBackend.arr(out);
        long grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, (long) kk * oh * ow));
        Parallel.parallelFor(0, planes, grain, (q0, q1) -> {
            for (long q = q0; q < q1; q++) {
                long b = q / c, ch = q % c;
                long ob = obase + q * h * w;
                if (dbl) java.util.Arrays.fill((double[]) dst, (int) ob, (int) (ob + (long) h * w), 0.0);
                else java.util.Arrays.fill((float[]) dst, (int) ob, (int) (ob + (long) h * w), 0f);
                for (int ki = 0; ki < kH; ki++) {
                    for (int kj = 0; kj < kW; kj++) {
                        long row = cbase + b * cb + (ch * kk + ki * kW + kj) * cr;
                        int x0 = kj * dW - pW;
                        for (int y = 0; y < oh; y++) {
                            int iy = y * sH - pH + ki * dH;
                            if (iy < 0 || iy >= h) continue;
                            long orow = ob + (long) iy * w;
                            long crow = row + (long) y * ow * cl;
                            // the x range whose input column ix = x * sW + x0 lies in [0, w): no per-element test
                            int xs = x0 >= 0 ? 0 : (-x0 + sW - 1) / sW;
                            int xe = x0 >= w ? 0 : Math.min(ow, (w - 1 - x0) / sW + 1);
                            if (dbl) {
                                double[] s = (double[]) src, d = (double[]) dst;
                                for (int x = xs; x < xe; x++) d[(int) (orow + x * sW + x0)] += s[(int) (crow + x * cl)];
                            } else {
                                float[] s = (float[]) src, d = (float[]) dst;
                                if (sW == 1 && cl == 1) {
                                    int dOff = (int) (orow + x0), sOff = (int) crow;
                                    for (int x = xs; x < xe; x++) d[dOff + x] += s[sOff + x];
                                } else {
                                    for (int x = xs; x < xe; x++) d[(int) (orow + x * sW + x0)] += s[(int) (crow + x * cl)];
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
