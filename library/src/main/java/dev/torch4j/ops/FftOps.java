package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Defaults;
import dev.torch4j.core.Shapes;

import java.util.List;

/**
 * {@code torch.fft}'s transforms along one dim, as PyTorch's SpectralOps.cpp defines them: argument checks, dtype
 * promotion, zero-padding or trimming to {@code n}, normalization, and the Hermitian symmetry of the real
 * transforms. The arithmetic is {@link FftKernel}'s, on the real view of the signal. The n-dimensional forms, the
 * frequencies and the shifts are in {@link FftFunctions}.
 */
public final class FftOps {
    private FftOps() {}

    /** The sign of the exponent: {@code exp(-2 pi i jk/n)} for a forward transform. */
    static int sign(boolean forward) { return forward ? -1 : 1; }

    /**
     * The factor a transform of length {@code n} scales by; {@code forward} is the direction that "backward"
     * normalization leaves unscaled (fft, rfft, hfft).
     */
    static double scale(String op, String norm, long n, boolean forward) {
        if (norm == null || norm.equals("backward")) return forward ? 1.0 : 1.0 / n;
        if (norm.equals("forward")) return forward ? 1.0 / n : 1.0;
        if (norm.equals("ortho")) return 1.0 / Math.sqrt(n);
        throw new IllegalArgumentException(op + ": Invalid normalization mode: \"" + norm + "\"");
    }

