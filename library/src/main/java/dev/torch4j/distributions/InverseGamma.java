package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.ops.SpecialOps;
import dev.torch4j.Torch;

import java.util.List;

/**
 * {@code torch.distributions.InverseGamma(concentration, rate)} (PyTorch 2.x): {@code 1 / X} for
 * X ~ Gamma(concentration, rate), as in PyTorch a {@link TransformedDistribution} of the {@link Gamma} through
 * {@code PowerTransform(-1)}, so samples after {@code manualSeed} are PyTorch's and the parameters are checked by the
 * Gamma (with its message). {@code cdf} is {@code 1 - gammainc(concentration, rate / value)}; there is no icdf, as
 * the Gamma has none.
 *
 * <pre>{@code
 * InverseGamma d = new InverseGamma(Torch.tensor(2.0), Torch.tensor(3.0));
 * d.mean();   // rate / (concentration - 1) = 3
 * }</pre>
 */
public class InverseGamma extends TransformedDistribution {
    private final Gamma gamma;

    /** {@code InverseGamma(concentration, rate)}: both &gt; 0; they broadcast against each other. */
    public InverseGamma(Tensor concentration, Tensor rate) {
        Gamma g = new Gamma(concentration, rate);
        // -base_dist.rate.new_ones(()): a 0-d exponent in the rate's dtype and device
        super(g, List.of(new PowerTransform(Torch.full(new long[0], -1.0, Torch.dtype(g.rate().dtype()).device(g.rate().device())))));
        this.gamma = g;
    }

    /** {@code InverseGamma(concentration, rate)} with numbers: batch shape (), float32. */
    public InverseGamma(double concentration, double rate) { this(Torch.tensor(concentration), Torch.tensor(rate)); }

    // repr: "InverseGamma()", as PyTorch's (its parameters are properties of the base, not in the instance's __dict__)

    /** The Gamma's concentration (alpha). */
    public Tensor concentration() { return gamma.concentration(); }

    /** The Gamma's rate (beta; the inverse gamma's scale). */
    public Tensor rate() { return gamma.rate(); }

    @Override
    public Constraint support() { return Constraint.POSITIVE; }

    /** {@code rate / (concentration - 1)} where concentration &gt; 1, else infinity. */
    @Override
    public Tensor mean() {
        Tensor c = concentration();
        return rate().div(c.sub(1.0)).where(c.gt(1.0), Double.POSITIVE_INFINITY);
    }

    /** {@code rate / (concentration + 1)}. */
    @Override
    public Tensor mode() { return rate().div(concentration().add(1.0)); }

    /** {@code rate^2 / ((concentration - 1)^2 (concentration - 2))} where concentration &gt; 2, else infinity. */
    @Override
    public Tensor variance() {
        Tensor c = concentration();
        return rate().square().div(c.sub(1.0).square().mul(c.sub(2.0))).where(c.gt(2.0), Double.POSITIVE_INFINITY);
    }

    /** {@code concentration + log(rate) + lgamma(concentration) - (1 + concentration) digamma(concentration)}. */
    @Override
    public Tensor entropy() {
        Tensor c = concentration();
        return c.add(rate().log()).add(SpecialOps.lgamma(c)).sub(c.add(1.0).mul(SpecialOps.digamma(c)));
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public InverseGamma expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new InverseGamma(concentration().expand(b), rate().expand(b)));
    }
}
