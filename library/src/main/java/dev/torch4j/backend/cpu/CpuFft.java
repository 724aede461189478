package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU's discrete Fourier transform (see {@code Backend#fft}) in double precision, in a per-thread scratch that
 * stays in cache: signals in groups of {@link CpuFftSimd#LANES}, one per vector lane (the batch's remainder, and
 * transforms longer than {@link #MAX_LANE_WORK}, one at a time), threads splitting the batch.
 *
 * <p>Note [Stockham stages]: for {@code n = r_1 ... r_s} the state after a stage holds, for each of the
 * {@code M} subsequences {@code x[m + M t]}, its transform of length {@code L} (the product of the radices so
 * far) at {@code A[m + M k]}. A stage of radix {@code r} combines {@code r} subsequences {@code m' + M' j}
 * ({@code M' = M / r}) into one of length {@code rL}:
 * {@code B[m' + M'(k + L q)] = sum_j w_r^{jq} w_{rL}^{jk} A[m' + M'(j + r k)]}. Self-sorting (no bit reversal),
 * and the innermost loop runs over {@code m'}, contiguous in both arrays. Radices 4 and 2 have their own
 * butterflies; odd radices (primes up to {@link #MAX_RADIX}) pair {@code j} with {@code r - j}, halving the
 * products. Lengths with a larger prime factor use Bluestein's chirp-z transform over a power of two.
 *
 * <p>Two real signals go through one complex transform ({@code z = a + ib}, then
 * {@code A[k] = (Z[k] + conj Z[n-k]) / 2}, {@code B[k] = (Z[k] - conj Z[n-k]) / 2i}), so a real batch costs half.
 * The pairing depends only on the batch index, so results do not depend on the thread count.
 */
final class CpuFft {
    private CpuFft() {}

    /** Largest prime done as one radix; a length with a larger prime factor goes through Bluestein. */
    static final int MAX_RADIX = 31;

    /** Longest transform run in vector lanes (its buffers, 4 n LANES doubles a thread, stay in L2). */
    static final int MAX_LANE_WORK = 8192;

    /** Plans kept at most (each holds O(n) twiddles). */
    private static final int MAX_PLANS = 128;

    private static final Map<Long, Plan> PLANS = new ConcurrentHashMap<>();

    /**
     * {@code X[k] = scale * sum_j x[j] exp(sign 2 pi i jk / n)} for each signal of {@code x [b..., n, P]}
     * (float32/float64, any strides; P = 2: real and imaginary parts, P = 1: real) into {@code out [b..., m, P']}
     * (x's dtype, any strides; the first m frequencies; P' = 1: the real parts only). With {@code hermitian}, x
     * holds the first {@code m/2 + 1} frequencies of Hermitian signals of length m, whose real transforms go to out
     * (two at a time: {@code H_a + i H_b} transforms to {@code y_a + i y_b}). False for other dtypes or sizes beyond
     * an array.
     */
    static boolean dft(Strided out, Strided x, int sign, double scale, boolean hermitian) {
        DType dt = x.dtype();
        int nd = x.ndim();
        if (dt != DType.FLOAT32 && dt != DType.FLOAT64 || out.dtype() != dt || nd < 2 || out.ndim() != nd) return false;
        long nl = hermitian ? out.shape()[nd - 2] : x.shape()[nd - 2];
        if (nl > Integer.MAX_VALUE / 4) return false;
        if (hermitian && (x.shape()[nd - 1] != 2 || out.shape()[nd - 1] != 1 || x.shape()[nd - 2] != nl / 2 + 1)) {
            throw new IllegalArgumentException("fft: a Hermitian input needs [b..., m/2 + 1, 2] for [b..., m, 1] output, got "
                    + java.util.Arrays.toString(x.shape()) + " and " + java.util.Arrays.toString(out.shape()));
        }
        int n = (int) nl;
        long batch = x.numel() / Math.max(1, x.shape()[nd - 2] * x.shape()[nd - 1]);
        if (x.numel() == 0 || out.numel() == 0) return true;
        Plan plan = plan(n, sign);
        boolean paired = hermitian || x.shape()[nd - 1] == 1;
        long signals = paired ? (batch + 1) / 2 : batch;              // complex transforms to run
        int lanes = plan.work() <= MAX_LANE_WORK ? CpuFftSimd.LANES : 1;
        long groups = lanes > 1 ? signals / lanes : 0;                 // full groups; the rest one at a time
        long units = groups + (signals - groups * lanes);
        long grain = Math.max(1, (1L << 15) / ((long) n * lanes * (paired ? 2 : 1)));
        Io io = new Io(x, out, batch, n, hermitian, scale);
        Parallel.parallelFor(0, units, grain, (ub, ue) -> {
            Work wide = null, one = null;
            for (long u = ub; u < ue; u++) {
                if (u < groups) {
                    if (wide == null) wide = scratch(plan, lanes, 0);
                    for (int v = 0; v < lanes; v++) io.load(u * lanes + v, wide, v);
                    plan.run(wide);
                    for (int v = 0; v < lanes; v++) io.store(u * lanes + v, wide, v);
                } else {
                    if (one == null) one = scratch(plan, 1, 1);
                    long c = groups * lanes + (u - groups);
                    io.load(c, one, 0);
                    plan.run(one);
                    io.store(c, one, 0);
                }
            }
        });
        return true;
    }

    /**
     * Moves signals between the operands' memory and a {@link Work}'s lanes: complex transform {@code c} reads
     * signal c, or signals 2c and 2c + 1 (real ones, or Hermitian ones extended to full length) as its real and
     * imaginary parts (signals numbered row-major over the batch dims).
     */
    private static final class Io {
        final Object src, dst;
        final Strided x, out;
        final long batch;
        final int n, outLen, pOut;
        final boolean paired, hermitian;
        final double scale;
        final long xStep, xPlane, outStep, outPlane;

        Io(Strided x, Strided out, long batch, int n, boolean hermitian, double scale) {
            int nd = x.ndim();
            this.x = x;
            this.out = out;
            this.src = ((CpuStorage) x.storage()).array();
            this.dst = ((CpuStorage) out.storage()).array();
            this.batch = batch;
            this.n = n;
            this.hermitian = hermitian;
            this.paired = hermitian || x.shape()[nd - 1] == 1;
            this.scale = scale;
            this.outLen = (int) out.shape()[nd - 2];
            this.pOut = (int) out.shape()[nd - 1];
            xStep = x.strides()[nd - 2];
            xPlane = x.strides()[nd - 1];
            outStep = out.strides()[nd - 2];
            outPlane = out.strides()[nd - 1];
        }

        /** Where signal {@code b} (row-major over the batch dims) starts in {@code t}'s storage. */
        private static long start(Strided t, long b) {
            long off = t.offset();
            long[] shape = t.shape(), strides = t.strides();
            for (int d = shape.length - 3; d >= 0 && b > 0; d--) {
                off += b % shape[d] * strides[d];
                b /= shape[d];
            }
            return off;
        }

        void load(long c, Work w, int v) {
            int lanes = w.lanes;
            if (hermitian) {
                long a = 2 * c, b = a + 1;
                extend(w, v, start(x, a), false);
                if (b < batch) extend(w, v, start(x, b), true);
            } else if (paired) {
                long a = 2 * c, b = a + 1;
                read(src, start(x, a), xStep, w.re, v, lanes, n);
                if (b < batch) read(src, start(x, b), xStep, w.im, v, lanes, n);
                else for (int j = 0; j < n; j++) w.im[j * lanes + v] = 0;
            } else {
                long base = start(x, c);
                read(src, base, xStep, w.re, v, lanes, n);
                read(src, base + xPlane, xStep, w.im, v, lanes, n);
            }
        }

        /**
         * The Hermitian signal whose half spectrum starts at {@code base}, into lane v: as the real part (set),
         * or times i added to what is there ({@code asImag}). The half spectrum passes through re2/im2.
         */
        private void extend(Work w, int v, long base, boolean asImag) {
            int lanes = w.lanes, half = n / 2 + 1;
            double[] hr = w.re2, hi = w.im2, re = w.re, im = w.im;
            read(src, base, xStep, hr, v, lanes, half);
            read(src, base + xPlane, xStep, hi, v, lanes, half);
            hi[v] = 0;                                                   // frequency 0 of a real signal
            if (n % 2 == 0) hi[(n / 2) * lanes + v] = 0;                 // and the Nyquist frequency
            for (int k = 0; k < n; k++) {
                int i = k * lanes + v;
                int at = (k < half ? k : n - k) * lanes + v;
                double r = hr[at], q = k < half ? hi[at] : -hi[at];     // H[k] = conj H[n - k] beyond half
                if (asImag) {
                    re[i] -= q;
                    im[i] += r;
                } else {
                    re[i] = r;
                    im[i] = q;
                }
            }
        }

        void store(long c, Work w, int v) {
            int lanes = w.lanes;
            if (hermitian) {
                long a = 2 * c, b = a + 1;
                scaleLane(w.re, v, lanes, n, scale);
                write(w.re, v, lanes, outLen, dst, start(out, a), outStep);
                if (b < batch) {
                    scaleLane(w.im, v, lanes, n, scale);
                    write(w.im, v, lanes, outLen, dst, start(out, b), outStep);
                }
            } else if (paired) {
                long a = 2 * c, b = a + 1;
                split(w, v, n, scale);
                long oa = start(out, a);
                write(w.re2, v, lanes, outLen, dst, oa, outStep);
                if (pOut == 2) write(w.im2, v, lanes, outLen, dst, oa + outPlane, outStep);
                if (b < batch) {
                    long ob = start(out, b);
                    write(w.re, v, lanes, outLen, dst, ob, outStep);
                    if (pOut == 2) write(w.im, v, lanes, outLen, dst, ob + outPlane, outStep);
                }
            } else {
                long o = start(out, c);
                scaleLane(w.re, v, lanes, outLen, scale);
                write(w.re, v, lanes, outLen, dst, o, outStep);
                if (pOut == 2) {
                    scaleLane(w.im, v, lanes, outLen, scale);
                    write(w.im, v, lanes, outLen, dst, o + outPlane, outStep);
                }
            }
        }
    }

    /**
     * Lane v's transform Z of {@code a + ib} split into a's transform (into re2/im2, the stages' scratch, free now)
     * and b's (in place of Z): {@code A = (Z[k] + conj Z[n-k]) / 2}, {@code B = (Z[k] - conj Z[n-k]) / 2i}.
     */
    private static void split(Work w, int v, int n, double scale) {
        double h = 0.5 * scale;
        double[] ar = w.re2, ai = w.im2, re = w.re, im = w.im;
        int lanes = w.lanes;
        // k and n - k together, both read before either is written
        for (int k = 0; 2 * k <= n; k++) {
            int i = k * lanes + v, ni = (k == 0 ? 0 : n - k) * lanes + v;
            double zr = re[i], zi = im[i], yr = re[ni], yi = im[ni];
            ar[i] = h * (zr + yr);
            ai[i] = h * (zi - yi);
            ar[ni] = h * (yr + zr);
            ai[ni] = h * (yi - zi);
            re[i] = h * (zi + yi);
            im[i] = h * (yr - zr);
            re[ni] = h * (yi + zi);
            im[ni] = h * (zr - yr);
        }
    }

    private static void scaleLane(double[] a, int v, int lanes, int n, double scale) {
        if (scale == 1.0) return;
        for (int j = 0; j < n; j++) a[j * lanes + v] *= scale;
    }

    /** {@code n} values of {@code src} (double[] or float[]) from {@code base} with {@code stride} into lane v of {@code dst}. */
    private static void read(Object src, long base, long stride, double[] dst, int v, int lanes, int n) {
        if (src instanceof double[] d) {
            for (int j = 0; j < n; j++) dst[j * lanes + v] = d[(int) (base + j * stride)];
        } else {
            float[] f = (float[]) src;
            for (int j = 0; j < n; j++) dst[j * lanes + v] = f[(int) (base + j * stride)];
        }
    }

    /** Lane v of {@code a} into {@code dst} (double[] or float[], rounded once) from {@code base} with {@code stride}. */
    private static void write(double[] a, int v, int lanes, int n, Object dst, long base, long stride) {
        if (dst instanceof double[] d) {
            for (int j = 0; j < n; j++) d[(int) (base + j * stride)] = a[j * lanes + v];
        } else {
            float[] f = (float[]) dst;
            for (int j = 0; j < n; j++) f[(int) (base + j * stride)] = (float) a[j * lanes + v];
        }
    }

    static Plan plan(int n, int sign) {
        long key = ((long) n << 1) | (sign > 0 ? 1 : 0);
        Plan p = PLANS.get(key);
        if (p != null) return p;
        // not computeIfAbsent: a Bluestein plan builds its power-of-two plans from inside the constructor
        p = new Plan(n, sign);
        if (PLANS.size() >= MAX_PLANS) PLANS.clear();      // many distinct lengths: keep memory bounded
        Plan raced = PLANS.putIfAbsent(key, p);
        return raced != null ? raced : p;
    }

    /** Each thread's last two Works (lanes, single): consecutive transforms of one length reuse them. */
    private static final ThreadLocal<Work[]> SCRATCH = ThreadLocal.withInitial(() -> new Work[2]);

    /** This thread's Work for {@code plan} and {@code lanes} in {@code slot}, made anew when the last one differs. */
    private static Work scratch(Plan plan, int lanes, int slot) {
        Work[] kept = SCRATCH.get();
        Work w = kept[slot];
        if (w == null || w.plan != plan || w.lanes != lanes) kept[slot] = w = new Work(plan, lanes);
        return w;
    }

    /** A thread's buffers for {@code lanes} signals (element i of lane v at {@code i * lanes + v}): data and scratch. */
    static final class Work {
        final Plan plan;
        final int lanes;
        final double[] re, im, re2, im2, tre, tim;
        final Work inner;

        Work(Plan p, int lanes) {
            this.plan = p;
            this.lanes = lanes;
            int len = p.n * lanes;
            re = new double[len];
            im = new double[len];
            re2 = new double[len];
            im2 = new double[len];
            tre = new double[Math.max(p.maxRadix, 1)];
            tim = new double[Math.max(p.maxRadix, 1)];
            inner = p.blue == null ? null : new Work(p.blue.fwd, lanes);
        }
    }

    /** The radices, twiddles and (for large prime factors) Bluestein's chirp of one length and sign. */
    static final class Plan {
        final int n, sign, maxRadix;
        final int[] radices;
        /** Per stage: {@code w_{rL}^{jk}} at {@code [k * r + j]}. */
        final double[][] twRe, twIm;
        /** Per radix r (odd): {@code cos, sin(2 pi t / r)} for t in [0, r). */
        final double[][] rootCos, rootSin;
        final Bluestein blue;

        Plan(int n, int sign) {
            this.n = n;
            this.sign = sign;
            int[] rs = factor(n);
            if (rs == null) {
                radices = new int[0];
                twRe = twIm = rootCos = rootSin = null;
                maxRadix = 0;
                blue = new Bluestein(n, sign);
                return;
            }
            blue = null;
            radices = rs;
            twRe = new double[rs.length][];
            twIm = new double[rs.length][];
            rootCos = new double[rs.length][];
            rootSin = new double[rs.length][];
            int l = 1, mx = 0;
            for (int s = 0; s < rs.length; s++) {
                int r = rs[s];
                mx = Math.max(mx, r);
                int big = l * r;
                twRe[s] = new double[l * r];
                twIm[s] = new double[l * r];
                for (int k = 0; k < l; k++) {
                    for (int j = 0; j < r; j++) {
                        twRe[s][k * r + j] = cos2pi((long) j * k, big);
                        twIm[s][k * r + j] = sign * sin2pi((long) j * k, big);
                    }
                }
                if (r % 2 == 1) {
                    rootCos[s] = new double[r];
                    rootSin[s] = new double[r];
                    for (int t = 0; t < r; t++) {
                        rootCos[s][t] = cos2pi(t, r);
                        rootSin[s][t] = sign * sin2pi(t, r);
                    }
                }
                l = big;
            }
            maxRadix = mx;
        }

        /** The longest transform the plan runs: n, or Bluestein's power of two. */
        int work() { return blue == null ? n : blue.m; }

        /** Transforms {@code w.re/w.im} in place (unscaled), each lane a signal. */
        void run(Work w) {
            if (blue != null) {
                blue.run(w);
                return;
            }
            double[] ar = w.re, ai = w.im, br = w.re2, bi = w.im2;
            int l = 1;
            for (int s = 0; s < radices.length; s++) {
                int r = radices[s], mp = n / (l * r);
                if (w.lanes == 1) {
                    switch (r) {
                        case 2 -> CpuFftScalar.radix2(ar, ai, br, bi, l, mp, twRe[s], twIm[s]);
                        case 4 -> CpuFftScalar.radix4(ar, ai, br, bi, l, mp, twRe[s], twIm[s], sign);
                        case 3 -> CpuFftScalar.radix3(ar, ai, br, bi, l, mp, twRe[s], twIm[s], sign);
                        case 5 -> CpuFftScalar.radix5(ar, ai, br, bi, l, mp, twRe[s], twIm[s], sign);
                        default -> CpuFftScalar.radixOdd(ar, ai, br, bi, l, mp, r, twRe[s], twIm[s], rootCos[s], rootSin[s],
                                w.tre, w.tim, 1);
                    }
                } else {
                    switch (r) {
                        case 2 -> CpuFftSimd.radix2(ar, ai, br, bi, l, mp, twRe[s], twIm[s]);
                        case 4 -> CpuFftSimd.radix4(ar, ai, br, bi, l, mp, twRe[s], twIm[s], sign);
                        case 3 -> CpuFftSimd.radix3(ar, ai, br, bi, l, mp, twRe[s], twIm[s], sign);
                        case 5 -> CpuFftSimd.radix5(ar, ai, br, bi, l, mp, twRe[s], twIm[s], sign);
                        default -> CpuFftScalar.radixOdd(ar, ai, br, bi, l, mp, r, twRe[s], twIm[s], rootCos[s], rootSin[s],
                                w.tre, w.tim, w.lanes);
                    }
                }
                double[] t = ar; ar = br; br = t;
                t = ai; ai = bi; bi = t;
                l *= r;
            }
            if (ar != w.re) {
                System.arraycopy(ar, 0, w.re, 0, n * w.lanes);
                System.arraycopy(ai, 0, w.im, 0, n * w.lanes);
            }
        }
    }

    /**
     * {@code X_k = c_k sum_j (x_j c_j) conj(c_{k-j})} with {@code c_j = exp(sign pi i j^2 / n)}: a circular
     * convolution of length {@code m >= 2n - 1} (a power of two), done by two transforms of length m.
     */
    static final class Bluestein {
        final int n, m;
        final double[] cr, ci, kr, ki;
        final Plan fwd, inv;

        Bluestein(int n, int sign) {
            this.n = n;
            int mm = 1;
            while (mm < 2 * n - 1) mm <<= 1;
            m = mm;
            fwd = plan(m, -1);
            inv = plan(m, 1);
            cr = new double[n];
            ci = new double[n];
            long twoN = 2L * n;
            for (int j = 0; j < n; j++) {
                long t = (long) j * j % twoN;                          // exp(sign pi i t / n) = exp(sign 2 pi i t / 2n)
                cr[j] = cos2pi(t, twoN);
                ci[j] = sign * sin2pi(t, twoN);
            }
            // the kernel conj(c) laid out circularly, transformed once; 1/m of the inverse folded in
            Work w = new Work(fwd, 1);
            for (int j = 0; j < n; j++) {
                w.re[j] = cr[j];
                w.im[j] = -ci[j];
                if (j > 0) {
                    w.re[m - j] = cr[j];
                    w.im[m - j] = -ci[j];
                }
            }
            fwd.run(w);
            kr = new double[m];
            ki = new double[m];
            for (int k = 0; k < m; k++) {
                kr[k] = w.re[k] / m;
                ki[k] = w.im[k] / m;
            }
        }

        void run(Work w) {
            Work c = w.inner;
            int lanes = w.lanes;
            if (lanes == 1) {
                for (int j = 0; j < n; j++) {
                    double xr = w.re[j], xi = w.im[j];
                    c.re[j] = xr * cr[j] - xi * ci[j];
                    c.im[j] = xr * ci[j] + xi * cr[j];
                }
            } else {
                CpuFftSimd.chirp(w.re, w.im, cr, ci, n, c.re, c.im);
            }
            java.util.Arrays.fill(c.re, n * lanes, m * lanes, 0);
            java.util.Arrays.fill(c.im, n * lanes, m * lanes, 0);
            fwd.run(c);
            if (lanes == 1) {
                for (int k = 0; k < m; k++) {
                    double xr = c.re[k], xi = c.im[k];
                    c.re[k] = xr * kr[k] - xi * ki[k];
                    c.im[k] = xr * ki[k] + xi * kr[k];
                }
            } else {
                CpuFftSimd.chirp(c.re, c.im, kr, ki, m, c.re, c.im);
            }
            inv.run(c);
            if (lanes == 1) {
                for (int k = 0; k < n; k++) {
                    double xr = c.re[k], xi = c.im[k];
                    w.re[k] = xr * cr[k] - xi * ci[k];
                    w.im[k] = xr * ci[k] + xi * cr[k];
                }
            } else {
                CpuFftSimd.chirp(c.re, c.im, cr, ci, n, w.re, w.im);
            }
        }
    }

    /** Radices of n, fours first, then twos and odd primes up to {@link #MAX_RADIX}; null when a larger prime divides n. */
    static int[] factor(int n) {
        List<Integer> rs = new ArrayList<>();
        int m = n;
        while (m % 4 == 0) {
            rs.add(4);
            m /= 4;
        }
        if (m % 2 == 0) {
            rs.add(2);
            m /= 2;
        }
        for (int p = 3; p <= MAX_RADIX && m > 1; p += 2) {
            while (m % p == 0) {
                rs.add(p);
                m /= p;
            }
        }
        if (m > 1) return null;
        return rs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code cos(2 pi t / d)} with t reduced exactly, so large products lose no accuracy. */
    static double cos2pi(long t, long d) {
        long r = Math.floorMod(t, d);
        if (2 * r > d) r -= d;
        return Math.cos(2 * Math.PI * r / d);
    }

    static double sin2pi(long t, long d) {
        long r = Math.floorMod(t, d);
        if (2 * r > d) r -= d;
        return Math.sin(2 * Math.PI * r / d);
    }
}
