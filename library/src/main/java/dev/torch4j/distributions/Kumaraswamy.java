package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

import static dev.torch4j.ops.SpecialOps.digamma;
import static dev.torch4j.ops.SpecialOps.lgamma;

/**
 * {@code torch.distributions.Kumaraswamy(concentration1, concentration0)}: {@code (1 - U^(1/c0))^(1/c1)} for
 * U ~ Uniform(0, 1), as in PyTorch a {@link TransformedDistribution} through two {@link PowerTransform}s around
 * {@code 1 - x}. Moments use {@code b B(1 + n/a, b)} through lgamma, as PyTorch's {@code _moments}.
 */
public class Kumaraswamy extends TransformedDistribution {
    private final Tensor concentration1, concentration0;

    /** {@code Kumaraswamy(concentration1, concentration0)}; the parameters broadcast against each other. */
    public Kumaraswamy(Tensor concentration1, Tensor concentration0) {
        Tensor[] p = broadcastAll("Kumaraswamy", concentration1, concentration0);
        super(new Uniform(Torch.fullLike(p[1], 0), Torch.fullLike(p[1], 1)),
                List.of(new PowerTransform(p[1].reciprocal()), new AffineTransform(1.0, -1.0), new PowerTransform(p[0].reciprocal())));
        this.concentration1 = p[0];
        this.concentration0 = p[1];
        checkParam("concentration1", this.concentration1, this.concentration1.gt(0.0), POSITIVE);
        checkParam("concentration0", this.concentration0, this.concentration0.gt(0.0), POSITIVE);
    }

    /** {@code Kumaraswamy(concentration1, concentration0)} with numbers: batch shape (), float32. */
    public Kumaraswamy(double concentration1, double concentration0) { this(Torch.tensor(concentration1), Torch.tensor(concentration0)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"concentration1", concentration1, "concentration0", concentration0}; }

    /** The first concentration (often alpha). */
    public Tensor concentration1() { return concentration1; }

    /** The second concentration (often beta). */
    public Tensor concentration0() { return concentration0; }

    @Override public Constraint support() { return Constraint.UNIT_INTERVAL; }

    /** PyTorch's {@code _moments(a, b, n)}: {@code b exp(lgamma(1 + n/a) + lgamma(b) - lgamma(1 + n/a + b))}. */
    private static Tensor moment(Tensor a, Tensor b, int n) {
        Tensor arg1 = dev.torch4j.Torch.fullLike(a, n).div(a).add(1); // Python's n / a (a reciprocal times n rounds differently)
        return b.mul(lgamma(arg1).add(lgamma(b)).sub(lgamma(arg1.add(b))).exp());
    }

    @Override
    public Tensor mean() { return moment(concentration1, concentration0, 1); }

    /**
     * PyTorch's log-space form {@code log1p(-c0) / c0 - log1p(-c0 c1)}, NaN where either concentration is below 1.
     * That form is also NaN for c0 &gt; 1 (log1p of a number below -1), in PyTorch 1.13 and 2.x alike: kept for parity.
     */
    @Override
    public Tensor mode() {
        Tensor logMode = concentration0.reciprocal().mul(concentration0.neg().log1p()).sub(concentration0.neg().mul(concentration1).log1p());
        return logMode.maskedFill(concentration0.lt(1.0).logicalOr(concentration1.lt(1.0)), Double.NaN).exp();
    }

    @Override
    public Tensor variance() { return moment(concentration1, concentration0, 2).sub(mean().pow(2)); }

    @Override
    public Tensor entropy() {
        Tensor t1 = concentration1.reciprocal().neg().add(1), t0 = concentration0.reciprocal().neg().add(1);
        Tensor h0 = digamma(concentration0.add(1)).add(Weibull.EULER);
        return t0.add(t1.mul(h0)).sub(concentration1.log()).sub(concentration0.log());
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public Kumaraswamy expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new Kumaraswamy(concentration1.expand(b), concentration0.expand(b)));
    }
}
