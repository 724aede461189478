package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.PairwiseDistance(p=2.0, eps=1e-06, keepdim=False)}: {@code ||x1 - x2 + eps||_p} over the last dim; {@code forward(x1, x2)}. */
public class PairwiseDistance extends Module {
    /** The {@code p} argument. */
    public final double p;
    /** The {@code eps} argument. */
    public final double eps;
    /** The {@code keepdim} argument. */
    public final boolean keepdim;

    /** {@code nn.PairwiseDistance()} with PyTorch's defaults. */
    public PairwiseDistance() { this(2.0, 1e-6, false); }

    /** {@code nn.PairwiseDistance(p)}; other arguments take PyTorch's defaults. */
    public PairwiseDistance(double p) { this(p, 1e-6, false); }

    /** {@code nn.PairwiseDistance(p, eps)}; other arguments take PyTorch's defaults. */
    public PairwiseDistance(double p, double eps) { this(p, eps, false); }

    /** {@code nn.PairwiseDistance(p, eps, keepdim)}. */
    public PairwiseDistance(double p, double eps, boolean keepdim) {
        this.p = p;
        this.eps = eps;
        this.keepdim = keepdim;
    }

    @Override
    public Tensor forward(Tensor a, Tensor b) { return Functional.pairwiseDistance(a, b, p, eps, keepdim); }
}
