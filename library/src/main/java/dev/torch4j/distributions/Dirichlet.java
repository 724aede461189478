package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialOps;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;

import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.distributions.Dirichlet(concentration)}: the distribution on the probability simplex over the last
 * dim of concentration. Samples are PyTorch's ({@code torch._sample_dirichlet}: normalised gamma draws) and
 * {@link #rsample} carries PyTorch's implicit reparameterisation gradient ({@code torch._dirichlet_grad}).
 */
public class Dirichlet extends ExponentialFamily {
    private final Tensor concentration;

    /** {@code Dirichlet(concentration)}: at least one-dimensional, positive. */
    public Dirichlet(Tensor concentration) {
        super(batch(concentration), new long[] {concentration.size(-1)});
        this.concentration = concentration;
        checkParam("concentration", concentration, concentration.gt(0.0).all(-1), "IndependentConstraint(" + POSITIVE + ", 1)");
    }

    private static long[] batch(Tensor c) {
        if (c.dim() < 1) throw new IllegalArgumentException("`concentration` parameter must be at least one-dimensional.");
        return Arrays.copyOf(c.shapeArray(), c.dim() - 1);
    }

    @Override
    protected Object[] reprParams() { return new Object[] {"concentration", concentration}; }

    /** The concentration parameter (alpha). */
    public Tensor concentration() { return concentration; }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) {
        return new Samplers.DirichletSample().apply(concentration.expand(extendedShape(sampleShape)));
    }

    @Override
    public Tensor logProb(Tensor value) {
        // PyTorch's Simplex(): non-negative and summing to 1 within 1e-6 along the last dim
        checkValue(value, () -> value.ge(0.0).all(-1).logicalAnd(value.sum(-1, false).sub(1).abs().lt(1e-6)), "Simplex()");
        return SpecialOps.xlogy(concentration.sub(1.0), value).sum(-1, false)
                .add(SpecialOps.lgamma(concentration.sum(-1, false)))
                .sub(SpecialOps.lgamma(concentration).sum(-1, false));
    }

    @Override
    public Tensor entropy() {
        long k = concentration.size(-1);
        Tensor a0 = concentration.sum(-1, false);
        return SpecialOps.lgamma(concentration).sum(-1, false).sub(SpecialOps.lgamma(a0))
                .sub(a0.neg().add((double) k).mul(SpecialOps.digamma(a0)))
                .sub(concentration.sub(1.0).mul(SpecialOps.digamma(concentration)).sum(-1, false));
    }

    @Override
    public Tensor mean() { return concentration.div(concentration.sum(-1, true)); }

    /**
     * {@code (alpha - 1)+} normalised; where every concentration is below 1 the mode is a vertex (PyTorch puts the
     * one-hot of the argmax there).
     */
    @Override
    public Tensor mode() {
        Tensor cm1 = concentration.sub(1).clampMin(0.0);
        Tensor mode = cm1.div(cm1.sum(-1, true));
        Tensor allBelowOne = concentration.lt(1.0).all(-1).unsqueeze(-1);
        Tensor vertex = Functional.oneHot(mode.argmax(-1), concentration.size(-1)).to(mode.dtype());
        return vertex.where(allBelowOne.expand(mode.shapeArray()), mode);
    }

    @Override
    public Tensor variance() {
        Tensor con0 = concentration.sum(-1, true);
        return concentration.mul(con0.sub(concentration)).div(con0.pow(2).mul(con0.add(1)));
    }

    /** {@code (concentration,)}. */
    @Override
    protected List<Tensor> naturalParams() { return List.of(concentration); }

    /** {@code sum(lgamma(x)) - lgamma(sum(x))} over the event dim. */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) {
        Tensor x = eta.get(0);
        return x.lgamma().sum(-1, false).sub(x.sum(-1, false).lgamma());
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Dirichlet expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Dirichlet(concentration.expand(with(b, concentration.size(-1)))));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.SIMPLEX; }
}
