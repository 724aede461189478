package dev.torch4j.distributions;

import dev.torch4j.Tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A support or domain as {@code torch.distributions.constraints} describes it: PyTorch's repr (as its messages print
 * it), the number of rightmost dims one event takes, and the elementwise check (one boolean per event).
 */
record Constraint(String repr, int eventDim, UnaryOperator<Tensor> check) {
    static final Constraint REAL = new Constraint(Distribution.REAL, 0, v -> v.eq(v));
    static final Constraint POSITIVE = new Constraint(Distribution.POSITIVE, 0, v -> v.gt(0.0));
    static final Constraint NONNEGATIVE = new Constraint(Distribution.NONNEGATIVE, 0, v -> v.ge(0.0));
    static final Constraint UNIT_INTERVAL = new Constraint(Distribution.UNIT_INTERVAL, 0, v -> v.ge(0.0).logicalAnd(v.le(1.0)));
    static final Constraint SYMMETRIC_UNIT_INTERVAL = new Constraint("Interval(lower_bound=-1.0, upper_bound=1.0)", 0,
            v -> v.ge(-1.0).logicalAnd(v.le(1.0)));
    static final Constraint SIMPLEX = new Constraint("Simplex()", 1,
            v -> v.ge(0.0).all(-1).logicalAnd(v.sum(-1, false).sub(1).abs().lt(1e-6)));
    static final Constraint REAL_VECTOR = REAL.independent(1);
    static final Constraint LOWER_CHOLESKY = new Constraint("LowerCholesky()", 2,
            v -> v.tril().eq(v).all(-1).all(-1).logicalAnd(v.diagonal(0, -2, -1).gt(0.0).all(-1)));

    /** {@code constraints.independent(self, n)}: n more rightmost dims belong to one event. */
    Constraint independent(int n) {
        if (n == 0) return this;
        return new Constraint("IndependentConstraint(" + repr + ", " + n + ")", eventDim + n, v -> {
            Tensor ok = check.apply(v);
            long[] s = ok.shapeArray();
            long[] keep = Arrays.copyOf(s, s.length - n + 1);
            keep[keep.length - 1] = -1;
            return ok.reshape(keep).all(-1);
        });
    }
}
