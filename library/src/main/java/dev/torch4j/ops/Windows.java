package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Defaults;

/**
 * Window functions for spectral analysis ({@code torch.hann_window} ...), computed as PyTorch computes them: from
 * {@code arange} in the window's own dtype, with a periodic window the first {@code N} points of the symmetric
 * window of {@code N + 1}.
 */
public final class Windows {
    private Windows() {}

    /** {@code torch.hamming_window(N, periodic, alpha, beta)}: {@code alpha - beta cos(2 pi n / (L - 1))}. */
    public static Tensor hamming(String op, long n, boolean periodic, double alpha, double beta, TensorOptions o) {
        return make(op, n, periodic, o, (w, len) -> w.mul(2 * Math.PI / (len - 1)).cos().mul(-beta).add(alpha));
    }

    /** {@code torch.blackman_window(N, periodic)}: {@code 0.42 - 0.5 cos(2 pi n / (L - 1)) + 0.08 cos(4 pi n / (L - 1))}. */
    public static Tensor blackman(long n, boolean periodic, TensorOptions o) {
        return make("blackman_window", n, periodic, o, (w, len) -> {
            Tensor x = w.mul(Math.PI / (len - 1));
            return x.mul(4).cos().mul(0.08).sub(x.mul(2).cos().mul(0.5)).add(0.42);
        });
    }

    /** {@code torch.bartlett_window(N, periodic)}: the triangle {@code 1 - |2n / (L - 1) - 1|}. */
    public static Tensor bartlett(long n, boolean periodic, TensorOptions o) {
        return make("bartlett_window", n, periodic, o, (w, len) -> {
            Tensor x = w.mul(2.0 / (len - 1));
            long firstHalf = ((len - 1) >> 1) + 1;
            x.narrow(0, firstHalf, len - firstHalf).mul_(-1).add_(2);
            return x;
        });
    }

    /** {@code torch.kaiser_window(N, periodic, beta)}: {@code I0(beta sqrt(1 - ((n - a) / a)^2)) / I0(beta)}, a = (L - 1) / 2. */
    public static Tensor kaiser(long n, boolean periodic, double beta, TensorOptions o) {
        return make("kaiser_window", n, periodic, o, (w, len) -> {
            double a = (len - 1) / 2.0, i0Beta = Bessel.value(Bessel.Kind.I0, beta);
            return SpecialOps.pointwise(v -> {
                double r = (v[0] - a) / a;
                return Bessel.value(Bessel.Kind.I0, beta * Math.sqrt(1 - r * r)) / i0Beta;
            }, w);
        });
    }

    private interface Shape {
        Tensor apply(Tensor arange, long length);
    }

    private static Tensor make(String op, long n, boolean periodic, TensorOptions o, Shape shape) {
        if (n < 0) throw new IllegalArgumentException(op + " requires non-negative window_length, got window_length=" + n);
        DType dtype = o.dtypeOr(Defaults.floatDType());
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + " expects floating point dtypes, got: " + dtype);
        }
        TensorOptions opts = Torch.dtype(dtype).device(o.deviceOrCpu());
        Tensor w;
        try (var g = GradMode.noGrad()) {
            if (n <= 1) {
                w = Torch.ones(Torch.shape(n), opts);
            } else {
                long len = periodic ? n + 1 : n;
                w = shape.apply(Torch.arange(0, len, 1, opts), len).to(dtype);
                if (periodic) w = w.narrow(0, 0, n).contiguous();
            }
        }
        return o.requiresGrad() ? w.requiresGrad_(true) : w;
    }
}
