package dev.torch4j.backend;

/**
 * The activations with a one-pass kernel behind {@link Backend#activation} and {@link Backend#activationBackward},
 * each with up to three parameters {@code p0, p1, p2} (unused ones 0). The derivative is taken at the input.
 */
public enum ActivationOp {
    /** {@code x > 0 ? x : p0 x}; p0 the negative slope. */
    LEAKY_RELU,
    /** {@code x <= 0 ? p0 p1 expm1(p2 x) : p1 x}; p0 alpha, p1 scale, p2 input scale (elu, selu, celu). */
    ELU,
    /** {@code min(max(x, p0), p1)}; the gradient passes strictly inside (p0, p1). */
    HARDTANH,
    /** {@code x min(max(x + 3, 0), 6) / 6}. */
    HARDSWISH,
    /** {@code min(max(x + 3, 0), 6) / 6}. */
    HARDSIGMOID,
    /** {@code p0 x > p1 ? x : log1p(exp(p0 x)) / p0}; p0 beta, p1 threshold. */
    SOFTPLUS,
    /** {@code x tanh(log1p(exp(x)))}. */
    MISH,
    /** {@code min(x, 0) - log1p(exp(-|x|))}. */
    LOG_SIGMOID
}
