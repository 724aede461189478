package dev.torch4j.distributions;

import dev.torch4j.Tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A support, domain or codomain as {@code torch.distributions.constraints} describes it: PyTorch's repr (as its
 * messages print it), the number of rightmost dims one event takes ({@code event_dim}), and the check (one boolean
 * per event). The constants are PyTorch's {@code constraints.real}, {@code positive}, {@code simplex}, ...
 *
 * @param repr PyTorch's repr, e.g. {@code GreaterThan(lower_bound=0.0)}
 * @param eventDim the number of rightmost dims one event takes
 * @param check value to a boolean tensor, one element per event
 */
public record Constraint(String repr, int eventDim, UnaryOperator<Tensor> check) {
    /** {@code constraints.real}. */
    public static final Constraint REAL = new Constraint(Distribution.REAL, 0, v -> v.eq(v));
    /** {@code constraints.positive}. */
    public static final Constraint POSITIVE = new Constraint(Distribution.POSITIVE, 0, v -> v.gt(0.0));
    /** {@code constraints.nonnegative}. */
    public static final Constraint NONNEGATIVE = new Constraint(Distribution.NONNEGATIVE, 0, v -> v.ge(0.0));
    /** {@code constraints.unit_interval}. */
    public static final Constraint UNIT_INTERVAL = new Constraint(Distribution.UNIT_INTERVAL, 0, v -> v.ge(0.0).logicalAnd(v.le(1.0)));
    /** {@code constraints.interval(-1.0, 1.0)}. */
    public static final Constraint SYMMETRIC_UNIT_INTERVAL = new Constraint("Interval(lower_bound=-1.0, upper_bound=1.0)", 0,
            v -> v.ge(-1.0).logicalAnd(v.le(1.0)));
    /** {@code constraints.simplex}. */
    public static final Constraint SIMPLEX = new Constraint("Simplex()", 1,
            v -> v.ge(0.0).all(-1).logicalAnd(v.sum(-1, false).sub(1).abs().lt(1e-6)));
    /** {@code constraints.real_vector}. */
    public static final Constraint REAL_VECTOR = REAL.independent(1);
    /** {@code constraints.lower_cholesky}. */
    public static final Constraint LOWER_CHOLESKY = new Constraint("LowerCholesky()", 2,
            v -> v.tril().eq(v).all(-1).all(-1).logicalAnd(v.diagonal(0, -2, -1).gt(0.0).all(-1)));

    /** {@code constraints.independent(self, n)}: n more rightmost dims belong to one event. */
    public Constraint independent(int n) {
        if (n == 0) return this;
        return new Constraint("IndependentConstraint(" + repr + ", " + n + ")", eventDim + n, v -> {
            Tensor ok = check.apply(v);
            long[] s = ok.shapeArray();
            long[] keep = Arrays.copyOf(s, s.length - n + 1);
            keep[keep.length - 1] = -1;
            return ok.reshape(keep).all(-1);
        });
    }

    /** PyTorch's repr. */
    @Override
    public String toString() { return repr; }
}
