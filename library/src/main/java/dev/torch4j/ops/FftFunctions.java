package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.core.Defaults;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * {@code torch.fft}'s n-dimensional transforms (one {@link FftOps} transform per dim: the DFT is separable), the
 * sample frequencies and the shifts.
 */
public final class FftFunctions {
    private FftFunctions() {}

    /** The dims and signal sizes of an n-dimensional transform: PyTorch's canonicalize_fft_shape_and_dim_args. */
    record ShapeAndDims(int[] dim, long[] shape) {}

    static ShapeAndDims canonicalize(String op, Tensor x, long[] s, long[] dims) {
        int nd = x.dim();
        int[] d = null;
        if (dims != null) {
            d = new int[dims.length];
            for (int i = 0; i < d.length; i++) d[i] = Shapes.wrapDim(op, dims[i], nd);
            int[] sorted = d.clone();
            Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] == sorted[i - 1]) throw new IllegalArgumentException(op + ": FFT dims must be unique");
            }
        }
        long[] shape;
        if (s != null) {
            if (d != null && d.length != s.length) {
                throw new IllegalArgumentException(op + ": When given, dim and shape arguments must have the same length");
            }
            if (s.length > nd) {
                throw new IllegalArgumentException(op + ": Got shape with " + s.length + " values but input tensor only has " + nd
                        + " dimensions.");
            }
            if (d == null) {
                d = new int[s.length];
                for (int i = 0; i < d.length; i++) d[i] = nd - s.length + i;
            }
            shape = new long[s.length];
            for (int i = 0; i < s.length; i++) shape[i] = s[i] == -1 ? x.size(d[i]) : s[i];
        } else {
            if (d == null) {
                d = new int[nd];
                for (int i = 0; i < nd; i++) d[i] = i;
            }
            shape = new long[d.length];
            for (int i = 0; i < d.length; i++) shape[i] = x.size(d[i]);
        }
        for (long n : shape) FftOps.checkPoints(op, n);
        return new ShapeAndDims(d, shape);
    }

    /** fftn / ifftn (and fft2 / ifft2 with their default dims). */
    public static Tensor c2cn(String op, Tensor input, long[] s, long[] dim, String norm, boolean forward) {
        Tensor x = FftOps.promote(op, input, false);
        ShapeAndDims sd = canonicalize(op, x, s, dim);
        if (sd.dim().length == 0) return ComplexOps.clone(ComplexOps.asComplex(x, x.dtype().isComplex() ? x.dtype() : x.dtype().toComplex()));
        FftOps.scale(op, norm, 1, forward);                       // the mode is checked before any work
        for (int i = sd.dim().length - 1; i >= 0; i--) {
            long n = sd.shape()[i];
            x = FftOps.along(x, sd.dim()[i], n, n, FftOps.sign(forward), FftOps.scale(op, norm, n, forward), false);
        }
        return x;
    }

    /** rfftn / ihfftn: the real-to-complex transform on the last dim, then complex-to-complex on the others. */
    public static Tensor r2cn(String op, Tensor input, long[] s, long[] dim, String norm, boolean forward) {
        if (input.isComplex()) {
            throw new IllegalArgumentException(op + " expects a real-valued input tensor, but got " + input.dtype().scalarTypeName());
        }
        Tensor x = FftOps.promote(op, input, false);
        ShapeAndDims sd = canonicalize(op, x, s, dim);
        int k = sd.dim().length;
        if (k == 0) throw new IllegalArgumentException(op + " must transform at least one axis");
        long last = sd.shape()[k - 1];
        // ihfftn is the conjugate of the forward transform: the inverse direction throughout
        x = FftOps.along(x, sd.dim()[k - 1], last, last / 2 + 1, FftOps.sign(forward), FftOps.scale(op, norm, last, forward), false);
        for (int i = k - 2; i >= 0; i--) {
            long n = sd.shape()[i];
            x = FftOps.along(x, sd.dim()[i], n, n, FftOps.sign(forward), FftOps.scale(op, norm, n, forward), false);
        }
        return x;
    }

    /** irfftn / hfftn: complex-to-complex on all but the last dim, then complex-to-real on the last. */
    public static Tensor c2rn(String op, Tensor input, long[] s, long[] dim, String norm, boolean forward) {
        Tensor x = FftOps.promote(op, input, true);
        ShapeAndDims sd = canonicalize(op, x, s, dim);
        int k = sd.dim().length;
        if (k == 0) throw new IllegalArgumentException(op + " must transform at least one axis");
        long last = s == null || s[s.length - 1] == -1 ? 2 * (x.size(sd.dim()[k - 1]) - 1) : sd.shape()[k - 1];
        FftOps.checkPoints(op, last);
        FftOps.scale(op, norm, 1, forward);
        for (int i = 0; i < k - 1; i++) {
            long n = sd.shape()[i];
            x = FftOps.along(x, sd.dim()[i], n, n, FftOps.sign(forward), FftOps.scale(op, norm, n, forward), false);
        }
        return FftOps.hermitian(x, sd.dim()[k - 1], last, FftOps.sign(forward), FftOps.scale(op, norm, last, forward));
    }

    // ---------------------------------------------------------------- frequencies and shifts

    /** fftfreq / rfftfreq: {@code arange} times {@code 1 / (n d)}, the upper half negative for fftfreq (PyTorch's order of rounding). */
    public static Tensor freq(String op, long n, double d, TensorOptions options, boolean onesided) {
        DType t = options.dtypeOr(Defaults.floatDType());
        if (!t.isFloatingPoint() && !t.isComplex()) {
            throw new IllegalArgumentException(op + " requires a floating point or complex dtype");
        }
        if (n < 0) throw new IllegalArgumentException(op + ": Trying to create tensor with negative dimension " + n + ": [" + n + "]");
        DType real = t.isComplex() ? t.toReal() : t;
        TensorOptions o = options.dtype(real).requiresGrad(false);
        Tensor r;
        if (onesided) {
            r = Torch.arange(0, n / 2 + 1, 1, o);
        } else {
            long pos = (n + 1) / 2;
            r = Torch.cat(Torch.arange(0, pos, 1, o), Torch.arange(-(n / 2), 0, 1, o));
        }
        r = r.mul(1.0 / (n * d));
        if (t.isComplex()) r = ComplexOps.asComplex(r, t);
        return options.requiresGrad() ? r.requiresGrad_(true) : r;
    }

    /** fftshift / ifftshift: a roll by half of each dim's size (all dims when dims is null). */
    public static Tensor shift(String op, Tensor x, long[] dims, boolean inverse) {
        int nd = x.dim();
        long[] d = dims;
        if (d == null) {
            d = new long[nd];
            for (int i = 0; i < nd; i++) d[i] = i;
        }
        long[] shifts = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            long size = x.size(Shapes.wrapDim(op, d[i], nd));
            shifts[i] = inverse ? (size + 1) / 2 : size / 2;
        }
        if (!x.isComplex()) return x.roll(shifts, d);
        long[] wrapped = new long[d.length];
        for (int i = 0; i < d.length; i++) wrapped[i] = Shapes.wrapDim(op, d[i], nd);
        return ComplexOps.complexResult(x.viewAsReal().roll(shifts, wrapped));
    }
}
