package dev.torch4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The depthwise forward for small planes (late layers: 7x7, 14x14), vectorised across channels instead of along
 * rows: a block of channels is copied into a zero-padded channels-last buffer {@code [hp][wp][block]}, each output
 * position is a vector of the block's channels accumulating its kH*kW taps in registers, and the result is copied
 * back to NCHW. Row-wise vectors are mostly tail on such planes and each plane pays a setup; here both transposes
 * are O(C*H*W) against the taps' kH*kW times that. Float32, one output per input channel, any stride and dilation.
 */
final class CpuDepthwiseChannelsLast {
    private CpuDepthwiseChannelsLast() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    /** Channels per block: a few vectors, so a position's accumulators stay in registers across the taps. */
    private static final int BLOCK = 4 * FL;

    /** Output planes of at most this many elements take this kernel (measured: see docs/PERFORMANCE.md). */
    static final int MAX_PLANE = Integer.getInteger("torch4j.conv.depthwiseChannelsLastMaxPlane", 400);

    /** Layouts and params as {@link CpuDepthwiseConv#forward}; {@code o == c}. */
    static void forward(float[] x, int xOff, int sb, int sc, int sh, int sw, int n, int c, int h, int w, float[] wt, int wo,
                        float[] bias, int bo, float[] out, int oo, int[] p) {
        int kh = p[0], kw = p[1], taps = kh * kw, oh = p[8], ow = p[9], l = oh * ow;
        int hp = (oh - 1) * p[2] + p[6] * (kh - 1) + 1, wp = (ow - 1) * p[3] + p[7] * (kw - 1) + 1;
        int blocks = (c + BLOCK - 1) / BLOCK;
        long work = (long) l * taps * BLOCK;
        Parallel.parallelFor(0, (long) n * blocks, Math.max(1, (int) (Parallel.GRAIN_SIZE / Math.max(1, work))), (a, b) -> {
            float[] xt = new float[hp * wp * BLOCK], wtT = new float[taps * BLOCK], ot = new float[l * BLOCK];
            for (long task = a; task < b; task++) {
                int ni = (int) (task / blocks), c0 = (int) (task % blocks) * BLOCK, cn = Math.min(BLOCK, c - c0);
                // padded channels-last input and [tap][channel] weights; channels past cn stay zero
                java.util.Arrays.fill(xt, 0f);
                java.util.Arrays.fill(wtT, 0f);
                for (int k = 0; k < cn; k++) {
                    int src = xOff + ni * sb + (c0 + k) * sc;
                    for (int iy = 0; iy < h; iy++) {
                        int py = iy + p[4];
                        if (py < 0 || py >= hp) continue;
                        int x0 = Math.max(0, -p[5]), x1 = Math.min(w, wp - p[5]);
                        for (int ix = x0, s = src + iy * sh + x0 * sw, d = (py * wp + ix + p[5]) * BLOCK + k; ix < x1; ix++, s += sw, d += BLOCK) {
                            xt[d] = x[s];
                        }
                    }
                    for (int t = 0; t < taps; t++) wtT[t * BLOCK + k] = wt[wo + (c0 + k) * taps + t];
                }
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int base = (oy * p[2] * wp + ox * p[3]) * BLOCK, dst = (oy * ow + ox) * BLOCK;
                        for (int v = 0; v < BLOCK; v += FL) {
                            FloatVector acc = FloatVector.zero(FS);
                            for (int ky = 0; ky < kh; ky++) {
                                int row = base + ky * p[6] * wp * BLOCK + v;
                                for (int kx = 0; kx < kw; kx++) {
                                    acc = FloatVector.fromArray(FS, xt, row + kx * p[7] * BLOCK)
                                            .fma(FloatVector.fromArray(FS, wtT, (ky * kw + kx) * BLOCK + v), acc);
                                }
                            }
                            acc.intoArray(ot, dst + v);
                        }
                    }
                }
                for (int k = 0; k < cn; k++) {
                    int dst = oo + (ni * c + c0 + k) * l;
                    float bv = bias == null ? 0f : bias[bo + c0 + k];
                    for (int i = 0, s = k; i < l; i++, s += BLOCK) out[dst + i] = ot[s] + bv;
                }
            }
        });
    }
}
