package dev.torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward of a float32 depthwise convolution with a stride above 1 (MobileNet's and EfficientNet's downsampling
 * layers) or padding wider than its dilated kernel, over the column phases {@link CpuDepthwiseConv}'s strided forward uses: in phase r the padded input columns
 * r, r + sW, ... are contiguous, so for an output row and a tap the inputs it read are one contiguous run. The weight
 * gradient is a vector dot product per (row, tap) of the output gradient with that run; the input gradient is
 * accumulated into phases of the same shape by a vector multiply-add per (row, tap), then copied back to the plane.
 * Channels are split over the threads, each summing its batch in order, so results do not depend on the thread count.
 */
final class CpuDepthwiseStridedBackward {
    private CpuDepthwiseStridedBackward() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /** As {@link CpuDepthwiseConv#backward}, for the geometries its stride-1 path does not take. */
    static void backward(float[] g, int go, float[] x, int xOff, int sb, int sc, int sh, int sw, int n, int c, int h, int w,
                         float[] wt, int wo, float[] gx, int gxo, float[] gw, int gwo, float[] gb, int gbo, int[] p) {
        int kh = p[0], kw = p[1], taps = kh * kw, oh = p[8], ow = p[9], l = oh * ow, strideH = p[2], strideW = p[3];
        int hp = (oh - 1) * strideH + p[6] * (kh - 1) + 1, wp = (ow - 1) * strideW + p[7] * (kw - 1) + 1;
        int wq = (wp + strideW - 1) / strideW, phaseSize = hp * wq;
        Parallel.parallelFor(0, c, Math.max(1, (int) (Parallel.GRAIN_SIZE / Math.max(1, (long) n * l * taps))), (a, b) -> {
            float[] pin = gw != null ? new float[strideW * phaseSize] : null, pgx = gx != null ? new float[strideW * phaseSize] : null;
            double[] acc = new double[taps];
            for (int ch = (int) a; ch < b; ch++) {
                java.util.Arrays.fill(acc, 0.0);
                double bsum = 0;
                for (int ni = 0; ni < n; ni++) {
                    int gplane = go + (ni * c + ch) * l;
                    if (gb != null) for (int k = 0; k < l; k++) bsum += g[gplane + k];
                    if (gw != null) {
                        java.util.Arrays.fill(pin, 0f);
                        CpuDepthwiseConv.phases(x, xOff + ni * sb + ch * sc, sh, sw, h, w, pin, hp, wq, p, false);
                    }
                    if (gx != null) java.util.Arrays.fill(pgx, 0f);
                    for (int oy = 0; oy < oh; oy++) {
                        int grow = gplane + oy * ow;
                        for (int ky = 0; ky < kh; ky++) {
                            int prow = (oy * strideH + ky * p[6]) * wq;
                            for (int kx = 0; kx < kw; kx++) {
                                int c0 = kx * p[7], from = (c0 % strideW) * phaseSize + prow + c0 / strideW, tap = ky * kw + kx;
                                if (gw != null) {
                                    FloatVector sum = FloatVector.zero(FS);
                                    for (int ox = 0; ox < ow; ox += FS.length()) {
                                        VectorMask<Float> m = FS.indexInRange(ox, ow);
                                        sum = FloatVector.fromArray(FS, g, grow + ox, m).fma(FloatVector.fromArray(FS, pin, from + ox, m), sum);
                                    }
                                    acc[tap] += sum.reduceLanes(VectorOperators.ADD);
                                }
                                if (gx != null) {
                                    FloatVector t = FloatVector.broadcast(FS, wt[wo + ch * taps + tap]);
                                    for (int ox = 0; ox < ow; ox += FS.length()) {
                                        VectorMask<Float> m = FS.indexInRange(ox, ow);
                                        FloatVector.fromArray(FS, g, grow + ox, m).fma(t, FloatVector.fromArray(FS, pgx, from + ox, m))
                                                .intoArray(pgx, from + ox, m);
                                    }
                                }
                            }
                        }
                    }
                    if (gx != null) {
                        int plane = gxo + (ni * c + ch) * h * w;
                        java.util.Arrays.fill(gx, plane, plane + h * w, 0f);   // cells no tap reads keep a zero gradient
                        CpuDepthwiseConv.phases(gx, plane, w, 1, h, w, pgx, hp, wq, p, true);
                    }
                }
                if (gw != null) for (int t = 0; t < taps; t++) gw[gwo + ch * taps + t] = (float) acc[t];
                if (gb != null) gb[gbo + ch] = (float) bsum;
            }
        });
    }
}