    /**
     * PyTorch's promote_type_fft: complex stays, float32/float64 stay (made complex when required), integers and
     * bool take the default float dtype; half types have no CPU transform in PyTorch.
     */
    static Tensor promote(String op, Tensor x, boolean requireComplex) {
        DType t = x.dtype();
        if (t.isComplex()) return x;
        if (t == DType.FLOAT16 || t == DType.BFLOAT16) throw new IllegalArgumentException(op + ": Unsupported dtype " + t.scalarTypeName());
        if (!t.isFloatingPoint()) t = Defaults.floatDType();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) throw new IllegalArgumentException(op + ": Unsupported dtype " + t.scalarTypeName());
        return requireComplex ? ComplexOps.asComplex(x, t.toComplex()) : x.to(t);
    }

    static void checkPoints(String op, long n) {
        if (n < 1) throw new IllegalArgumentException(op + ": Invalid number of data points (" + n + ") specified");
    }

    /** PyTorch reads a 0-d tensor's length as 0; with n given, the dim itself is the error. */
    static void requireDims(String op, Tensor x, long dim) {
        if (x.dim() == 0) throw new IndexOutOfBoundsException(op + ": Dimension specified as " + dim + " but tensor has no dimensions");
    }

    /** The dim wrapped (PyTorch's maybe_wrap_dim), or its error naming the op. */
    static int wrap(String op, long dim, Tensor x) { return Shapes.wrapDim(op, dim, x.dim()); }

    /** The length of dim {@code d} (0 for a 0-d tensor, as PyTorch reads it). */
    static long size(Tensor x, int d) { return x.dim() == 0 ? 0 : x.size(d); }

    // ---------------------------------------------------------------- one dim

    /** A one-dim transform's checked arguments: the promoted input, the dim, the signal length and the scale. */
    private record Args(Tensor x, int d, long len, double scale) {}

    /** PyTorch's checks in its order; {@code hermitian}: the default length is {@code 2 (m - 1)} (irfft, hfft). */
    private static Args args(String op, Tensor input, Long n, long dim, String norm, boolean forward, boolean complex,
                             boolean hermitian) {
        Tensor x = promote(op, input, complex);
        int d = wrap(op, dim, x);
        long len = n != null ? n : hermitian ? 2 * (size(x, d) - 1) : size(x, d);
        checkPoints(op, len);
        requireDims(op, x, dim);
        return new Args(x, d, len, scale(op, norm, len, forward));
    }

    /** fft / ifft: complex-to-complex (a real input is promoted; its transform reads one plane). */
    public static Tensor c2c(String op, Tensor input, Long n, long dim, String norm, boolean forward) {
        Args a = args(op, input, n, dim, norm, forward, false, false);
        return along(a.x(), a.d(), a.len(), a.len(), sign(forward), a.scale(), false);
    }

    /** rfft / ihfft: real-to-complex, the {@code n/2 + 1} non-negative frequencies (ihfft: conjugated, inverse). */
    public static Tensor r2c(String op, Tensor input, Long n, long dim, String norm, boolean forward) {
        if (input.isComplex()) {
            throw new IllegalArgumentException(op + " expects a real input tensor, but got " + input.dtype().scalarTypeName());
        }
        Args a = args(op, input, n, dim, norm, forward, false, false);
        return along(a.x(), a.d(), a.len(), a.len() / 2 + 1, sign(forward), a.scale(), false);
    }

    /**
     * irfft / hfft: complex-to-real, reading the {@code n/2 + 1} non-negative frequencies of a Hermitian signal
     * (the imaginary parts of the zero and, for even n, Nyquist frequencies are ignored, as pocketfft does). hfft is
     * the forward transform of that Hermitian signal.
     */
    public static Tensor c2r(String op, Tensor input, Long n, long dim, String norm, boolean forward) {
        Args a = args(op, input, n, dim, norm, forward, true, true);
        return hermitian(a.x(), a.d(), a.len(), sign(forward), a.scale());
    }

    /**
     * The transform of {@code x} (real or complex) along {@code d}, zero-padded or trimmed to {@code len}; the
     * first {@code keep} frequencies, complex (or real when {@code realOut}).
     */
    static Tensor along(Tensor x, int d, long len, long keep, int sign, double scale, boolean realOut) {
        Tensor planes = toSignal(x, d, len);
        Tensor y = FftKernel.dft(planes, sign, scale, realOut, keep);
        return fromSpectrum(y, x.shapeArray(), d);
    }

    /** The Hermitian signal whose first {@code len/2 + 1} frequencies {@code x} holds along {@code d}, transformed: real. */
    static Tensor hermitian(Tensor x, int d, long len, int sign, double scale) {
        long half = len / 2 + 1;
        Tensor h = toSignal(x, d, half);                                           // [half, 2, b...]
        Tensor fast = FftKernel.hermitianDft(h, len, sign, scale);
        if (fast != null) return fromSpectrum(fast, x.shapeArray(), d);
        h = h.mul(realOnlyMask(half, len, h));
        long tail = len - half;                                                    // X[k] = conj(X[len - k]), k >= half
        if (tail > 0) h = Torch.cat(List.of(h, h.narrow(0, 1, tail).flip(0).mul(conjSigns(h))), 0);
        Tensor y = FftKernel.dft(h, sign, scale, true);
        return fromSpectrum(y, x.shapeArray(), d);
    }

    /**
     * For a half spectrum {@code [half, 2, b...]} like {@code like}: ones, but zero at the imaginary parts of
     * frequency 0 and (even len) len/2, which a real signal's spectrum does not have; shaped to broadcast.
     */
    static Tensor realOnlyMask(long half, long len, Tensor like) {
        Tensor m = Torch.ones(Torch.shape(half, 2), Torch.dtype(like.dtype()).device(like.device()));
        m.select(0, 0).select(0, 1).fill_(0);
        if (len % 2 == 0) m.select(0, half - 1).select(0, 1).fill_(0);
        return m.view(planesShape(half, like.dim() - 2));
    }

    /** {@code [1, -1]} over the planes of a {@code [n, 2, b...]} signal like {@code like}: multiplying conjugates. */
    static Tensor conjSigns(Tensor like) {
        return Torch.tensor(new double[] {1, -1}).to(like.device(), like.dtype()).view(planesShape(1, like.dim() - 2));
    }

    private static long[] planesShape(long n, int nb) {
        long[] s = new long[2 + nb];
        java.util.Arrays.fill(s, 1);
        s[0] = n;
        s[1] = 2;
        return s;
    }

    /** {@code x} along {@code d} as FftKernel's {@code [len, P, b...]}: the real view permuted, trimmed or zero-padded. */
    static Tensor toSignal(Tensor x, int d, long len) {
        Tensor r = x.isComplex() ? x.viewAsReal() : x.unsqueeze(-1);
        int nd = r.dim();
        long[] perm = new long[nd];
        perm[0] = d;
        perm[1] = nd - 1;
        for (int i = 0, k = 2; i < nd - 1; i++) if (i != d) perm[k++] = i;
        Tensor s = r.permute(perm);
        long have = s.size(0);
        if (len < have) return s.narrow(0, 0, len);
        if (len > have) {
            long[] pad = s.shapeArray();
            pad[0] = len - have;
            return Torch.cat(List.of(s, Torch.zeros(Torch.shape(pad), Torch.dtype(s.dtype()).device(s.device()))), 0);
        }
        return s;
    }

    /** FftKernel's {@code [P, n, b...]} back in the input's layout (dim d of length n): complex for P = 2, else real. */
    static Tensor fromSpectrum(Tensor y, long[] inShape, int d) {
        int nd = inShape.length;
        // y's dims: plane, d, then the input's other dims in order
        long[] perm = new long[nd + 1];
        for (int i = 0, k = 2; i < nd; i++) perm[i] = i == d ? 1 : k++;
        perm[nd] = 0;
        Tensor r = y.permute(perm).contiguous();
        // an empty batch: any strides count as contiguous, but a complex view needs the dense ones
        if (r.numel() == 0) r = Torch.zeros(Torch.shape(r.shapeArray()), Torch.dtype(r.dtype()).device(r.device()));
        return y.size(0) == 2 ? ComplexOps.complexResult(r) : r.squeeze(-1);
    }
}
