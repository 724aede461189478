package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialOps;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.List;

/**
 * {@code torch.distributions.Gamma(concentration, rate)}: density {@code rate^c x^(c-1) e^(-rate x) / Gamma(c)} on
 * x &gt;= 0. Samples are PyTorch's ({@code torch._standard_gamma}, the same values after the same seed) and
 * {@link #rsample} is differentiable in both parameters through the implicit reparameterisation gradient.
 *
 * <pre>{@code
 * Gamma g = new Gamma(tensor(new double[] {2.0, 0.5}), tensor(new double[] {1.0, 3.0}));
 * Tensor x = g.rsample(100);          // shape (100, 2)
 * Tensor lp = g.logProb(x);           // log densities
 * }</pre>
 */
public class Gamma extends ExponentialFamily {
    private final Tensor concentration, rate;

    /** {@code Gamma(concentration, rate)}; the parameters broadcast against each other. */
    public Gamma(Tensor concentration, Tensor rate) {
        super(broadcastShape("Gamma", concentration, rate), new long[0]);
        Tensor[] p = expandedToBatch(concentration, rate);
        this.concentration = p[0];
        this.rate = p[1];
        validate();
    }

    /** {@code Gamma(concentration, rate)} with numbers: batch shape (), float32. */
    public Gamma(double concentration, double rate) { this(Torch.tensor(concentration), Torch.tensor(rate)); }

    /** {@code Gamma(concentration, rate)} with a number rate. */
    public Gamma(Tensor concentration, double rate) { this(concentration, scalarLike(rate, concentration)); }

    /** Checks the parameters against the constraints PyTorch's {@code arg_constraints} declare for this class. */
    void validate() {
        checkParam("concentration", concentration, concentration.gt(0.0), POSITIVE);
        checkParam("rate", rate, rate.gt(0.0), POSITIVE);
    }

    @Override
    protected Object[] reprParams() { return new Object[] {"concentration", concentration, "rate", rate}; }

    /** The shape parameter (alpha). */
    public Tensor concentration() { return concentration; }

    /** The rate parameter (1 / scale). */
    public Tensor rate() { return rate; }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code _standard_gamma(concentration) / rate}, kept at least the dtype's smallest normal number. */
    @Override
    public Tensor rsample(long... sampleShape) {
        long[] shape = extendedShape(sampleShape);
        Tensor value = new Samplers.StandardGamma().apply(concentration.expand(shape)).div(rate.expand(shape));
        try (var g = GradMode.noGrad()) {
            value.detach().clamp_(tiny(value), Double.POSITIVE_INFINITY); // in place, outside the graph, as PyTorch
        }
        return value;
    }

    @Override
    public Tensor logProb(Tensor v) {
        Tensor value = v.to(rate.device(), rate.dtype());
        checkValue(value, () -> value.ge(0.0), NONNEGATIVE);
        return SpecialOps.xlogy(concentration, rate).add(SpecialOps.xlogy(concentration.sub(1), value))
                .sub(rate.mul(value)).sub(SpecialOps.lgamma(concentration));
    }

    @Override
    public Tensor entropy() {
        return concentration.sub(rate.log()).add(SpecialOps.lgamma(concentration))
                .add(concentration.neg().add(1.0).mul(SpecialOps.digamma(concentration)));
    }

    /** {@code gammainc(concentration, rate * value)} (PyTorch 2.x; differentiable in value and rate only, as there). */
    @Override
    public Tensor cdf(Tensor value) {
        checkValue(value, () -> value.ge(0.0), NONNEGATIVE);
        return SpecialOps.gammainc(concentration, rate.mul(value));
    }

    @Override
    public Tensor mean() { return concentration.div(rate); }

    /** {@code max((concentration - 1) / rate, 0)}. */
    @Override
    public Tensor mode() { return concentration.sub(1).div(rate).clampMin(0.0); }

    @Override
    public Tensor variance() { return concentration.div(rate.pow(2)); }

    /** {@code (concentration - 1, -rate)}. */
    @Override
    protected List<Tensor> naturalParams() { return List.of(concentration.sub(1), rate.neg()); }

    /** {@code lgamma(x + 1) + (x + 1) log(-1 / y)}. */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) {
        Tensor x1 = eta.get(0).add(1);
        return x1.lgamma().add(x1.mul(eta.get(1).reciprocal().neg().log()));
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Gamma expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Gamma(concentration.expand(b), rate.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.NONNEGATIVE; }
}
