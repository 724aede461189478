package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.ELU(alpha=1.0, inplace=False)}: x where positive, else {@code alpha * (exp(x) - 1)}. */
public class ELU extends Module {
    /** The {@code alpha} argument. */
    public final double alpha;
    /** The {@code inplace} argument. */
    public final boolean inplace;

    /** {@code nn.ELU()} with PyTorch's defaults. */
    public ELU() { this(1.0, false); }

    /** {@code nn.ELU(alpha)}; other arguments take PyTorch's defaults. */
    public ELU(double alpha) { this(alpha, false); }

    /** {@code nn.ELU(alpha, inplace)}; other arguments take PyTorch's defaults. */
    public ELU(double alpha, boolean inplace) {
        this.alpha = alpha;
        this.inplace = inplace;
    }

    @Override
    public Tensor forward(Tensor input) {
        return inplace ? Activations.inplace(input, x -> Functional.elu(x, alpha)) : Functional.elu(input, alpha);
    }

    @Override
    public String extraRepr() { return "alpha=" + Py.repr(alpha) + (inplace ? ", inplace=True" : ""); }
}
