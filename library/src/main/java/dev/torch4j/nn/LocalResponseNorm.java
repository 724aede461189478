package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.LocalResponseNorm(size, alpha=1e-4, beta=0.75, k=1.0)}: normalisation across neighbouring channels. */
public class LocalResponseNorm extends Module {
    /** The number of neighbouring channels in the window. */
    public final long size;
    /** The {@code alpha}, {@code beta} and {@code k} arguments. */
    public final double alpha, beta, k;

    /** {@code nn.LocalResponseNorm(size)} with PyTorch's defaults. */
    public LocalResponseNorm(long size) { this(size, 1e-4, 0.75, 1.0); }

    /** {@code nn.LocalResponseNorm(size, alpha, beta, k)}. */
    public LocalResponseNorm(long size, double alpha, double beta, double k) {
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor x) { return Functional.localResponseNorm(x, size, alpha, beta, k); }

    @Override
    public String extraRepr() { return size + ", alpha=" + Py.repr(alpha) + ", beta=" + Py.repr(beta) + ", k=" + Py.repr(k); }
}
