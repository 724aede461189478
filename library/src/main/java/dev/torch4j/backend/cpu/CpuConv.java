package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused 2-d convolution on the CPU, a few samples at a time (PyTorch's slow_conv2d does one): im2col of a tile of
 * samples into a buffer that stays in cache, then one GEMM for the tile, with the batch split over
 * {@link Parallel}'s threads (the GEMMs then run the Java kernel, one thread each).
 * Unlike im2col of the whole batch followed by a batched matmul, the column matrix never goes out to memory, no
 * expanded weight is packed per sample, and the backward needs no {@code [N, O, K]} weight-gradient batch to sum.
 * The op layer reaches it through {@link dev.torch4j.backend.Backend#conv2d} and {@code conv2dBackward} (float32/float64);
 * other dtypes and backends use the generic im2col + matmul formulas. Layouts: {@code x [N, C, H, W]} (any strides), {@code w [O, C/groups * kH * kW]},
 * {@code out} and {@code g [N, O, oH * oW]} (contiguous); {@code params} as for im2col:
 * {kH, kW, sH, sW, padTop, padLeft, dH, dW, oH, oW}.
 *
 * <p>Determinism: the weight and bias gradients are summed per part of consecutive samples (one part per thread,
 * at most), then the parts are added in order, so the result depends on the thread count but never on timing.
 */
public final class CpuConv {
    private CpuConv() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();

    /** Below this many multiply-adds in all the whole call runs on the calling thread (Parallel's wake-up costs 10-50 us). */
    private static final long PARALLEL_MIN_MACS = 1L << 18;
    /** The most column-matrix elements one GEMM tile takes (512 KiB of float32: half this machine's L2). */
    private static final long TILE_ELEMENTS = 1L << 17;
    /** Columns (samples x oH*oW) that make a GEMM wide enough for the kernel's packing to pay off. */
    private static final long TILE_COLUMNS = 256;
    /** Weights from this many elements make the forward batch-major (see Geometry.batchMajor). */
    private static final long BATCH_MAJOR_WEIGHT = Long.getLong("torch4j.conv.batchMajorWeight", 1L << 21);
    /** Weights below this many elements may take the banded forward (see Geometry.banded). */
    private static final long BANDED_MAX_WEIGHT = Long.getLong("torch4j.conv.bandedMaxWeight", 1L << 17);
    /** The most column-matrix elements of a batch-major tile (16 MiB of float32). */
    private static final long BATCH_COLUMNS_MAX = 1L << 22;

    static Storage forward(Strided x, Strided w, Strided bias, int[] p, int groups) {
        long[] ws = w.shape();
        long n = x.shape()[0], o = ws[0], l = (long) p[8] * p[9], numel = n * o * l;
        if (!floating(x.dtype(), x, w, bias) || !dense(w) || bias != null && bias.strides()[0] != 1 || numel == 0
                || ws[1] == 0 || numel > Integer.MAX_VALUE) {
            return null;
        }
        CpuStorage s = CpuStorage.allocate(x.dtype(), (int) numel);
        forward(new Strided(s, new long[] {n, o, l}, new long[] {o * l, l, 1}, 0), x, w, bias, p, groups);
        return s;
    }

    /**
     * The gradients of {@link #forward(Strided, Strided, Strided, int[], int)} as new storages ({@code {gx, gw, gb}},
     * each only when asked), or null for dtypes, layouts or empty shapes this kernel does not take.
     */
    static Storage[] backward(Strided g, Strided x, Strided w, long[] xShape, boolean inputGrad, boolean weightGrad, boolean biasGrad,
                              int[] p, int groups) {
        long n = xShape[0], c = xShape[1], h = xShape[2], wd = xShape[3], o = g.shape()[1], l = (long) p[8] * p[9];
        long kdim = c / groups * p[0] * p[1];
        if (!floating(g.dtype(), g, inputGrad ? w : null, weightGrad ? x : null) || inputGrad && !dense(w) || !dense(g)
                || n * c * h * wd == 0 || o * l * kdim == 0) {
            return null;
        }
        DType t = g.dtype();
        CpuStorage gx = inputGrad ? CpuStorage.allocate(t, (int) (n * c * h * wd)) : null;
        CpuStorage gw = weightGrad ? CpuStorage.allocate(t, (int) (o * kdim)) : null;
        CpuStorage gb = biasGrad ? CpuStorage.allocate(t, (int) o) : null;
        backward(gx == null ? null : new Strided(gx, xShape.clone(), new long[] {c * h * wd, h * wd, wd, 1}, 0),
                gw == null ? null : new Strided(gw, new long[] {o, kdim}, new long[] {kdim, 1}, 0),
                gb == null ? null : new Strided(gb, new long[] {o}, new long[] {1}, 0),
                g, weightGrad ? x : null, inputGrad ? w : null, p, groups, c, h, wd);
        return new Storage[] {gx, gw, gb};
    }

    /** All given operands float32, or all float64. */
    private static boolean floating(DType t, Strided... operands) {
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        for (Strided s : operands) if (s != null && s.dtype() != t) return false;
        return true;
    }

    /** Row-major contiguous (strides of size-1 dims do not matter). */
    static boolean dense(Strided s) {
        long[] sh = s.shape(), st = s.strides();
        long expect = 1;
        for (int i = sh.length - 1; i >= 0; i--) {
            if (sh[i] != 1 && st[i] != expect) return false;
            expect *= sh[i];
        }
        return true;
    }

    /**
     * {@code out = conv2d(x, w) + bias}: {@code out [N, O, oH*oW]} contiguous (overwritten), {@code x [N, C, H, W]}
     * any strides, {@code w [O, C/groups*kH*kW]} contiguous, {@code bias [O]} contiguous or null; all float32 or
     * all float64.
     */
    static void forward(Strided out, Strided x, Strided w, Strided bias, int[] p, int groups) {
        Geometry q = new Geometry(x, w.shape()[0], p, groups);
        boolean dbl = x.dtype() == DType.FLOAT64;
        Object xa = CpuBackend.arr(x), wa = CpuBackend.arr(w), oa = CpuBackend.arr(out);
        Object ba = bias == null ? null : CpuBackend.arr(bias);
        int wo = (int) w.offset(), oo = (int) out.offset(), bo = bias == null ? 0 : (int) bias.offset();
        if (groups > 1 && groups == q.c) {   // depthwise: one input channel per group
            CpuDepthwiseConv.forward(dbl, xa, q.xOff, q.sb, q.sc, q.sh, q.sw, q.n, q.c, q.h, q.w, wa, wo, ba, bo, oa, oo, q.o, p);
            return;
        }
        boolean batchMajor = q.batchMajor();
        int parts = batchMajor ? 1 : q.parts(), tile = batchMajor ? q.batchTile() : q.tile(parts);
        boolean direct = q.direct && tile == 1;
        int ol = q.o * q.l;
        if (parts == 1 && !direct && q.banded()) {
            for (int i = 0; i < q.n; i++) banded(q, dbl, xa, wa, wo, ba, bo, oa, oo + i * ol, i);
            return;
        }
        Parallel.parallelFor(0, parts, 1, (b0, b1) -> {
            Object cols = direct ? null : buffer(dbl, q.k * q.l * tile);
            Object obuf = tile > 1 ? buffer(dbl, ol * tile) : null;
            for (int b = (int) b0; b < b1; b++) {
                int end = q.first(b + 1, parts), first = q.first(b, parts), span = q.span(end - first, tile);
                for (int n0 = first; n0 < end; n0 += span) {
                    int s = Math.min(span, end - n0), ld = s * q.l;
                    Object bsrc = cols;
                    int boff = 0;
                    if (direct) {   // tile is 1
                        bsrc = xa;
                        boff = q.xBase(n0);
                    } else if (parts == 1) {   // the GEMM below has all threads: so has the im2col
                        int n00 = n0, per = p[0] * p[1] * q.l;
                        Parallel.parallelFor(0, (long) s * q.c, Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, per)), (c0, c1) -> {
                            for (long r = c0; r < c1; r++) q.im2colPlane(dbl, xa, n00 + (int) (r / q.c), (int) (r % q.c), cols, (int) (r / q.c) * q.l, ld);
                        });
                    } else {
                        for (int i = 0; i < s; i++) q.im2col(dbl, xa, n0 + i, cols, i * q.l, ld);
                    }
                    // one sample straight into out (the bias first, then the product added onto it); a tile into
                    // [O, s*L] and then out to each sample's rows, the bias added on the way
                    Object dst = s == 1 ? oa : obuf;
                    int doff = s == 1 ? oo + n0 * ol : 0;
                    if (s == 1 && ba != null) {
                        for (int o = 0; o < q.o; o++) {
                            if (dbl) Arrays.fill((double[]) oa, doff + o * q.l, doff + (o + 1) * q.l, ((double[]) ba)[bo + o]);
                            else Arrays.fill((float[]) oa, doff + o * q.l, doff + (o + 1) * q.l, ((float[]) ba)[bo + o]);
                        }
                    }
                    for (int gi = 0; gi < q.groups; gi++) {
                        gemm(dbl, false, false, q.og, ld, q.kg, wa, wo + gi * q.og * q.kg, q.kg, bsrc, boff + gi * q.kg * ld,
                                ld, s == 1 && ba != null, dst, doff + gi * q.og * ld, ld);
                    }
                    if (s > 1) {
                        for (int i = 0; i < s; i++) {
                            for (int o = 0; o < q.o; o++) {
                                int from = o * ld + i * q.l, to = oo + (n0 + i) * ol + o * q.l;
                                if (dbl) {
                                    double[] d = (double[]) oa, t = (double[]) obuf;
                                    double bv = ba == null ? 0.0 : ((double[]) ba)[bo + o];
                                    if (ba == null) System.arraycopy(t, from, d, to, q.l);
                                    else for (int j = 0; j < q.l; j++) d[to + j] = t[from + j] + bv;
                                } else {
                                    float[] d = (float[]) oa, t = (float[]) obuf;
                                    float bv = ba == null ? 0f : ((float[]) ba)[bo + o];
                                    if (ba == null) System.arraycopy(t, from, d, to, q.l);
                                    else for (int j = 0; j < q.l; j++) d[to + j] = t[from + j] + bv;
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * One sample's forward in bands of output rows spread over the threads, each band's im2col and GEMM on one
     * thread while its columns are still in that core's cache (see {@link Geometry#banded}).
     */
    private static void banded(Geometry q, boolean dbl, Object xa, Object wa, int wo, Object ba, int bo, Object oa, int off, int sample) {
        int[] p = q.p;
        int ow = p[9], rows = q.bandRows(), bands = (p[8] + rows - 1) / rows;
        Parallel.parallelFor(0, bands, 1, (b0, b1) -> {
            Object cols = buffer(dbl, q.k * rows * ow);
            int[] pb = p.clone();
            for (int b = (int) b0; b < b1; b++) {
                int y0 = b * rows, h = Math.min(rows, p[8] - y0), ld = h * ow, doff = off + y0 * ow;
                pb[4] = p[4] - y0 * p[2];   // the band as a convolution of its own: output rows from y0 on
                pb[8] = h;
                for (int ch = 0; ch < q.c; ch++) {
                    int ib = q.xBase(sample) + ch * q.sc, o = ch * p[0] * p[1] * ld;
                    if (dbl) CpuIm2Col.im2colPlane((double[]) xa, ib, q.sh, q.sw, q.h, q.w, (double[]) cols, o, ld, pb);
                    else CpuIm2Col.im2colPlane((float[]) xa, ib, q.sh, q.sw, q.h, q.w, (float[]) cols, o, ld, pb);
                }
                if (ba != null) {
                    for (int o = 0; o < q.o; o++) {
                        int at = doff + o * q.l;
                        if (dbl) Arrays.fill((double[]) oa, at, at + ld, ((double[]) ba)[bo + o]);
                        else Arrays.fill((float[]) oa, at, at + ld, ((float[]) ba)[bo + o]);
                    }
                }
                for (int gi = 0; gi < q.groups; gi++) {
                    gemm(dbl, false, false, q.og, ld, q.kg, wa, wo + gi * q.og * q.kg, q.kg, cols, gi * q.kg * ld, ld, ba != null,
                            oa, doff + gi * q.og * q.l, q.l);
                }
            }
        });
    }

    /**
     * The gradients of {@link #forward} for output gradient {@code g [N, O, oH*oW]} (contiguous): {@code gx [N, C,
     * H, W]} (contiguous, overwritten; needs {@code w}), {@code gw [O, C/groups*kH*kW]} (contiguous, overwritten;
     * needs {@code x}) and {@code gb [O]} (contiguous, overwritten); any of the three may be null, and so may the
     * one of {@code x}/{@code w} that no requested gradient needs. {@code c, h, wd} are the input's C, H, W.
     */
    static void backward(Strided gx, Strided gw, Strided gb, Strided g, Strided x, Strided w, int[] p, int groups,
                                long c, long h, long wd) {
        long[] gs = g.shape();
        Geometry q = new Geometry(x, gs[0], c, h, wd, gs[1], p, groups);
        boolean dbl = g.dtype() == DType.FLOAT64;
        if (groups > 1 && groups == q.c && CpuDepthwiseConv.backwardApplies(dbl, q.c, q.o, p)) {
            CpuDepthwiseConv.backward((float[]) CpuBackend.arr(g), (int) g.offset(), x == null ? null : (float[]) CpuBackend.arr(x),
                    q.xOff, q.sb, q.sc, q.sh, q.sw, q.n, q.c, q.h, q.w, w == null ? null : (float[]) CpuBackend.arr(w),
                    w == null ? 0 : (int) w.offset(), gx == null ? null : (float[]) CpuBackend.arr(gx), gx == null ? 0 : (int) gx.offset(),
                    gw == null ? null : (float[]) CpuBackend.arr(gw), gw == null ? 0 : (int) gw.offset(),
                    gb == null ? null : (float[]) CpuBackend.arr(gb), gb == null ? 0 : (int) gb.offset(), p);
            return;
        }
        Object ga = CpuBackend.arr(g), xa = x == null ? null : CpuBackend.arr(x), wa = w == null ? null : CpuBackend.arr(w);
        Object gxa = gx == null ? null : CpuBackend.arr(gx), gwa = gw == null ? null : CpuBackend.arr(gw);
        Object gba = gb == null ? null : CpuBackend.arr(gb);
        int go = (int) g.offset(), wo = w == null ? 0 : (int) w.offset();
        int gxo = gx == null ? 0 : (int) gx.offset(), gwo = gw == null ? 0 : (int) gw.offset(), gbo = gb == null ? 0 : (int) gb.offset();
        int parts = q.parts(), tile = q.tile(parts);
        int wsize = q.o * q.kg, ol = q.o * q.l, chw = q.c * q.h * q.w;
        // per part partial sums of the weight and bias gradients (part 0's bias sums straight into gb). The weight
        // gradient is summed transposed, gW^T = cols x g^T ([Kg, Og] per group), and transposed into gw at the end:
        // the kernel then packs g^T rather than the bigger cols^T (80-83 against 75 GFLOP/s for conv2's tile,
        // measured); float32 products with few rows (conv1's 9 x 32 over 676 columns) take dotRows instead
        Object[] pw = new Object[parts], pb = new Object[parts];
        Parallel.parallelFor(0, parts, 1, (b0, b1) -> {
            Object cols = buffer(dbl, q.k * q.l * tile);
            Object gbuf = tile > 1 ? buffer(dbl, ol * tile) : null;
            for (int b = (int) b0; b < b1; b++) {
                Object bw = gwa == null ? null : buffer(dbl, wsize);
                Object bb = gba == null ? null : b == 0 ? gba : buffer(dbl, q.o);
                int bbo = b == 0 ? gbo : 0;
                pw[b] = bw;
                pb[b] = bb;
                int end = q.first(b + 1, parts), first = q.first(b, parts), span = q.span(end - first, tile);
                if (first == end) {   // an empty part (cannot happen: parts <= N), but stay safe
                    if (bw != null) zero(dbl, bw, 0, wsize);
                    if (bb != null) zero(dbl, bb, bbo, q.o);
                }
                for (int n0 = first; n0 < end; n0 += span) {
                    int s = Math.min(span, end - n0), ld = s * q.l;
                    boolean firstTile = n0 == first;
                    // the tile's output gradient as [O, s*L]: g itself for one sample, else gathered
                    Object gsrc = ga;
                    int goff = go + n0 * ol;
                    if (s > 1) {
                        for (int i = 0; i < s; i++) {
                            for (int o = 0; o < q.o; o++) System.arraycopy(ga, goff + i * ol + o * q.l, gbuf, o * ld + i * q.l, q.l);
                        }
                        gsrc = gbuf;
                        goff = 0;
                    }
                    if (bw != null) {
                        Object bsrc = cols;
                        int boff = 0;
                        if (q.direct) {   // tile is 1
                            bsrc = xa;
                            boff = q.xBase(n0);
                        } else {
                            for (int i = 0; i < s; i++) q.im2col(dbl, xa, n0 + i, cols, i * q.l, ld);
                        }
                        // gW_g^T += cols_g [Kg, s*L] x g_g^T [s*L, Og]
                        for (int gi = 0; gi < q.groups; gi++) {
                            if (!dbl && q.kg < DOT_MAX_KG) {
                                dotRows((float[]) bsrc, boff + gi * q.kg * ld, q.kg, (float[]) gsrc, goff + gi * q.og * ld, q.og, ld,
                                        !firstTile, (float[]) bw, gi * q.og * q.kg);
                            } else {
                                gemm(dbl, false, true, q.kg, q.og, ld, bsrc, boff + gi * q.kg * ld, ld, gsrc, goff + gi * q.og * ld, ld,
                                        !firstTile, bw, gi * q.og * q.kg, q.og);
                            }
                        }
                    }
                    if (bb != null) {
                        for (int i = 0; i < s; i++) rowSums(dbl, ga, go + (n0 + i) * ol, q.o, q.l, bb, bbo, !(firstTile && i == 0));
                    }
                    if (gxa != null) {
                        // cols_g = W_g^T [Kg, Og] x g_g [Og, s*L]; a 1x1 kernel's columns are the input plane itself
                        boolean into = q.unitKernel && s == 1;
                        Object dst = into ? gxa : cols;
                        int doff = into ? gxo + n0 * chw : 0;
                        for (int gi = 0; gi < q.groups; gi++) {
                            gemm(dbl, true, false, q.kg, ld, q.og, wa, wo + gi * q.og * q.kg, q.kg, gsrc, goff + gi * q.og * ld, ld,
                                    false, dst, doff + gi * q.kg * ld, ld);
                        }
                        if (!into) {
                            for (int i = 0; i < s; i++) q.col2im(dbl, cols, i * q.l, ld, gxa, gxo + (n0 + i) * chw);
                        }
                    }
                }
            }
        });
        for (int b = 1; b < parts; b++) {
            if (gwa != null) addInto(dbl, pw[0], 0, pw[b], wsize);
            if (gba != null) addInto(dbl, gba, gbo, pb[b], q.o);
        }
        if (gwa != null) {
            // [groups][Kg][Og] -> [groups * Og][Kg]
            for (int gi = 0; gi < q.groups; gi++) {
                int base = gi * q.og * q.kg;
                for (int kk = 0; kk < q.kg; kk++) {
                    for (int o = 0; o < q.og; o++) {
                        if (dbl) ((double[]) gwa)[gwo + base + o * q.kg + kk] = ((double[]) pw[0])[base + kk * q.og + o];
                        else ((float[]) gwa)[gwo + base + o * q.kg + kk] = ((float[]) pw[0])[base + kk * q.og + o];
                    }
                }
            }
        }
    }

    /**
     * Weight gradients with fewer rows per group ({@code C/groups * kH * kW}) than this take {@link #dotRows} instead
     * of the GEMM: for conv1 of the MNIST CNN (C = 1, 3x3: a 9 x 32 product over 676 columns) the GEMM kernel's
     * 6-row tiles and its packing of the 676 x 32 operand ran at ~20 GFLOP/s; the dot products run from the rows in
     * place.
     */
    private static final int DOT_MAX_KG = 16;

    /**
     * {@code c[i * n + j] (+)= sum_l a[ao + i * len + l] * b[bo + j * len + l]} for {@code i < m, j < n} (float32):
     * dot products of the rows of {@code a [m, len]} with those of {@code b [n, len]}, 3 x 4 at a time, vectorised
     * along the rows. Each sum runs over {@code l} in one fixed order (per lane, then the lanes in order), so the
     * result does not depend on timing or on whether the JIT has compiled this yet.
     */
    static void dotRows(float[] a, int ao, int m, float[] b, int bo, int n, int len, boolean accumulate, float[] c, int co) {
        float[] lanes = new float[12 * FL];
        int up = FS.loopBound(len);
        var tm = FS.indexInRange(up, len);
        for (int i0 = 0; i0 < m; i0 += 3) {
            // rows past the end repeat the last row (computed, never stored), so the loop body has no branches
            int a0 = ao + i0 * len, a1 = ao + Math.min(i0 + 1, m - 1) * len, a2 = ao + Math.min(i0 + 2, m - 1) * len;
            for (int j0 = 0; j0 < n; j0 += 4) {
                int b0 = bo + j0 * len, b1 = bo + Math.min(j0 + 1, n - 1) * len, b2 = bo + Math.min(j0 + 2, n - 1) * len,
                        b3 = bo + Math.min(j0 + 3, n - 1) * len;
                FloatVector c00 = FloatVector.zero(FS), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00,
                        c20 = c00, c21 = c00, c22 = c00, c23 = c00;
                int l = 0;
                for (; l < up; l += FL) {
                    FloatVector x0 = FloatVector.fromArray(FS, a, a0 + l), x1 = FloatVector.fromArray(FS, a, a1 + l),
                            x2 = FloatVector.fromArray(FS, a, a2 + l);
                    FloatVector y0 = FloatVector.fromArray(FS, b, b0 + l), y1 = FloatVector.fromArray(FS, b, b1 + l),
                            y2 = FloatVector.fromArray(FS, b, b2 + l), y3 = FloatVector.fromArray(FS, b, b3 + l);
                    c00 = x0.fma(y0, c00);
                    c01 = x0.fma(y1, c01);
                    c02 = x0.fma(y2, c02);
                    c03 = x0.fma(y3, c03);
                    c10 = x1.fma(y0, c10);
                    c11 = x1.fma(y1, c11);
                    c12 = x1.fma(y2, c12);
                    c13 = x1.fma(y3, c13);
                    c20 = x2.fma(y0, c20);
                    c21 = x2.fma(y1, c21);
                    c22 = x2.fma(y2, c22);
                    c23 = x2.fma(y3, c23);
                }
                if (l < len) {   // the rest of the rows in one masked step (masked-off lanes load as 0)
                    FloatVector x0 = FloatVector.fromArray(FS, a, a0 + l, tm), x1 = FloatVector.fromArray(FS, a, a1 + l, tm),
                            x2 = FloatVector.fromArray(FS, a, a2 + l, tm);
                    FloatVector y0 = FloatVector.fromArray(FS, b, b0 + l, tm), y1 = FloatVector.fromArray(FS, b, b1 + l, tm),
                            y2 = FloatVector.fromArray(FS, b, b2 + l, tm), y3 = FloatVector.fromArray(FS, b, b3 + l, tm);
                    c00 = x0.fma(y0, c00);
                    c01 = x0.fma(y1, c01);
                    c02 = x0.fma(y2, c02);
                    c03 = x0.fma(y3, c03);
                    c10 = x1.fma(y0, c10);
                    c11 = x1.fma(y1, c11);
                    c12 = x1.fma(y2, c12);
                    c13 = x1.fma(y3, c13);
                    c20 = x2.fma(y0, c20);
                    c21 = x2.fma(y1, c21);
                    c22 = x2.fma(y2, c22);
                    c23 = x2.fma(y3, c23);
                }
                c00.intoArray(lanes, 0);
                c01.intoArray(lanes, FL);
                c02.intoArray(lanes, 2 * FL);
                c03.intoArray(lanes, 3 * FL);
                c10.intoArray(lanes, 4 * FL);
                c11.intoArray(lanes, 5 * FL);
                c12.intoArray(lanes, 6 * FL);
                c13.intoArray(lanes, 7 * FL);
                c20.intoArray(lanes, 8 * FL);
                c21.intoArray(lanes, 9 * FL);
                c22.intoArray(lanes, 10 * FL);
                c23.intoArray(lanes, 11 * FL);
                for (int r = 0; r < 3 && i0 + r < m; r++) {
                    for (int q = 0; q < 4 && j0 + q < n; q++) {
                        float t = 0;
                        for (int v = (r * 4 + q) * FL, e = v + FL; v < e; v++) t += lanes[v];   // the lanes in order
                        int at = co + (i0 + r) * n + j0 + q;
                        c[at] = accumulate ? c[at] + t : t;
                    }
                }
            }
        }
    }

    /** Sizes and strides of one convolution, and the per-sample data movement. */
    private static final class Geometry {
        final int n, c, h, w, o, groups, og, kg, k, l;
        final int[] p;
        final int xOff, sb, sc, sh, sw;
        /** A 1x1 kernel, stride 1, no padding: the columns of a sample are its contiguous [C, H*W] planes. */
        final boolean unitKernel;
        /** unitKernel and x's planes are contiguous: the columns are the input itself, no im2col. */
        final boolean direct;

        Geometry(Strided x, long o, int[] p, int groups) {
            this(x, x.shape()[0], x.shape()[1], x.shape()[2], x.shape()[3], o, p, groups);
        }

        Geometry(Strided x, long n, long c, long h, long w, long o, int[] p, int groups) {
            this.n = (int) n;
            this.c = (int) c;
            this.h = (int) h;
            this.w = (int) w;
            this.o = (int) o;
            this.groups = groups;
            this.p = p;
            og = this.o / groups;
            kg = this.c / groups * p[0] * p[1];
            k = kg * groups;
            l = p[8] * p[9];
            if (x != null) {
                long[] st = x.strides();
                xOff = (int) x.offset();
                sb = (int) st[0];
                sc = (int) st[1];
                sh = (int) st[2];
                sw = (int) st[3];
            } else {
                xOff = sb = sc = sh = sw = 0;
            }
            unitKernel = p[0] == 1 && p[1] == 1 && p[2] == 1 && p[3] == 1 && p[4] == 0 && p[5] == 0 && p[8] == h && p[9] == w;
            direct = unitKernel && x != null && sw == 1 && sh == w && sc == h * w;
        }

        /** Parts of the batch, one per thread, when the call is big enough to be worth splitting; else one. */
        int parts() {
            long macs = (long) n * o * kg * l;
            return macs < PARALLEL_MIN_MACS ? 1 : Math.max(1, Math.min(n, Parallel.numThreads()));
        }

        /**
         * The most samples one GEMM takes: as many as keep a tile's columns ({@code K x s*L}) within
         * {@link #TILE_ELEMENTS}, so they stay in cache between im2col and the GEMM, and W is packed once per tile
         * rather than once per sample. One for a 1x1 kernel (the input or gradient is used in place).
         */
        int tile(int parts) {
            if (unitKernel) return 1;
            long per = (long) k * l;
            // enough samples for TILE_COLUMNS columns (one sample has plenty when L is large: it then writes straight
            // into the output, with no copy out of a tile buffer), within the cache budget and the part's samples
            long want = Math.max(1, (TILE_COLUMNS + l - 1) / Math.max(1, l));
            return (int) Math.max(1, Math.min(Math.min(want, (n + parts - 1) / parts), TILE_ELEMENTS / Math.max(1, per)));
        }

        /**
         * The forward takes the batch a tile at a time on the calling thread, with all threads in each im2col and
         * GEMM, instead of splitting the batch over the threads: when the weight is large ({@link #BATCH_MAJOR_WEIGHT}
         * elements or more), which a split would pack once per sample and thread (ResNet-50's late layers: 2.4M
         * floats for 49 columns of a sample).
         */
        boolean batchMajor() {
            return n > 1 && (long) o * kg >= BATCH_MAJOR_WEIGHT && Parallel.numThreads() > 1 && (long) n * o * kg * l >= PARALLEL_MIN_MACS;
        }

        /**
         * One sample's columns are far larger than the cache ({@code K * L} above {@link #TILE_ELEMENTS}) and the
         * weight is small (below {@link #BANDED_MAX_WEIGHT}, so packing it per band costs little): the forward then
         * cuts each sample into bands of output rows over the threads ({@link CpuConv#banded}) instead of writing all
         * the columns out and reading them back in one GEMM. ResNet-50's 7x7 stem and layer1's 3x3 (1.8M column
         * elements, weights of 9-37K).
         */
        boolean banded() {
            return Parallel.numThreads() > 1 && (long) k * l > TILE_ELEMENTS && (long) o * kg < BANDED_MAX_WEIGHT
                    && p[8] >= 2 * Parallel.numThreads() && (long) n * o * kg * l >= PARALLEL_MIN_MACS;
        }

        /** Output rows per band: as many as keep a band's columns within {@link #TILE_ELEMENTS}, at least one. */
        int bandRows() {
            int rows = (int) Math.max(1, TILE_ELEMENTS / Math.max(1, (long) k * p[9]));
            // at least two bands per thread, so that the threads' shares even out
            return Math.max(1, Math.min(rows, p[8] / (2 * Parallel.numThreads())));
        }

        /** Samples per tile when {@link #batchMajor}: as many as keep the columns within {@link #BATCH_COLUMNS_MAX}. */
        int batchTile() {
            return (int) Math.max(1, Math.min(n, BATCH_COLUMNS_MAX / Math.max(1, (long) k * l)));
        }

        /** The sample's channel {@code ch} into its {@code kH * kW} rows of {@code cols}: row r at {@code off + r * ld}. */
        void im2colPlane(boolean dbl, Object xa, int sample, int ch, Object cols, int off, int ld) {
            int ib = xBase(sample) + ch * sc, o = off + ch * p[0] * p[1] * ld;
            if (dbl) CpuIm2Col.im2colPlane((double[]) xa, ib, sh, sw, h, w, (double[]) cols, o, ld, p);
            else CpuIm2Col.im2colPlane((float[]) xa, ib, sh, sw, h, w, (float[]) cols, o, ld, p);
        }

        /** Samples per GEMM within a part of {@code count} samples: the part cut into even tiles of at most {@code tile}. */
        int span(int count, int tile) {
            if (count <= 0) return 1;
            int tiles = (count + tile - 1) / tile;
            return (count + tiles - 1) / tiles;
        }

        /** First sample of part {@code b}: the batch cut into {@code parts} runs as even as can be. */
        int first(int b, int parts) { return (int) ((long) n * b / parts); }

        int xBase(int sample) { return xOff + sample * sb; }

        /** The sample's columns into {@code cols}: row r at {@code off + r * ld}. */
        void im2col(boolean dbl, Object xa, int sample, Object cols, int off, int ld) {
            int ib = xBase(sample), per = p[0] * p[1] * ld;
            for (int ch = 0; ch < c; ch++) {
                if (dbl) CpuIm2Col.im2colPlane((double[]) xa, ib + ch * sc, sh, sw, h, w, (double[]) cols, off + ch * per, ld, p);
                else CpuIm2Col.im2colPlane((float[]) xa, ib + ch * sc, sh, sw, h, w, (float[]) cols, off + ch * per, ld, p);
            }
        }

        /** The sample's input gradient (contiguous at {@code xo}) from its columns: row r at {@code off + r * ld}. */
        void col2im(boolean dbl, Object cols, int off, int ld, Object gx, int xo) {
            int per = p[0] * p[1] * ld;
            for (int ch = 0; ch < c; ch++) {
                if (dbl) CpuIm2Col.col2imPlane((double[]) cols, off + ch * per, ld, 1, (double[]) gx, xo + ch * h * w, h, w, p);
                else CpuIm2Col.col2imPlane((float[]) cols, off + ch * per, ld, 1, (float[]) gx, xo + ch * h * w, h, w, p);
            }
        }
    }

    private static Object buffer(boolean dbl, int size) { return dbl ? new double[size] : new float[size]; }

    private static void gemm(boolean dbl, boolean ta, boolean tb, int m, int n, int k, Object a, int ao, int lda, Object b, int bo,
                             int ldb, boolean accumulate, Object c, int co, int ldc) {
        if (dbl) {
            Gemm.dgemm(ta, tb, m, n, k, 1.0, (double[]) a, ao, lda, (double[]) b, bo, ldb, accumulate ? 1.0 : 0.0, (double[]) c, co, ldc);
        } else {
            Gemm.sgemmConv(ta, tb, m, n, k, 1f, (float[]) a, ao, lda, (float[]) b, bo, ldb, accumulate ? 1f : 0f, (float[]) c, co, ldc);
        }
    }

    /** {@code dst[o] (+)= sum of row o} of {@code rows [m, len]} at {@code off}; a few running sums per row, then added in a fixed order. */
    private static void rowSums(boolean dbl, Object rows, int off, int m, int len, Object dst, int dOff, boolean accumulate) {
        if (dbl) {
            double[] s = (double[]) rows, d = (double[]) dst;
            for (int r = 0; r < m; r++) {
                int base = off + r * len, i = 0;
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                for (; i + 4 <= len; i += 4) {
                    a0 += s[base + i];
                    a1 += s[base + i + 1];
                    a2 += s[base + i + 2];
                    a3 += s[base + i + 3];
                }
                for (; i < len; i++) a0 += s[base + i];
                double t = (a0 + a1) + (a2 + a3);
                d[dOff + r] = accumulate ? d[dOff + r] + t : t;
            }
        } else {
            float[] s = (float[]) rows, d = (float[]) dst;
            float[] lanes = new float[FL];
            for (int r = 0; r < m; r++) {
                int base = off + r * len, i = 0;
                FloatVector acc = FloatVector.zero(FS);
                for (; i + FL <= len; i += FL) acc = acc.add(FloatVector.fromArray(FS, s, base + i));
                if (i < len) acc = acc.add(FloatVector.fromArray(FS, s, base + i, FS.indexInRange(i, len)));
                // the lanes added in a fixed order (reduceLanes' order may differ between the JIT and the interpreter)
                acc.intoArray(lanes, 0);
                float t = 0;
                for (float v : lanes) t += v;
                d[dOff + r] = accumulate ? d[dOff + r] + t : t;
            }
        }
    }

    private static void zero(boolean dbl, Object a, int off, int len) {
        if (dbl) Arrays.fill((double[]) a, off, off + len, 0.0);
        else Arrays.fill((float[]) a, off, off + len, 0f);
    }

    private static void addInto(boolean dbl, Object dst, int off, Object src, int len) {
        if (dbl) {
            double[] d = (double[]) dst, s = (double[]) src;
            for (int i = 0; i < len; i++) d[off + i] += s[i];
        } else {
            float[] d = (float[]) dst, s = (float[]) src;
            for (int i = 0; i < len; i++) d[off + i] += s[i];
        }
    }
}
