package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.GLU(dim=-1)}: the first half of {@code dim} times the sigmoid of the second. */
public class GLU extends Module {
    /** The {@code dim} argument. */
    public final long dim;

    /** {@code nn.GLU()} with PyTorch's defaults. */
    public GLU() { this(-1); }

    /** {@code nn.GLU(dim)}. */
    public GLU(long dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.glu(input, dim);
    }

    @Override
    public String extraRepr() { return "dim=" + dim; }
}
