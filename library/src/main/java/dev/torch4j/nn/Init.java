package dev.torch4j.nn;

import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * {@code torch.nn.init}: in-place initialisers, run without recording a graph, drawing from the default generator
 * (or the one given), so {@code manualSeed(0)} followed by the same calls gives PyTorch's numbers. Bounds are
 * computed in double precision exactly as PyTorch computes them in Python.
 *
 * <pre>{@code
 * Init.kaimingUniform_(w, Math.sqrt(5));   // Linear's default weight init
 * Init.xavierNormal_(w, Init.calculateGain("tanh"));
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** {@code calculate_gain(nonlinearity)}: 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for relu, ... */
    public static double calculateGain(String nonlinearity) { return calculateGain(nonlinearity, null); }

    /** {@code calculate_gain(nonlinearity, param)}: {@code param} is leaky_relu's negative slope (default 0.01). */
    public static double calculateGain(String nonlinearity, Double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid" -> 1;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = param == null ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        };
    }

    /** {@code _calculate_fan_in_and_fan_out}: {fan_in, fan_out} of a weight of at least 2 dims. */
    public static long[] calculateFanInAndFanOut(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        }
        long receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new long[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    private static long fan(Tensor t, String mode) {
        long[] f = calculateFanInAndFanOut(t);
        return switch (mode) {
            case "fan_in" -> f[0];
            case "fan_out" -> f[1];
            default -> throw new IllegalArgumentException("Mode " + mode + " not supported, please use one of fan_in, fan_out");
        };
    }

    /** Set while {@link Utils#skipInit} constructs a module: the drawing initialisers leave their tensor as it is. */
    static final ThreadLocal<Boolean> SKIPPING = ThreadLocal.withInitial(() -> false);

    private static boolean empty(Tensor t) {
        for (long s : t.shapeArray()) if (s == 0) return true;
        return false;
    }

    /** {@code uniform_(t, a, b)}. */
    public static Tensor uniform_(Tensor t, double a, double b) { return uniform_(t, a, b, null); }

    /** {@code uniform_(t, a, b, generator)}. */
    public static Tensor uniform_(Tensor t, double a, double b, Generator generator) {
        if (SKIPPING.get()) return t;
        try (var g = GradMode.noGrad()) {
            return t.uniform_(a, b, generator);
        }
    }

    /** {@code normal_(t, mean, std)}. */
    public static Tensor normal_(Tensor t, double mean, double std) { return normal_(t, mean, std, null); }

    /** {@code normal_(t, mean, std, generator)}. */
    public static Tensor normal_(Tensor t, double mean, double std, Generator generator) {
        if (SKIPPING.get()) return t;
        try (var g = GradMode.noGrad()) {
            return t.normal_(mean, std, generator);
        }
    }

    /** {@code constant_(t, value)}. */
    public static Tensor constant_(Tensor t, double value) {
        try (var g = GradMode.noGrad()) {
            return t.fill_(value);
        }
    }

    /** {@code ones_(t)}. */
    public static Tensor ones_(Tensor t) { return constant_(t, 1); }

    /** {@code zeros_(t)}. */
    public static Tensor zeros_(Tensor t) { return constant_(t, 0); }

    /** {@code trunc_normal_(t)}: N(0, 1) truncated to [-2, 2]. */
    public static Tensor truncNormal_(Tensor t) { return truncNormal_(t, 0, 1, -2, 2, null); }

    /** {@code trunc_normal_(t, mean, std, a, b)}. */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b) { return truncNormal_(t, mean, std, a, b, null); }

    /**
     * {@code trunc_normal_(t, mean, std, a, b, generator)}: N(mean, std) truncated to [a, b], as PyTorch draws it
     * (uniform in the CDF's range, the inverse error function, then scale, shift and clamp), so the same seed gives
     * the same values. The inverse error function runs on the host.
     */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b, Generator generator) {
        if (SKIPPING.get()) return t;
        double l = normCdf((a - mean) / std), u = normCdf((b - mean) / std);
        try (var g = GradMode.noGrad()) {
            t.uniform_(2 * l - 1, 2 * u - 1, generator);
            double[] v = t.cpu().toDoubleArray();
            for (int i = 0; i < v.length; i++) v[i] = erfinv(v[i]);
            t.copy_(Torch.fromArray(v, t.shapeArray()).to(t.dtype()));
            t.mul_(std * Math.sqrt(2.0));
            t.add_(mean);
            return t.clamp_(a, b);
        }
    }

    private static double normCdf(double x) { return (1.0 + dev.torch4j.backend.Erf.erf(x / Math.sqrt(2.0))) / 2.0; }

    /** The inverse error function: Giles's approximation refined by two Newton steps on erf (double accuracy). */
    static double erfinv(double y) {
        if (Double.isNaN(y) || y < -1 || y > 1) return Double.NaN;
        if (y == 1) return Double.POSITIVE_INFINITY;
        if (y == -1) return Double.NEGATIVE_INFINITY;
        double w = -Math.log((1.0 - y) * (1.0 + y)), x;
        if (w < 5.0) {
            w -= 2.5;
            double p = 2.81022636e-08;
            p = 3.43273939e-07 + p * w; p = -3.5233877e-06 + p * w; p = -4.39150654e-06 + p * w; p = 0.00021858087 + p * w;
            p = -0.00125372503 + p * w; p = -0.00417768164 + p * w; p = 0.246640727 + p * w; p = 1.50140941 + p * w;
            x = p * y;
        } else {
            w = Math.sqrt(w) - 3.0;
            double p = -0.000200214257;
            p = 0.000100950558 + p * w; p = 0.00134934322 + p * w; p = -0.00367342844 + p * w; p = 0.00573950773 + p * w;
            p = -0.0076224613 + p * w; p = 0.00943887047 + p * w; p = 1.00167406 + p * w; p = 2.83297682 + p * w;
            x = p * y;
        }
        for (int i = 0; i < 2; i++) { // Newton: erf'(x) = 2 / sqrt(pi) * exp(-x^2)
            double err = dev.torch4j.backend.Erf.erf(x) - y;
            x -= err / (2.0 / Math.sqrt(Math.PI) * Math.exp(-x * x));
        }
        return x;
    }

    /** {@code dirac_(t)}: the identity convolution kernel (3-d to 5-d weights). */
    public static Tensor dirac_(Tensor t) { return dirac_(t, 1); }

    /** {@code dirac_(t, groups)}: per group, each output channel passes one input channel through at the kernel's centre. */
    public static Tensor dirac_(Tensor t, long groups) {
        int dims = t.dim();
        if (dims < 3 || dims > 5) throw new IllegalArgumentException("Only tensors with 3, 4, or 5 dimensions are supported");
        if (t.size(0) % groups != 0) throw new IllegalArgumentException("dim 0 must be divisible by groups");
        long outPerGroup = t.size(0) / groups, minDim = Math.min(outPerGroup, t.size(1));
        try (var g = GradMode.noGrad()) {
            t.zero_();
            for (long gr = 0; gr < groups; gr++) {
                for (long d = 0; d < minDim; d++) {
                    Object[] idx = new Object[dims];
                    idx[0] = gr * outPerGroup + d;
                    idx[1] = d;
                    for (int k = 2; k < dims; k++) idx[k] = t.size(k) / 2;
                    t.indexPut_(idx, 1.0);
                }
            }
            return t;
        }
    }

    /** {@code orthogonal_(t)}: a (semi-)orthogonal matrix over the first dim and the rest flattened. */
    public static Tensor orthogonal_(Tensor t) { return orthogonal_(t, 1.0, null); }

    /**
     * {@code orthogonal_(t, gain, generator)}: as PyTorch: a standard normal {@code rows x cols} matrix (transposed
     * when wide), its QR decomposition with the signs of R's diagonal moved into Q, times {@code gain}. The QR
     * (Householder, in double) runs on the host.
     */
    public static Tensor orthogonal_(Tensor t, double gain, Generator generator) {
        if (t.dim() < 2) throw new IllegalArgumentException("Only tensors with 2 or more dimensions are supported");
        if (t.numel() == 0 || SKIPPING.get()) return t;
        int rows = (int) t.size(0), cols = (int) (t.numel() / rows);
        try (var g = GradMode.noGrad()) {
            Tensor flat = Torch.empty(Torch.shape(rows, cols), Torch.dtype(t.dtype()).device(t.device())).normal_(0, 1, generator);
            boolean wide = rows < cols;
            Tensor m = wide ? flat.t() : flat;
            int r = (int) m.size(0), c = (int) m.size(1);
            double[][] q = householderQ(m.contiguous().to(dev.torch4j.DType.FLOAT64).toDoubleArray(), r, c);
            double[] out = new double[r * c];
            for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) out[i * c + j] = q[i][j];
            Tensor qt = Torch.fromArray(out, r, c);
            if (wide) qt = qt.t();
            t.view(rows, cols).copy_(qt.to(t.dtype()));
            return t.mul_(gain);
        }
    }

    /** The thin Q (r x c, r >= c) of {@code a = QR} with R's diagonal made non-negative (LAPACK's Q times sign(diag R)). */
    private static double[][] householderQ(double[] a, int r, int c) {
        double[][] m = new double[r][c];
        for (int i = 0; i < r; i++) System.arraycopy(a, i * c, m[i], 0, c);
        double[][] vs = new double[c][];
        double[] diag = new double[c];
        for (int k = 0; k < c; k++) {
            double norm = 0;
            for (int i = k; i < r; i++) norm += m[i][k] * m[i][k];
            norm = Math.sqrt(norm);
            double alpha = m[k][k] > 0 ? -norm : norm;
            double[] v = new double[r];
            for (int i = k; i < r; i++) v[i] = m[i][k];
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < r; i++) vv += v[i] * v[i];
            if (vv > 0) {
                for (int j = k; j < c; j++) {
                    double s = 0;
                    for (int i = k; i < r; i++) s += v[i] * m[i][j];
                    s = 2 * s / vv;
                    for (int i = k; i < r; i++) m[i][j] -= s * v[i];
                }
            }
            vs[k] = vv > 0 ? v : null;
            diag[k] = m[k][k];
        }
        double[][] q = new double[r][c];
        for (int j = 0; j < c; j++) q[j][j] = 1;
        for (int k = c - 1; k >= 0; k--) {
            double[] v = vs[k];
            if (v == null) continue;
            double vv = 0;
            for (int i = k; i < r; i++) vv += v[i] * v[i];
            for (int j = 0; j < c; j++) {
                double s = 0;
                for (int i = k; i < r; i++) s += v[i] * q[i][j];
                s = 2 * s / vv;
                for (int i = k; i < r; i++) q[i][j] -= s * v[i];
            }
        }
        for (int j = 0; j < c; j++) {
            if (diag[j] < 0) for (int i = 0; i < r; i++) q[i][j] = -q[i][j];
        }
        return q;
    }

    /** {@code eye_(t)}: the identity in a 2-D tensor. */
    public static Tensor eye_(Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException("Only tensors with 2 dimensions are supported");
        try (var g = GradMode.noGrad()) {
            return t.copy_(Torch.eye(t.size(0), t.size(1)));
        }
    }

    /** {@code xavier_uniform_(t)} with gain 1. */
    public static Tensor xavierUniform_(Tensor t) { return xavierUniform_(t, 1.0, null); }

    /** {@code xavier_uniform_(t, gain, generator)}: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor t, double gain, Generator generator) {
        double a = Math.sqrt(3.0) * xavierStd("xavier_uniform_", t, gain);
        return uniform_(t, -a, a, generator);
    }

    /** {@code xavier_normal_(t)} with gain 1. */
    public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1.0, null); }

    /** {@code xavier_normal_(t, gain, generator)}: N(0, std), std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor t, double gain, Generator generator) {
        return normal_(t, 0, xavierStd("xavier_normal_", t, gain), generator);
    }

    /** {@code gain * sqrt(2 / (fan_in + fan_out))}; PyTorch's Python divides by zero for an empty tensor, so it fails. */
    private static double xavierStd(String op, Tensor t, double gain) {
        long[] f = calculateFanInAndFanOut(t);
        if (f[0] + f[1] == 0) {
            throw new ArithmeticException(op + ": fan_in + fan_out is 0 for a tensor of shape " + java.util.Arrays.toString(t.shapeArray())
                    + " (PyTorch: float division by zero)");
        }
        return gain * Math.sqrt(2.0 / (double) (f[0] + f[1]));
    }

    /** {@code kaiming_uniform_(t, a=a)} with mode fan_in and leaky_relu. */
    public static Tensor kaimingUniform_(Tensor t, double a) { return kaimingUniform_(t, a, "fan_in", "leaky_relu", null); }

    /**
     * {@code kaiming_uniform_(t, a, mode, nonlinearity, generator)}: U(-bound, bound) with
     * bound = sqrt(3) * gain / sqrt(fan). A zero-element tensor is left as is.
     */
    public static Tensor kaimingUniform_(Tensor t, double a, String mode, String nonlinearity, Generator generator) {
        if (empty(t)) return t;
        long fan = fan(t, mode);
        double gain = calculateGain(nonlinearity, a);
        double std = gain / Math.sqrt(fan);
        double bound = Math.sqrt(3.0) * std;
        return uniform_(t, -bound, bound, generator);
    }

    /** {@code kaiming_normal_(t, a=a)} with mode fan_in and leaky_relu. */
    public static Tensor kaimingNormal_(Tensor t, double a) { return kaimingNormal_(t, a, "fan_in", "leaky_relu", null); }

    /** {@code kaiming_normal_(t, a, mode, nonlinearity, generator)}: N(0, gain / sqrt(fan)). */
    public static Tensor kaimingNormal_(Tensor t, double a, String mode, String nonlinearity, Generator generator) {
        if (empty(t)) return t;
        long fan = fan(t, mode);
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan);
        return normal_(t, 0, std, generator);
    }

    /** {@code sparse_(t, sparsity)} with std 0.01. */
    public static Tensor sparse_(Tensor t, double sparsity) { return sparse_(t, sparsity, 0.01, null); }

    /** {@code sparse_(t, sparsity, std)}. */
    public static Tensor sparse_(Tensor t, double sparsity, double std) { return sparse_(t, sparsity, std, null); }

    /**
     * {@code sparse_(t, sparsity, std, generator)}: the 2-d tensor drawn from N(0, std), then in each column the rows
     * named by the first {@code ceil(sparsity * rows)} entries of a fresh {@code randperm(rows)} set to zero. The
     * draws are PyTorch's, in its order (the whole normal fill, then one permutation per column), so the same seed
     * gives the same tensor.
     *
     * <pre>{@code
     * Init.sparse_(Torch.empty(Torch.shape(6, 4)), 0.5);   // 3 zeros in each column
     * }</pre>
     */
    public static Tensor sparse_(Tensor t, double sparsity, double std, Generator generator) {
        if (t.dim() != 2) throw new IllegalArgumentException("Only tensors with 2 dimensions are supported");
        if (SKIPPING.get()) return t;
        long rows = t.size(0), cols = t.size(1);
        // Python's row_indices[:num_zeros] clamps the slice to the permutation's length
        long numZeros = Math.min(rows, Math.max(0, (long) Math.ceil(sparsity * rows)));
        try (var g = GradMode.noGrad()) {
            t.normal_(0, std, generator);
            for (long c = 0; c < cols; c++) {
                Tensor rowIndices = Torch.randperm(rows, TensorOptions.DEFAULT, generator);
                t.select(1, c).indexFill_(0, rowIndices.narrow(0, 0, numZeros).to(t.device()), 0.0);
            }
        }
        return t;
    }

    /**
     * The default initialisation of {@code nn.Linear} and {@code nn.ConvNd} ({@code reset_parameters}): weight
     * {@code kaiming_uniform_(a=sqrt(5))}, bias uniform in {@code [-1/sqrt(fan_in), 1/sqrt(fan_in)]}; bias may be null.
     */
    public static void linearDefaults_(Tensor weight, Tensor bias) {
        kaimingUniform_(weight, Math.sqrt(5));
        if (bias != null) {
            long fanIn = calculateFanInAndFanOut(weight)[0];
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            uniform_(bias, -bound, bound);
        }
    }
}
