package dev.torch4j.distributions;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.GeneralizedPareto(loc, scale, concentration)} (PyTorch 2.x, after TensorFlow
 * Probability): the exponential at concentration 0 (and loc 0), a Pareto for concentration &gt; 0 with
 * loc = scale / concentration, a uniform at concentration -1. Samples are PyTorch's {@code icdf(rand(shape))} in the
 * parameters' dtype, so they equal PyTorch's after {@code manualSeed}, and are reparameterised. A concentration
 * within {@code isclose(c, 0)} (|c| &lt;= 1e-8) takes the exponential's formulas, as PyTorch's do.
 *
 * <pre>{@code
 * GeneralizedPareto d = new GeneralizedPareto(0.1, 2.0, 0.4);
 * d.mean();   // loc + scale / (1 - concentration)
 * }</pre>
 */
public class GeneralizedPareto extends Distribution {
    private final Tensor loc, scale, concentration;

    /** {@code GeneralizedPareto(loc, scale, concentration)}: scale &gt; 0; the parameters broadcast against each other. */
    public GeneralizedPareto(Tensor loc, Tensor scale, Tensor concentration) {
        super(broadcastShape("GeneralizedPareto", loc, scale, concentration), new long[0]);
        Tensor[] p = expandedToBatch(loc, scale, concentration);
        this.loc = p[0];
        this.scale = p[1];
        this.concentration = p[2];
        checkParam("loc", this.loc, this.loc.eq(this.loc), REAL);
        checkParam("scale", this.scale, this.scale.gt(0.0), POSITIVE);
        checkParam("concentration", this.concentration, this.concentration.eq(this.concentration), REAL);
    }

    /** {@code GeneralizedPareto(loc, scale, concentration)} with numbers: batch shape (), float32. */
    public GeneralizedPareto(double loc, double scale, double concentration) {
        this(Torch.tensor(loc), Torch.tensor(scale), Torch.tensor(concentration));
    }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, "scale", scale, "concentration", concentration}; }

    /** The location (the support's lower end). */
    public Tensor loc() { return loc; }

    /** The scale. */
    public Tensor scale() { return scale; }

    /** The concentration (shape, xi). */
    public Tensor concentration() { return concentration; }

    /** {@code Interval(loc, loc - scale / concentration)} for concentration &lt; 0, else up to infinity. */
    public Constraint support() {
        Tensor upper = upper();
        return new Constraint("Interval(lower_bound=" + format(loc) + ", upper_bound=" + format(upper) + ")", 0,
                v -> v.ge(loc).logicalAnd(v.le(upper)));
    }

    private Tensor upper() {
        return loc.sub(scale.div(concentration)).where(concentration.lt(0.0), Double.POSITIVE_INFINITY);
    }

    private void validate(Tensor value) {
        Constraint s = support();
        checkValue(value, () -> s.check().apply(value), s.repr());
    }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code icdf(rand(shape))}, the uniforms in the parameters' dtype. */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor u = Torch.rand(Size.of(extendedShape(sampleShape)), Torch.dtype(loc.dtype()).device(loc.device()));
        return icdf(u);
    }

    /** PyTorch's {@code isclose(concentration, 0)}: |c| &lt;= 1e-8 (the default atol; rtol times 0 adds nothing). */
    private Tensor eqZero() { return concentration.abs().le(1e-8); }

    /** {@code concentration} with 1 in place of the near-zero ones (PyTorch's safe_conc). */
    private Tensor safeConcentration(Tensor eqZero) { return Torch.onesLike(concentration).where(eqZero, concentration); }

    /** {@code -log(scale) - (1/c + 1) log1p(c z)} with {@code z = (value - loc) / scale}; {@code -log(scale) - z} at c = 0. */
    @Override
    public Tensor logProb(Tensor value) {
        validate(value);
        Tensor z = value.sub(loc).div(scale);
        Tensor eqZero = eqZero(), safe = safeConcentration(eqZero);
        Tensor y = safe.reciprocal().add(Torch.onesLike(z));
        Tensor nonzero = y.where(y.eq(0.0), y.mul(safe.mul(z).log1p()));
        return scale.log().neg().sub(z.where(eqZero, nonzero));
    }

    /** {@code log(1 - cdf)}: {@code -log1p(c z) / c}, or {@code -z} at c = 0. */
    public Tensor logSurvivalFunction(Tensor value) {
        validate(value);
        Tensor z = value.sub(loc).div(scale);
        Tensor eqZero = eqZero(), safe = safeConcentration(eqZero);
        return z.neg().where(eqZero, safe.mul(z).log1p().neg().div(safe));
    }

    /** {@code log1p(-exp(logSurvivalFunction(value)))}. */
    public Tensor logCdf(Tensor value) { return logSurvivalFunction(value).exp().neg().log1p(); }

    /** {@code exp(logCdf(value))}. */
    @Override
    public Tensor cdf(Tensor value) { return logCdf(value).exp(); }

    /** {@code loc + scale / c * expm1(-c log1p(-p))}, or {@code loc - scale log1p(-p)} at c = 0. */
    @Override
    public Tensor icdf(Tensor value) {
        Tensor eqZero = eqZero(), safe = safeConcentration(eqZero);
        Tensor logu = value.neg().log1p();
        Tensor nonzero = loc.add(scale.div(safe).mul(safe.neg().mul(logu).expm1()));
        Tensor zero = loc.sub(scale.mul(logu));
        return zero.where(eqZero, nonzero);
    }

    /** {@code loc + scale / (1 - c)} for c &lt; 1, else NaN. */
    @Override
    public Tensor mean() {
        Tensor valid = concentration.lt(1.0);
        Tensor safe = concentration.where(valid, 0.5);
        return loc.add(scale.div(safe.neg().add(1.0))).where(valid, Double.NaN);
    }

    /** {@code scale^2 / ((1 - c)^2 (1 - 2c))} for c &lt; 1/2, else NaN. */
    @Override
    public Tensor variance() {
        Tensor valid = concentration.lt(0.5);
        Tensor safe = concentration.where(valid, 0.25);
        return scale.pow(2).div(safe.neg().add(1.0).pow(2).mul(safe.mul(-2.0).add(1.0))).where(valid, Double.NaN);
    }

    /** {@code log(scale) + concentration + 1}. */
    @Override
    public Tensor entropy() { return scale.log().add(concentration).add(1.0).expand(batchShape().toArray()); }

    /** {@code loc}. */
    @Override
    public Tensor mode() { return loc; }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public GeneralizedPareto expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new GeneralizedPareto(loc.expand(b), scale.expand(b), concentration.expand(b)));
    }
}
