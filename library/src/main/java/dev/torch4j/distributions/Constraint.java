package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Py;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A support, domain or codomain as {@code torch.distributions.constraints} describes it: PyTorch's repr (as its
 * messages print it), the number of rightmost dims one event takes ({@code event_dim}), and the check (one boolean
 * per event). The constants are PyTorch's {@code constraints.real}, {@code positive}, {@code simplex}, ...; the
 * factories its parameterised ones ({@link #greaterThan}, {@link #interval}, {@link #cat}, ...).
 * {@link ConstraintRegistry} finds the transform onto a constraint ({@code biject_to} / {@code transform_to}), by its
 * {@link #kind} and parameters.
 */
public final class Constraint {
    /** {@code constraints.real}. */
    public static final Constraint REAL = new Constraint("_Real", Distribution.REAL, 0, v -> v.eq(v));
    /** {@code constraints.boolean}. */
    public static final Constraint BOOLEAN = new Constraint("_Boolean", "Boolean()", 0, v -> v.eq(0.0).logicalOr(v.eq(1.0)));
    /** {@code constraints.positive}: {@code greater_than(0.0)}. */
    public static final Constraint POSITIVE = greaterThan(0.0);
    /** {@code constraints.nonnegative}: {@code greater_than_eq(0.0)}. */
    public static final Constraint NONNEGATIVE = greaterThanEq(0.0);
    /** {@code constraints.unit_interval}: {@code interval(0.0, 1.0)}. */
    public static final Constraint UNIT_INTERVAL = interval(0.0, 1.0);
    /** {@code constraints.interval(-1.0, 1.0)}. */
    public static final Constraint SYMMETRIC_UNIT_INTERVAL = interval(-1.0, 1.0);
    /** {@code constraints.nonnegative_integer}. */
    public static final Constraint NONNEGATIVE_INTEGER = new Constraint("_IntegerGreaterThan", "IntegerGreaterThan(lower_bound=0)", 0,
            v -> v.ge(0.0).logicalAnd(v.remainder(1.0).eq(0.0)));
    /** {@code constraints.one_hot}. */
    public static final Constraint ONE_HOT = new Constraint("_OneHot", "OneHot()", 1,
            v -> v.eq(0.0).logicalOr(v.eq(1.0)).all(-1).logicalAnd(v.sum(-1, false).eq(1.0)));
    /** {@code constraints.simplex}. */
    public static final Constraint SIMPLEX = new Constraint("_Simplex", "Simplex()", 1,
            v -> v.ge(0.0).all(-1).logicalAnd(v.sum(-1, false).sub(1).abs().lt(1e-6)));
    /** {@code constraints.real_vector}. */
    public static final Constraint REAL_VECTOR = REAL.independent(1);
    /** {@code constraints.lower_cholesky}. */
    public static final Constraint LOWER_CHOLESKY = new Constraint("_LowerCholesky", "LowerCholesky()", 2, Constraint::isLowerCholesky);
    /** {@code constraints.corr_cholesky}: lower Cholesky factors whose rows have unit norm (within 10 eps times n). */
    public static final Constraint CORR_CHOLESKY = new Constraint("_CorrCholesky", "CorrCholesky()", 2, v -> {
        double tol = Distribution.eps(v) * v.size(-1) * 10;
        Tensor rowNorm = Torch.linalg().vectorNorm(v.detach(), 2, new long[] {-1}, false);
        return isLowerCholesky(v).logicalAnd(rowNorm.sub(1.0).abs().le(tol).all(-1));
    });
    /** {@code constraints.positive_definite}: symmetric (within 1e-6) with a Cholesky factor. */
    public static final Constraint POSITIVE_DEFINITE = new Constraint("_PositiveDefinite", "PositiveDefinite()", 2, v -> {
        Tensor sym = Torch.isclose(v, v.mT(), 1e-5, 1e-6, false).all(-2).all(-1);
        if (!sym.all().itemBool()) return sym;
        return Torch.linalg().choleskyEx(v, false).info().eq(0);
    });

    private final String kind, repr;
    private final int eventDim;
    private final UnaryOperator<Tensor> check;
    private final double lower, upper;
    private final Constraint base;
    private final List<Constraint> parts;
    private final int dim;
    private final int[] lengths;

    /** A constraint of its own: PyTorch's repr, event dims and check (the registry knows none of these). */
    public Constraint(String repr, int eventDim, UnaryOperator<Tensor> check) {
        this("_" + repr.replaceAll("\\(.*", ""), repr, eventDim, check);
    }

    private Constraint(String kind, String repr, int eventDim, UnaryOperator<Tensor> check) {
        this(kind, repr, eventDim, check, Double.NaN, Double.NaN, null, null, 0, null);
    }

    private Constraint(String kind, String repr, int eventDim, UnaryOperator<Tensor> check, double lower, double upper, Constraint base,
                       List<Constraint> parts, int dim, int[] lengths) {
        this.kind = kind;
        this.repr = repr;
        this.eventDim = eventDim;
        this.check = check;
        this.lower = lower;
        this.upper = upper;
        this.base = base;
        this.parts = parts;
        this.dim = dim;
        this.lengths = lengths;
    }

    /** {@code constraints.greater_than(lower_bound)}: {@code x > lower_bound}. */
    public static Constraint greaterThan(double lowerBound) {
        return new Constraint("_GreaterThan", "GreaterThan(lower_bound=" + Py.repr(lowerBound) + ")", 0, v -> v.gt(lowerBound),
                lowerBound, Double.NaN, null, null, 0, null);
    }

    /** {@code constraints.greater_than_eq(lower_bound)}: {@code x >= lower_bound}. */
    public static Constraint greaterThanEq(double lowerBound) {
        return new Constraint("_GreaterThanEq", "GreaterThanEq(lower_bound=" + Py.repr(lowerBound) + ")", 0, v -> v.ge(lowerBound),
                lowerBound, Double.NaN, null, null, 0, null);
    }

    /** {@code constraints.less_than(upper_bound)}: {@code x < upper_bound}. */
    public static Constraint lessThan(double upperBound) {
        return new Constraint("_LessThan", "LessThan(upper_bound=" + Py.repr(upperBound) + ")", 0, v -> v.lt(upperBound),
                Double.NaN, upperBound, null, null, 0, null);
    }

    /** {@code constraints.interval(lower_bound, upper_bound)}: the closed interval. */
    public static Constraint interval(double lowerBound, double upperBound) {
        return new Constraint("_Interval", "Interval(lower_bound=" + Py.repr(lowerBound) + ", upper_bound=" + Py.repr(upperBound) + ")", 0,
                v -> v.ge(lowerBound).logicalAnd(v.le(upperBound)), lowerBound, upperBound, null, null, 0, null);
    }

    /** {@code constraints.half_open_interval(lower_bound, upper_bound)}: {@code lower_bound <= x < upper_bound}. */
    public static Constraint halfOpenInterval(double lowerBound, double upperBound) {
        return new Constraint("_HalfOpenInterval", "HalfOpenInterval(lower_bound=" + Py.repr(lowerBound) + ", upper_bound=" + Py.repr(upperBound)
                + ")", 0, v -> v.ge(lowerBound).logicalAnd(v.lt(upperBound)), lowerBound, upperBound, null, null, 0, null);
    }

    /**
     * {@code constraints.cat(cseq, dim, lengths)}: each constraint on its slice of {@code lengths[i]} entries along dim
     * (one entry each without lengths), the checks concatenated as {@code torch.cat} does; its event dims are the
     * largest of the parts'.
     */
    public static Constraint cat(List<Constraint> cseq, int dim, int... lengths) {
        int[] ls = lengths == null || lengths.length == 0 ? ones(cseq.size()) : lengths.clone();
        if (ls.length != cseq.size()) throw new IllegalArgumentException("cat: " + ls.length + " lengths for " + cseq.size() + " constraints");
        List<Constraint> cs = List.copyOf(cseq);
        int e = cs.stream().mapToInt(Constraint::eventDim).max().orElseThrow();
        return new Constraint("_Cat", "Cat()", e, v -> {
            List<Tensor> checks = new ArrayList<>();
            long start = 0;
            for (int i = 0; i < cs.size(); i++) {
                checks.add(cs.get(i).check.apply(v.narrow(dim, start, ls[i])));
                start += ls[i];
            }
            return Torch.cat(checks.toArray(new Tensor[0]), dim);
        }, Double.NaN, Double.NaN, null, cs, dim, ls);
    }

    /**
     * {@code constraints.stack(cseq, dim)}: constraint i on the i-th slice along dim, the checks stacked along dim; its
     * event dims are the largest of the parts', one more when dim counts from the right into them.
     */
    public static Constraint stack(List<Constraint> cseq, int dim) {
        List<Constraint> cs = List.copyOf(cseq);
        int e = cs.stream().mapToInt(Constraint::eventDim).max().orElseThrow();
        if (dim + e < 0) e += 1;
        return new Constraint("_Stack", "Stack()", e, v -> {
            long n = v.size(dim);
            Tensor[] checks = new Tensor[(int) Math.min(n, cs.size())];
            for (int i = 0; i < checks.length; i++) checks[i] = cs.get(i).check.apply(v.select(dim, i));
            return Torch.stack(checks, dim);
        }, Double.NaN, Double.NaN, null, cs, dim, null);
    }

    private static int[] ones(int n) {
        int[] r = new int[n];
        Arrays.fill(r, 1);
        return r;
    }

    private static Tensor isLowerCholesky(Tensor v) {
        return v.tril().eq(v).all(-1).all(-1).logicalAnd(v.diagonal(0, -2, -1).gt(0.0).all(-1));
    }

    /** {@code constraints.independent(self, n)}: n more rightmost dims belong to one event. */
    public Constraint independent(int n) {
        if (n < 0) throw new IllegalArgumentException("reinterpreted_batch_ndims must be >= 0, got " + n);
        int e = eventDim + n;
        return new Constraint("_IndependentConstraint", "IndependentConstraint(" + repr + ", " + n + ")", e, v -> {
            Tensor ok = check.apply(v);
            if (ok.dim() < n) throw new IllegalArgumentException("Expected value.dim() >= " + e + " but got " + v.dim());
            long[] s = ok.shapeArray();
            long[] keep = Arrays.copyOf(s, s.length - n + 1);
            keep[keep.length - 1] = -1;
            return ok.reshape(keep).all(-1);
        }, Double.NaN, Double.NaN, this, null, n, null);
    }

    /** PyTorch's class name of the constraint ({@code _GreaterThan}, {@code _IndependentConstraint}, ...). */
    public String kind() { return kind; }

    /** PyTorch's repr. */
    public String repr() { return repr; }

    /** The number of rightmost dims one event takes. */
    public int eventDim() { return eventDim; }

    /** Value to a boolean tensor, one element per event. */
    public UnaryOperator<Tensor> check() { return check; }

    /** {@code lower_bound} of greater_than(_eq), interval and half_open_interval (NaN for the others). */
    public double lowerBound() { return lower; }

    /** {@code upper_bound} of less_than, interval and half_open_interval (NaN for the others). */
    public double upperBound() { return upper; }

    /** {@code base_constraint} of an independent constraint (null for the others). */
    public Constraint baseConstraint() { return base; }

    /** {@code reinterpreted_batch_ndims} of an independent constraint. */
    public int reinterpretedBatchNdims() { return base == null ? 0 : dim; }

    /** {@code cseq} of cat and stack (empty for the others). */
    public List<Constraint> parts() { return parts == null ? List.of() : parts; }

    /** {@code dim} of cat and stack. */
    public int dim() { return dim; }

    /** {@code lengths} of cat. */
    public int[] lengths() { return lengths == null ? new int[0] : lengths.clone(); }

    /** PyTorch's repr. */
    @Override
    public String toString() { return repr; }
}
