package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

/**
 * {@code torch.distributions.Beta(concentration1, concentration0)}: density proportional to
 * {@code x^(c1 - 1) (1 - x)^(c0 - 1)} on [0, 1], computed as PyTorch does through a two-category
 * {@link Dirichlet} (so samples, gradients and errors are the Dirichlet's).
 */
public class Beta extends ExponentialFamily {
    private final Dirichlet dirichlet;

    private Beta(Dirichlet dirichlet) {
        super(dirichlet.batchShape().toArray(), new long[0]);
        this.dirichlet = dirichlet;
    }

    /** {@code Beta(concentration1, concentration0)}; the parameters broadcast against each other. */
    public Beta(Tensor concentration1, Tensor concentration0) {
        this(new Dirichlet(stackPair(concentration1, concentration0)));
    }

    /** {@code Beta(concentration1, concentration0)} with numbers: batch shape (), float32. */
    public Beta(double concentration1, double concentration0) {
        this(new Dirichlet(Torch.fromArray(new float[] {(float) concentration1, (float) concentration0})));
    }

    private static Tensor stackPair(Tensor c1, Tensor c0) {
        long[] s = broadcastShape("Beta", c1, c0);
        return Torch.stack(new Tensor[] {c1.expand(s), c0.expand(s)}, -1);
    }

    /** PyTorch's repr shows no parameter: the concentrations are properties there. */
    @Override
    protected Object[] reprParams() { return new Object[0]; }

    /** The first concentration (alpha): the exponent of x. */
    public Tensor concentration1() { return dirichlet.concentration().select(-1, 0); }

    /** The second concentration (beta): the exponent of 1 - x. */
    public Tensor concentration0() { return dirichlet.concentration().select(-1, 1); }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) { return dirichlet.rsample(sampleShape).select(-1, 0); }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.ge(0.0).logicalAnd(value.le(1.0)), UNIT_INTERVAL);
        Tensor headsTails = Torch.stack(new Tensor[] {value, value.neg().add(1.0)}, -1);
        return dirichlet.logProb(headsTails);
    }

    @Override
    public Tensor entropy() { return dirichlet.entropy(); }

    @Override
    public Tensor mean() {
        Tensor c1 = concentration1();
        return c1.div(c1.add(concentration0()));
    }

    @Override
    public Tensor mode() { return dirichlet.mode().select(-1, 0); }

    @Override
    public Tensor variance() {
        Tensor c1 = concentration1(), c0 = concentration0(), total = c1.add(c0);
        return c1.mul(c0).div(total.pow(2).mul(total.add(1)));
    }

    /** {@code (concentration1, concentration0)}. */
    @Override
    protected List<Tensor> naturalParams() { return List.of(concentration1(), concentration0()); }

    /** {@code lgamma(x) + lgamma(y) - lgamma(x + y)}. */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) {
        Tensor x = eta.get(0), y = eta.get(1);
        return x.lgamma().add(y.lgamma()).sub(x.add(y).lgamma());
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Beta expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Beta(dirichlet.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.UNIT_INTERVAL; }
}
