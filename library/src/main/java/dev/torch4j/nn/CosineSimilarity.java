package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.CosineSimilarity(dim=1, eps=1e-08)}: cosine similarity of two inputs along {@code dim}; {@code forward(x1, x2)}. */
public class CosineSimilarity extends Module {
    /** The {@code dim} argument. */
    public final long dim;
    /** The {@code eps} argument. */
    public final double eps;

    /** {@code nn.CosineSimilarity()} with PyTorch's defaults. */
    public CosineSimilarity() { this(1, 1e-8); }

    /** {@code nn.CosineSimilarity(dim)}; other arguments take PyTorch's defaults. */
    public CosineSimilarity(long dim) { this(dim, 1e-8); }

    /** {@code nn.CosineSimilarity(dim, eps)}. */
    public CosineSimilarity(long dim, double eps) {
        this.dim = dim;
        this.eps = eps;
    }

    @Override
    public Tensor forward(Tensor a, Tensor b) { return Functional.cosineSimilarity(a, b, dim, eps); }
}
