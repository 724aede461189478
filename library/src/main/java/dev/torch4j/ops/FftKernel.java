package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discrete Fourier transform behind {@code torch.fft}, composed of real tensor ops so that it runs on every
 * device and autograd differentiates it (to any order) without a formula of its own.
 *
 * <p>A signal batch enters as a real tensor of logical shape {@code [n, P, b...]}: the transform axis first, then
 * the planes ({@code P = 2}: real and imaginary parts; {@code P = 1}: a real signal), then any batch dims, with any
 * strides. The result is {@code [P', n, b...]} with {@code P' = 1} when only the real part is wanted.
 *
 * <p>Note [mixed-radix stages]: for {@code n = r_1 r_2 ... r_s} (radices of at most {@value #MAX_RADIX}) the
 * transform is Stockham's self-sorting FFT with one stage per radix, each stage one pass over the whole batch:
 * <ol>
 *   <li>state {@code [M, P, l..., b...]}: {@code M} subsequences {@code x[m + M t]} whose DFTs of length
 *       {@code L = prod(l)} are done, frequency {@code k} row-major over the dims {@code l};</li>
 *   <li>the subsequence index splits as {@code m = j M' + m'}; the twiddles {@code w_{rL}^{jk}} multiply the state
 *       in one broadcast product that writes both {@code v Re(w)} and {@code v Im(w)} (so no plane swap is needed),
 *       laid out so that the next step reads it as one matrix;</li>
 *   <li>one real matrix product by a constant {@code [2r, 4r]} matrix does the radix-r butterflies and the complex
 *       arithmetic of the twiddles at once: {@code X'[m', qL + k] = sum_j W_r^{jq} w_{rL}^{jk} X[j M' + m', k]}.</li>
 * </ol>
 * So the number of ops is O(log n), all over tensors of the signal's size. Lengths with a prime factor above
 * {@value #MAX_PRIME_RADIX} (beyond {@value #DIRECT_MAX}, where one DFT matrix product is cheaper) go through
 * Bluestein's chirp-z transform: a convolution done by two power-of-two transforms. The constant matrices and
 * twiddles are computed in double precision (angles reduced exactly by integer arithmetic), then cast to the
 * signal's dtype and device, and cached.
 */
final class FftKernel {
    private FftKernel() {}

    /** Largest radix a composite length is packed into (a stage costs about 8r multiply-adds per point). */
    static final int MAX_RADIX = 16;
    /** Largest prime factor done as one radix; lengths with larger ones use Bluestein (above {@link #DIRECT_MAX}). */
    static final int MAX_PRIME_RADIX = 64;
    /** Lengths up to this are one DFT matrix product when they have a large prime factor. */
    static final int DIRECT_MAX = 256;

    /**
     * {@code X[k] = scale * sum_j x[j] exp(sign * 2 pi i jk / n)} along the first dim of {@code x}
     * ({@code [n, P, b...]}); returns {@code [P', n, b...]}, {@code P' = realOut ? 1 : 2}.
     */
    static Tensor dft(Tensor x, int sign, double scale, boolean realOut) {
        Tensor fast = backendDft(x, sign, scale, realOut, x.size(0), false);
        if (fast != null) return fast;
        return composed(x, sign, scale, realOut);
    }

    /** {@link #dft}'s first {@code keep} frequencies: {@code [P', keep, b...]}. */
    static Tensor dft(Tensor x, int sign, double scale, boolean realOut, long keep) {
        Tensor fast = backendDft(x, sign, scale, realOut, keep, false);
        if (fast != null) return fast;
        Tensor y = composed(x, sign, scale, realOut);
        return keep < y.size(1) ? y.narrow(1, 0, keep) : y;
    }

    /**
     * The real transform of length {@code len} of the Hermitian signal whose first {@code len/2 + 1} frequencies
     * {@code h [len/2 + 1, 2, b...]} holds (the imaginary parts of frequency 0 and, for even len, len/2 ignored):
     * {@code [1, len, b...]}; null when the backend has no kernel (the caller composes the full signal).
     */
    static Tensor hermitianDft(Tensor h, long len, int sign, double scale) {
        return backendDft(h, sign, scale, true, len, true);
    }

    private static Tensor composed(Tensor x, int sign, double scale, boolean realOut) {
        long n = x.size(0);
        int[] radices = radices(n);
        return radices == null ? bluestein(x, sign, scale, realOut) : stages(x, radices, sign, scale, realOut);
    }

    /**
     * {@link #dft} by the backend's own kernel ({@code Backend#fft}), or null when it has none. The kernel reads
     * the signal in place (any strides) and writes a result laid out as the signal is (its dims in the order of
     * their strides, the planes innermost), so a transform along any dim of a contiguous tensor copies nothing
     * before or after. The transform is linear, so its node's backward is the adjoint: the opposite sign with the
     * same scale, reading the output's gradient as the input's planes and keeping one plane when the input was
     * real. That backward is a {@code dft} itself, so it records again under create_graph (any order).
     */
    private static Tensor backendDft(Tensor x, int sign, double scale, boolean realOut, long outLen, boolean hermitian) {
        if (x.numel() == 0 || x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64
                || !Dispatch.backend(x.device()).hasFft()) {
            return null;
        }
        int nd = x.dim(), nb = nd - 2, p = (int) x.size(1), pOut = realOut ? 1 : 2;
        long n = x.size(0);
        // the result's memory order: x's signal and batch dims by decreasing stride (stable), then the planes
        Integer[] order = new Integer[nd - 1];
        order[0] = 0;
        for (int i = 0; i < nb; i++) order[1 + i] = 2 + i;
        java.util.Arrays.sort(order, (i, j) -> Long.compare(Math.abs(x.stride(j)), Math.abs(x.stride(i))));
        long[] memShape = new long[nd];
        int[] pos = new int[nd];                               // pos[xDim]: that dim's place in memory order
        for (int i = 0; i < nd - 1; i++) {
            memShape[i] = order[i] == 0 ? outLen : x.size(order[i]);
            pos[order[i]] = i;
        }
        memShape[nd - 1] = pOut;
        pos[1] = nd - 1;
        long[] rowsPerm = new long[nd], outPerm = new long[nd], signalPerm = new long[nd], xRows = new long[nd];
        for (int i = 0; i < nb; i++) {
            rowsPerm[i] = pos[2 + i];
            outPerm[2 + i] = pos[2 + i];
            signalPerm[2 + i] = pos[2 + i];
            xRows[i] = 2 + i;
        }
        rowsPerm[nb] = pos[0];
        rowsPerm[nb + 1] = pos[1];
        outPerm[0] = pos[1];
        outPerm[1] = pos[0];
        signalPerm[0] = pos[0];
        signalPerm[1] = pos[1];
        xRows[nb] = 0;
        xRows[nb + 1] = 1;
        Tensor y = Dispatch.empty(memShape, x.dtype(), x.device());
        boolean done = Dispatch.backend(x.device())
                .fft(y.permute(rowsPerm).strided(), x.permute(xRows).strided(), sign, scale, hermitian);
        if (!done) return null;
        if (dev.torch4j.autograd.Graph.isRecording(x)) {
            y = dev.torch4j.autograd.Graph.node("FftBackward0", x)
                    .backward(g -> new Tensor[] {hermitian
                            ? hermitianAdjoint(dft(g[0].permute(signalPerm), -sign, scale, false), n)
                            : dft(padFrequencies(g[0].permute(signalPerm), n), -sign, scale, p == 1).movedim(0, 1)})
                    .output(y);
        }
        return y.permute(outPerm);
    }

    /** A gradient for the first {@code g.size(0)} frequencies, zeros appended up to {@code n}: {@code [n, P, b...]}. */
    private static Tensor padFrequencies(Tensor g, long n) {
        long have = g.size(0);
        if (have == n) return g;
        long[] shape = g.shapeArray();
        shape[0] = n - have;
        return Torch.cat(List.of(g, Torch.zeros(Torch.shape(shape), Torch.dtype(g.dtype()).device(g.device()))), 0);
    }

    /**
     * The adjoint of the Hermitian extension {@code H} (half spectrum {@code [half, 2, b...]} to full signal: the
     * imaginary parts of frequency 0 and the even length's len/2 zeroed, {@code X[len - k] = conj X[k]}), applied to
     * the full signal's gradient {@code G [2, len, b...]}: {@code mask * (G[k] + conj G[len - k])} for
     * {@code 1 <= k <= len - half}, {@code mask * G[k]} elsewhere.
     */
    private static Tensor hermitianAdjoint(Tensor gFull, long half) {
        Tensor g = gFull.movedim(0, 1);                                       // [len, 2, b...]
        long len = g.size(0), tail = len - half;
        Tensor r = g.narrow(0, 0, half);
        if (tail > 0) {
            Tensor mirrored = g.narrow(0, half, tail).flip(0).mul(FftOps.conjSigns(g));   // row i: conj G[len - 1 - i]
            List<Tensor> parts = new ArrayList<>(List.of(r.narrow(0, 0, 1), r.narrow(0, 1, tail).add(mirrored)));
            if (1 + tail < half) parts.add(r.narrow(0, 1 + tail, half - 1 - tail));
            r = Torch.cat(parts, 0);
        }
        return r.mul(FftOps.realOnlyMask(half, len, g));
    }

    // ---------------------------------------------------------------- mixed radix (Stockham)

    private static Tensor stages(Tensor x, int[] radices, int sign, double scale, boolean realOut) {
        DType t = x.dtype();
        Device dev = x.device();
        int nb = x.dim() - 2;                                 // batch dims
        long n = x.size(0), L = 1;
        List<Long> ls = new ArrayList<>();                    // the dims l of the state
        Tensor state = x;
        for (int s = 0; s < radices.length; s++) {
            int r = radices[s];
            long mp = n / (L * r);
            int p = (int) state.size(1), pOut = s == radices.length - 1 && realOut ? 1 : 2;
            // [r, M', P, l..., b...] -> [r, P, M', l..., b...] (a view)
            Tensor v = state.unflatten(0, r, mp).transpose(1, 2);
            boolean twiddled = L > 1;
            if (twiddled) v = v.unsqueeze(0).mul(twiddles(r, L, ls, nb, sign, t, dev));   // [2, r, P, M', l..., b...]
            long rows = (twiddled ? 2L : 1L) * r * p;
            Tensor out = butterflies(r, p, pOut, twiddled, sign, s == 0 ? scale : 1.0, t, dev).matmul(v.reshape(rows, -1));
            // [P', r, M', l..., b...] -> state [M', P', r, l..., b...] (a view)
            long[] shape = new long[3 + ls.size() + nb];
            shape[0] = pOut;
            shape[1] = r;
            shape[2] = mp;
            for (int i = 0; i < ls.size(); i++) shape[3 + i] = ls.get(i);
            for (int i = 0; i < nb; i++) shape[3 + ls.size() + i] = x.size(2 + i);
            long[] perm = new long[shape.length];
            perm[0] = 2;
            perm[1] = 0;
            perm[2] = 1;
            for (int i = 3; i < perm.length; i++) perm[i] = i;
            state = out.view(shape).permute(perm);
            ls.add(0, (long) r);
            L *= r;
        }
        // state [1, P', l..., b...]: contiguous over (l...), so n is one dim again
        long[] shape = new long[2 + nb];
        shape[0] = state.size(1);
        shape[1] = n;
        for (int i = 0; i < nb; i++) shape[2 + i] = x.size(2 + i);
        return state.reshape(shape);
    }

    /**
     * The radices of {@code n} (each at most {@link #MAX_RADIX}, or a prime up to {@link #MAX_PRIME_RADIX}), the
     * largest first; {@code {n}} for a short length with a large prime factor; null for Bluestein.
     */
    static int[] radices(long n) {
        List<Long> primes = new ArrayList<>();
        long m = n;
        for (long p = 2; p * p <= m; p++) {
            while (m % p == 0) {
                primes.add(p);
                m /= p;
            }
        }
        if (m > 1) primes.add(m);
        if (n == 1) return new int[] {1};
        if (primes.get(primes.size() - 1) > MAX_PRIME_RADIX) return n <= DIRECT_MAX ? new int[] {(int) n} : null;
        // first-fit decreasing: each prime goes into the first radix it fits in
        List<Long> radices = new ArrayList<>();
        for (int i = primes.size() - 1; i >= 0; i--) {
            long p = primes.get(i);
            int k = 0;
            while (k < radices.size() && radices.get(k) * p > MAX_RADIX) k++;
            if (k == radices.size()) radices.add(p);
            else radices.set(k, radices.get(k) * p);
        }
        radices.sort((a, b) -> Long.compare(b, a));
        return radices.stream().mapToInt(Long::intValue).toArray();
    }

    // ---------------------------------------------------------------- Bluestein

    /**
     * Bluestein's algorithm: with {@code jk = (j^2 + k^2 - (k-j)^2) / 2}, {@code X_k = w_k sum_j (x_j w_j) c_{k-j}}
     * for the chirps {@code w_j = exp(sign pi i j^2/n)} and {@code c = conj(w)}: a convolution, done by transforms
     * of a power-of-two length {@code M >= 2n - 1}.
     */
    private static Tensor bluestein(Tensor x, int sign, double scale, boolean realOut) {
        long n = x.size(0);
        long m = Long.highestOneBit(2 * n - 1) << (Long.bitCount(2 * n - 1) == 1 ? 0 : 1);
        DType t = x.dtype();
        Device dev = x.device();
        int nb = x.dim() - 2;
        Tensor[] w = chirp(n, sign, 1.0, nb, t, dev);
        Tensor a = cmul(x, w[0], w[1]);                                    // [n, 2, b...]
        long[] padShape = a.shapeArray();
        padShape[0] = m - n;
        a = Torch.cat(List.of(a, Torch.zeros(Torch.shape(padShape), Torch.dtype(t).device(dev))), 0);
        Tensor[] c = chirpSpectrum(n, m, sign, nb, t, dev);
        Tensor y = cmul(dft(a, -1, 1.0, false).movedim(0, 1), c[0], c[1]);  // [M, 2, b...]
        y = dft(y, 1, 1.0, false).narrow(1, 0, n).movedim(0, 1);           // [n, 2, b...]
        Tensor[] ws = chirp(n, sign, scale, nb, t, dev);
        if (realOut) {
            return y.select(1, 0).mul(ws[0].squeeze(1)).sub(y.select(1, 1).mul(ws[1].squeeze(1))).unsqueeze(0);
        }
        return cmul(y, ws[0], ws[1]).movedim(1, 0);
    }

    /** The chirp {@code scale * exp(sign pi i j^2 / n)}, j < n, as (re, im) of shape {@code [n, 1, 1...]}. */
    private static Tensor[] chirp(long n, int sign, double scale, int nb, DType t, Device dev) {
        Tensor[] c = CACHE.get(List.of("chirp", n, sign, scale, t, dev), () -> {
            double[] re = new double[(int) n], im = new double[(int) n];
            for (long j = 0; j < n; j++) {
                double[] w = unitRoot(sign * ((j * j) % (2 * n)), 2 * n);  // j^2 reduced mod 2n exactly
                re[(int) j] = scale * w[0];
                im[(int) j] = scale * w[1];
            }
            return new Tensor[] {constant(re, t, dev), constant(im, t, dev)};
        });
        long[] shape = new long[2 + nb];
        Arrays.fill(shape, 1);
        shape[0] = n;
        return new Tensor[] {c[0].view(shape), c[1].view(shape)};
    }

    /** The length-M DFT of the chirp {@code c_k = exp(-sign pi i k^2/n)} (|k| < n, wrapped), divided by M. */
    private static Tensor[] chirpSpectrum(long n, long m, int sign, int nb, DType t, Device dev) {
        Tensor[] c = CACHE.get(List.of("chirpSpectrum", n, m, sign, t, dev), () -> {
            double[] z = new double[(int) (2 * m)];
            for (long k = 0; k < n; k++) {
                double[] w = unitRoot(-sign * ((k * k) % (2 * n)), 2 * n);
                z[(int) (2 * k)] = w[0] / m;
                z[(int) (2 * k + 1)] = w[1] / m;
                if (k > 0) {
                    z[(int) (2 * (m - k))] = w[0] / m;
                    z[(int) (2 * (m - k) + 1)] = w[1] / m;
                }
            }
            Tensor spec = dft(Torch.fromArray(z, m, 2), -1, 1.0, false);  // [2, M] in double, on the CPU
            return new Tensor[] {spec.select(0, 0).to(dev, t), spec.select(0, 1).to(dev, t)};
        });
        long[] shape = new long[2 + nb];
        Arrays.fill(shape, 1);
        shape[0] = m;
        return new Tensor[] {c[0].view(shape), c[1].view(shape)};
    }

    /** {@code x * (wr + i wi)} for x {@code [n, P, b...]} (P = 1: a real signal); returns {@code [n, 2, b...]}. */
    private static Tensor cmul(Tensor x, Tensor wr, Tensor wi) {
        if (x.size(1) == 1) return Torch.cat(List.of(x.mul(wr), x.mul(wi)), 1);
        Tensor re = x.select(1, 0), im = x.select(1, 1);
        Tensor wr1 = wr.squeeze(1), wi1 = wi.squeeze(1);
        return Torch.stack(List.of(re.mul(wr1).sub(im.mul(wi1)), re.mul(wi1).add(im.mul(wr1))), 1);
    }

    // ---------------------------------------------------------------- constants

    /**
     * The stage's matrix, {@code [P' r, (2) r P]}: rows (output plane, q); columns (j, input plane), or
     * (factor of the twiddle's real/imaginary part, j, input plane) for a twiddled stage, whose input holds
     * {@code v Re(w)} and {@code v Im(w)}: the twiddled value is {@code (U_re - V_im) + i (V_re + U_im)}.
     */
    private static Tensor butterflies(int r, int p, int pOut, boolean twiddled, int sign, double scale, DType t, Device dev) {
        return CACHE.get(List.of("butterflies", r, p, pOut, twiddled, sign, scale, t, dev), () -> {
            int cols = (twiddled ? 2 : 1) * r * p;
            double[] g = new double[pOut * r * cols];
            for (int q = 0; q < r; q++) {
                for (int j = 0; j < r; j++) {
                    double[] w = unitRoot(sign * (((long) q * j) % r), r);
                    double wr = scale * w[0], wi = scale * w[1];
                    // A[co][ci]: output plane co from input plane ci of the DFT's complex product
                    double[][] A = {{wr, -wi}, {wi, wr}};
                    for (int co = 0; co < pOut; co++) {
                        int row = (co * r + q) * cols;
                        if (!twiddled) {
                            for (int ci = 0; ci < p; ci++) g[row + j * p + ci] = A[co][ci];
                        } else {                                   // columns (T, j, c), T = 0: v Re(w), T = 1: v Im(w)
                            g[row + (0 * r + j) * 2 + 0] = A[co][0];
                            g[row + (1 * r + j) * 2 + 1] = -A[co][0];
                            g[row + (1 * r + j) * 2 + 0] = A[co][1];
                            g[row + (0 * r + j) * 2 + 1] = A[co][1];
                        }
                    }
                }
            }
            return new Tensor[] {constant(g, t, dev).view(pOut * r, cols)};
        })[0];
    }

    /** {@code w_{rL}^{jk}} as {@code [2 (re, im), r, 1 (P), 1 (M'), l..., 1 (b)...]}. */
    private static Tensor twiddles(int r, long L, List<Long> ls, int nb, int sign, DType t, Device dev) {
        Tensor tw = CACHE.get(List.of("twiddles", r, L, sign, t, dev), () -> {
            long rl = r * L;
            double[] w = new double[(int) (2 * rl)];
            for (int j = 0; j < r; j++) {
                for (long k = 0; k < L; k++) {
                    double[] c = unitRoot(sign * ((j * k) % rl), rl);
                    w[(int) (j * L + k)] = c[0];
                    w[(int) (rl + j * L + k)] = c[1];
                }
            }
            return new Tensor[] {constant(w, t, dev)};
        })[0];
        long[] shape = new long[4 + ls.size() + nb];
        Arrays.fill(shape, 1);
        shape[0] = 2;
        shape[1] = r;
        for (int i = 0; i < ls.size(); i++) shape[4 + i] = ls.get(i);
        return tw.view(shape);
    }

    /**
     * {@code (cos, sin)} of {@code 2 pi p / q}, reduced by symmetry to an angle of at most pi/4 first (as pocketfft
     * does), so that the roots at multiples of pi/2 are exact and conjugate roots exact conjugates.
     */
    static double[] unitRoot(long p, long q) {
        p = Math.floorMod(p, q);
        if (2 * p > q) {                                   // 2 pi - a: conjugate
            double[] w = unitRoot(q - p, q);
            return new double[] {w[0], -w[1]};
        }
        if (4 * p > q) {                                   // pi - a
            double[] w = unitRoot(q - 2 * p, 2 * q);
            return new double[] {-w[0], w[1]};
        }
        if (8 * p > q) {                                   // pi/2 - a
            double[] w = unitRoot(q - 4 * p, 4 * q);
            return new double[] {w[1], w[0]};
        }
        double a = 2 * Math.PI * p / q;
        return new double[] {Math.cos(a), Math.sin(a)};
    }

    private static Tensor constant(double[] v, DType t, Device dev) {
        return Torch.fromArray(v).to(dev, t);
    }

    /**
     * Constants by key, least recently used dropped first beyond a budget of elements or of entries (on a GPU
     * each entry is one device allocation: thousands of small ones outlived the ops that made them).
     */
    private static final class Cache {
        private static final long BUDGET = 1L << 24;
        private static final int MAX_ENTRIES = 256;
        private final LinkedHashMap<List<Object>, Tensor[]> map = new LinkedHashMap<>(16, 0.75f, true);
        private long elements;

        Tensor[] get(List<Object> key, java.util.function.Supplier<Tensor[]> make) {
            synchronized (this) {
                Tensor[] v = map.get(key);
                if (v != null) return v;
            }
            Tensor[] v;
            try (var g = Torch.noGrad()) {
                v = make.get();
            }
            synchronized (this) {
                if (map.putIfAbsent(key, v) == null) {
                    elements += size(v);
                    var it = map.entrySet().iterator();
                    while ((elements > BUDGET || map.size() > MAX_ENTRIES) && map.size() > 1 && it.hasNext()) {
                        Map.Entry<List<Object>, Tensor[]> e = it.next();
                        if (e.getKey().equals(key)) continue;
                        elements -= size(e.getValue());
                        it.remove();
                    }
                }
                return map.get(key) != null ? map.get(key) : v;
            }
        }

        private static long size(Tensor[] v) {
            long s = 0;
            for (Tensor x : v) s += x.numel();
            return s;
        }
    }

    private static final Cache CACHE = new Cache();
}
