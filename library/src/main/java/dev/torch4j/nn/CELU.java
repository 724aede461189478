package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.CELU(alpha=1.0, inplace=False)}: x where positive, else {@code alpha * (exp(x / alpha) - 1)}. */
public class CELU extends Module {
    /** The {@code alpha} argument. */
    public final double alpha;
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.CELU()} with PyTorch's defaults. */
    public CELU() { this(1.0, false); }

    /** {@code nn.CELU(alpha)}; other arguments take PyTorch's defaults. */
    public CELU(double alpha) { this(alpha, false); }

    /** {@code nn.CELU(alpha, inplace)}. */
    public CELU(double alpha, boolean inplace) {
        this.alpha = alpha;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Activations.inplace(input, x -> Functional.celu(x, alpha)) : Functional.celu(input, alpha);
    }

    @Override
    public String extraRepr() { return "alpha=" + Py.repr(alpha) + (inplace ? ", inplace=True" : ""); }
}
