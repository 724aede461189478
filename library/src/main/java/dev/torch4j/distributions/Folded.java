package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * What {@link HalfNormal} and {@link HalfCauchy} share: {@code |X|} for X symmetric about 0, whose density is twice
 * X's on [0, inf), whose cdf is {@code 2 F(x) - 1} and whose entropy is X's less log 2.
 */
final class Folded {
    private Folded() {}

    private static final double LOG_2 = Math.log(2);

    /** X's log density plus log 2 (minus infinity below 0), after self's support check. */
    static Tensor logProb(Distribution self, Distribution base, Tensor value) {
        self.checkValue(value, () -> value.ge(0.0), Distribution.NONNEGATIVE);
        return base.logProb(value).add(LOG_2).where(value.ge(0.0), Double.NEGATIVE_INFINITY);
    }

    /** {@code 2 F(value) - 1}, after self's support check. */
    static Tensor cdf(Distribution self, Distribution base, Tensor value) {
        self.checkValue(value, () -> value.ge(0.0), Distribution.NONNEGATIVE);
        return base.cdf(value).mul(2).sub(1);
    }

    /** {@code F^-1((p + 1) / 2)}. */
    static Tensor icdf(Distribution base, Tensor prob) { return base.icdf(prob.add(1).div(2)); }

    /** X's entropy less log 2. */
    static Tensor entropy(Distribution base) { return base.entropy().sub(LOG_2); }
}
