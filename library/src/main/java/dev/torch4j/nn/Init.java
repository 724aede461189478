package dev.torch4j.nn;

import dev.torch4j.Generator;
import dev.torch4j.Tensor;
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

    private static boolean empty(Tensor t) {
        for (long s : t.shapeArray()) if (s == 0) return true;
        return false;
    }

    /** {@code uniform_(t, a, b)}. */
    public static Tensor uniform_(Tensor t, double a, double b) { return uniform_(t, a, b, null); }

    /** {@code uniform_(t, a, b, generator)}. */
    public static Tensor uniform_(Tensor t, double a, double b, Generator generator) {
        try (var g = GradMode.noGrad()) {
            return t.uniform_(a, b, generator);
        }
    }

    /** {@code normal_(t, mean, std)}. */
    public static Tensor normal_(Tensor t, double mean, double std) { return normal_(t, mean, std, null); }

    /** {@code normal_(t, mean, std, generator)}. */
    public static Tensor normal_(Tensor t, double mean, double std, Generator generator) {
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
        long[] f = calculateFanInAndFanOut(t);
        double std = gain * Math.sqrt(2.0 / (double) (f[0] + f[1]));
        double a = Math.sqrt(3.0) * std;
        return uniform_(t, -a, a, generator);
    }

    /** {@code xavier_normal_(t)} with gain 1. */
    public static Tensor xavierNormal_(Tensor t) { return xavierNormal_(t, 1.0, null); }

    /** {@code xavier_normal_(t, gain, generator)}: N(0, std), std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor t, double gain, Generator generator) {
        long[] f = calculateFanInAndFanOut(t);
        double std = gain * Math.sqrt(2.0 / (double) (f[0] + f[1]));
        return normal_(t, 0, std, generator);
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
