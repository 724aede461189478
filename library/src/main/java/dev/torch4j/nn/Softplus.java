package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Softplus(beta=1.0, threshold=20.0)}: {@code log(1 + exp(beta * x)) / beta}, linear above the threshold. */
public class Softplus extends Module {
    /** The {@code beta} argument. */
    public final double beta;
    /** The {@code threshold} argument. */
    public final double threshold;

    /** {@code nn.Softplus()} with PyTorch's defaults. */
    public Softplus() { this(1.0, 20.0); }

    /** {@code nn.Softplus(beta)}; other arguments take PyTorch's defaults. */
    public Softplus(double beta) { this(beta, 20.0); }

    /** {@code nn.Softplus(beta, threshold)}. */
    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.softplus(input, beta, threshold);
    }

    @Override
    public String extraRepr() { return "beta=" + Py.repr(beta) + ", threshold=" + Py.repr(threshold); }
}
