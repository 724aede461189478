package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/**
 * {@code torch.distributions.LogisticNormal(loc, scale)}: a normal vector of K entries mapped onto the simplex of K + 1
 * by {@link StickBreakingTransform}, as in PyTorch. A 0-d loc/scale gives K = 1. The normal checks loc and scale
 * (with its message). No closed-form mean, variance or entropy.
 */
public class LogisticNormal extends TransformedDistribution {
    private final Normal normal;

    /** {@code LogisticNormal(loc, scale)}; the parameters broadcast against each other. */
    public LogisticNormal(Tensor loc, Tensor scale) {
        Normal n = new Normal(loc, scale);
        if (n.batchShape().toArray().length == 0) n = new Normal(n.loc().expand(1), n.scale().expand(1));
        super(n, List.of(new StickBreakingTransform()));
        this.normal = n;
    }

    /** {@code LogisticNormal(loc, scale)} with numbers: event shape (2,), float32. */
    public LogisticNormal(double loc, double scale) { this(Torch.tensor(loc), Torch.tensor(scale)); }

    /** The normal's mean. */
    public Tensor loc() { return normal.loc(); }

    /** The normal's standard deviation. */
    public Tensor scale() { return normal.scale(); }

    @Override public Constraint support() { return Constraint.SIMPLEX; }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public LogisticNormal expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new LogisticNormal(normal.loc().expand(with(b, normal.loc().size(-1))), normal.scale().expand(with(b, normal.loc().size(-1)))));
    }
}
