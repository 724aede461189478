package dev.torch4j.distributions;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * {@code torch.distributions.Distribution}: a batch of distributions of one family. Shapes follow PyTorch:
 * {@code sample(sampleShape)} has shape {@code sampleShape + batchShape + eventShape}; {@code logProb(value)} has the
 * broadcast shape of value without the event dims. Parameters are validated as PyTorch's {@code validate_args=True}
 * (its default) does.
 */
public abstract class Distribution {
    /** The reprs of PyTorch's constraints, as its messages print them. */
    static final String REAL = "Real()", POSITIVE = "GreaterThan(lower_bound=0.0)", NONNEGATIVE = "GreaterThanEq(lower_bound=0.0)",
            UNIT_INTERVAL = "Interval(lower_bound=0.0, upper_bound=1.0)", NONNEGATIVE_INTEGER = "IntegerGreaterThan(lower_bound=0)";

    private static volatile boolean defaultValidateArgs = true;
    /** Set while {@link #expanded} builds a copy: the copy's constructor skips validation, as PyTorch's expand does. */
    private static final ThreadLocal<Boolean> EXPANDING = new ThreadLocal<>();

    private final long[] batchShape, eventShape;
    /** Null: the default at each call, as PyTorch's class attribute; set on the copies {@link #expand} makes. */
    private Boolean validateArgs;

    protected Distribution(long[] batchShape, long[] eventShape) {
        this.batchShape = batchShape.clone();
        this.eventShape = eventShape.clone();
        this.validateArgs = EXPANDING.get() == null ? null : Boolean.FALSE;
    }

    /**
     * {@code expand(batch_shape)}: this distribution with its parameters expanded (as views) to a new batch shape
     * (PyTorch's message when the shapes do not expand). The copy is not validated again and validates values as
     * this one does.
     */
    public Distribution expand(long... batchShape) {
        throw new UnsupportedOperationException("");
    }

    /** Builds the copy {@link #expand} returns: no validation while it is made, then this distribution's setting. */
    protected final <D extends Distribution> D expanded(java.util.function.Supplier<D> make) {
        Boolean old = EXPANDING.get();
        EXPANDING.set(Boolean.TRUE);
        D d;
        try {
            d = make.get();
        } finally {
            if (old == null) EXPANDING.remove();
        }
        ((Distribution) d).validateArgs = validateArgs();
        return d;
    }

    /**
     * A distribution made with {@code validate_args=False}, as PyTorch builds some families' base distributions
     * (HalfNormal's Normal, HalfCauchy's Cauchy): no checks when made, none on values later.
     */
    static <D extends Distribution> D unchecked(java.util.function.Supplier<D> make) {
        Boolean old = EXPANDING.get();
        EXPANDING.set(Boolean.TRUE);
        try {
            return make.get();
        } finally {
            if (old == null) EXPANDING.remove();
        }
    }

    /** {@code batch_shape + tail}: the shape a parameter with event dims {@code tail} expands to. */
    static long[] with(long[] batchShape, long... tail) {
        long[] r = Arrays.copyOf(batchShape, batchShape.length + tail.length);
        System.arraycopy(tail, 0, r, batchShape.length, tail.length);
        return r;
    }

    /** {@code has_enumerate_support}. */
    public boolean hasEnumerateSupport() { return false; }

    /**
     * {@code enumerate_support(expand)}: every value of a discrete support, along a new leading dim, over the batch
     * shape (expanded to it, or as size-1 dims without expand).
     */
    public Tensor enumerateSupport(boolean expand) { throw new UnsupportedOperationException(""); }

    /** {@code enumerate_support()}: expanded. */
    public Tensor enumerateSupport() { return enumerateSupport(true); }

    /**
     * {@code Distribution.set_default_validate_args(value)}: whether distributions check their parameters when made
     * and the values given to {@code logProb}/{@code cdf}/{@code icdf} (true, PyTorch's default). As in PyTorch the
     * setting is read at each check (a distribution made while it was off validates values once it is back on);
     * {@link #expand}'s copies keep the setting of the moment. Without validation invalid parameters give the NaN or
     * infinite results of PyTorch's formulas.
     */
    public static void setDefaultValidateArgs(boolean value) { defaultValidateArgs = value; }

    /** The current default of {@link #setDefaultValidateArgs}. */
    public static boolean defaultValidateArgs() { return defaultValidateArgs; }

    /** Whether this distribution validates now. */
    public boolean validateArgs() { return validateArgs != null ? validateArgs : defaultValidateArgs; }

    /** The shape over which parameters are batched. */
    public Size batchShape() { return Size.of(batchShape); }

    /** The shape of one sample (empty for univariate distributions). */
    public Size eventShape() { return Size.of(eventShape); }

    /** {@code sampleShape + batchShape + eventShape}. */
    protected long[] extendedShape(long... sampleShape) {
        long[] r = Arrays.copyOf(sampleShape, sampleShape.length + batchShape.length + eventShape.length);
        System.arraycopy(batchShape, 0, r, sampleShape.length, batchShape.length);
        System.arraycopy(eventShape, 0, r, sampleShape.length + batchShape.length, eventShape.length);
        return r;
    }

    /** One sample per distribution of the batch, without gradient. */
    public Tensor sample() { return sample(new long[0]); }

    /** {@code sample(sample_shape)}: draws without gradient (rsample's draws where the family has one). */
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            return rsample(sampleShape);
        }
    }

    /** {@code rsample(sample_shape)}: a reparameterised sample, differentiable with respect to the parameters. */
    public Tensor rsample(long... sampleShape) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no reparameterised sampler (has_rsample=False)");
    }

    /** Whether {@link #rsample} is available. */
    public boolean hasRsample() { return false; }

    /** The log of the probability density or mass at value. */
    public abstract Tensor logProb(Tensor value);

    /** The entropy of each distribution of the batch. */
    public abstract Tensor entropy();

    /** The mean of each distribution. */
    public abstract Tensor mean();

    /** The variance of each distribution. */
    public abstract Tensor variance();

    /** The standard deviation: {@code sqrt(variance)}. */
    public Tensor stddev() { return variance().sqrt(); }

    /** The mode of each distribution; families without one raise as PyTorch's {@code NotImplementedError} does. */
    public Tensor mode() { throw new UnsupportedOperationException("<class '" + pyClassName() + "'> does not implement mode"); }

    /** The cumulative distribution function at value, where the family defines one. */
    public Tensor cdf(Tensor value) { throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement cdf"); }

    /** The inverse of {@link #cdf}, where the family defines one. */
    public Tensor icdf(Tensor value) { throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement icdf"); }

    /** {@code <class 'torch.distributions.normal.Normal'>}'s qualified name, as PyTorch's messages print the class. */
    private String pyClassName() {
        String n = getClass().getSimpleName();
        String module = switch (n) {
            case "StudentT" -> "studentT";
            case "LKJCholesky" -> "lkj_cholesky";
            case "FisherSnedecor" -> "fishersnedecor";
            case "LowRankMultivariateNormal" -> "lowrank_multivariate_normal";
            case "OneHotCategoricalStraightThrough" -> "one_hot_categorical";
            case "ExpRelaxedCategorical", "RelaxedOneHotCategorical" -> "relaxed_categorical";
            case "LogitRelaxedBernoulli", "RelaxedBernoulli" -> "relaxed_bernoulli";
            default -> n.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        };
        return "torch.distributions." + module + "." + n;
    }

    /**
     * The parameters expanded to the batch shape (PyTorch's broadcast_all, after the constructor set the shape); a
     * parameter that already has the batch shape is kept as it is, as {@code torch.broadcast_tensors} keeps it.
     */
    protected final Tensor[] expandedToBatch(Tensor... params) {
        Tensor[] r = new Tensor[params.length];
        for (int i = 0; i < r.length; i++) r[i] = Arrays.equals(params[i].shapeArray(), batchShape) ? params[i] : params[i].expand(batchShape);
        return r;
    }

    /** Python's {@code format(t)}: a 0-d tensor as its number, others as the tensor's repr (with requires_grad). */
    static String format(Tensor t) {
        return t.dim() == 0 ? dev.torch4j.nn.Py.repr(t.detach().item()) : t.toString();
    }

    /** The named parameters PyTorch's repr lists, in order (name, tensor). */
    protected abstract Object[] reprParams();

    /** PyTorch's repr: {@code Normal(loc: 0.0, scale: torch.Size([2]))} (a one-element parameter shows its value). */
    @Override
    public String toString() {
        Object[] p = reprParams();
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('(');
        for (int i = 0; i < p.length; i += 2) {
            Tensor t = (Tensor) p[i + 1];
            b.append(i == 0 ? "" : ", ").append(p[i]).append(": ").append(t.numel() == 1 ? format(t) : Size.of(t.shapeArray()).toString());
        }
        return b.append(')').toString();
    }

    /**
     * PyTorch's parameter check: raises its message ({@code Expected parameter scale (Tensor of shape (2,)) of
     * distribution Normal(...) to satisfy the constraint GreaterThan(lower_bound=0.0), but found invalid values:})
     * when any value fails.
     */
    protected void checkParam(String param, Tensor value, Tensor ok, String constraint) {
        if (validateArgs() && !allTrue(ok)) {
            throw new IllegalArgumentException("Expected parameter " + param + " (Tensor of shape " + dev.torch4j.nn.Py.tuple(value.shapeArray())
                    + ") of distribution " + this + " to satisfy the constraint " + constraint + ", but found invalid values:\n"
                    + format(value));
        }
    }

    /**
     * PyTorch's {@code _validate_sample} of a value given to logProb, cdf or icdf, where validation is on: the value's
     * rightmost dims must be the event shape, the rest must broadcast with the batch shape, and every event must be
     * in the support (the message shows the whole value).
     */
    protected void checkValue(Tensor value, java.util.function.Supplier<Tensor> ok, Object support) {
        if (!validateArgs()) return;
        validateSampleShape(value);
        if (!allTrue(ok.get())) {
            throw new IllegalArgumentException("Expected value argument (Tensor of shape " + dev.torch4j.nn.Py.tuple(value.shapeArray())
                    + ") to be within the support (" + support + ") of the distribution " + this + ", but found invalid values:\n"
                    + format(value));
        }
    }

    /** The shape part of PyTorch's {@code _validate_sample} (its two messages). */
    protected final void validateSampleShape(Tensor value) {
        long[] v = value.shapeArray();
        int start = v.length - eventShape.length;
        if (start < 0 || !Arrays.equals(Arrays.copyOfRange(v, start, v.length), eventShape)) {
            throw new IllegalArgumentException("The right-most size of value must match event_shape: " + Size.of(v) + " vs "
                    + Size.of(eventShape) + ".");
        }
        long[] expected = extendedShape();
        for (int i = v.length - 1, j = expected.length - 1; i >= 0 && j >= 0; i--, j--) {
            if (v[i] != 1 && expected[j] != 1 && v[i] != expected[j]) {
                throw new IllegalArgumentException("Value is not broadcastable with batch_shape+event_shape: " + Size.of(v) + " vs "
                        + Size.of(expected) + ".");
            }
        }
    }

    private static boolean allTrue(Tensor ok) {
        try (var g = GradMode.noGrad()) {
            return ok.all().itemBool();
        }
    }

    /** The broadcast shape of the parameters (PyTorch's broadcast_all). */
    static long[] broadcastShape(String op, Tensor... ts) {
        long[] s = ts[0].shapeArray();
        for (int i = 1; i < ts.length; i++) s = Shapes.broadcast(op, s, ts[i].shapeArray());
        return s;
    }

    /** {@code torch.finfo(t.dtype).eps}: float64's for float64, else float32's. */
    static double eps(Tensor t) { return t.dtype() == dev.torch4j.DType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f); }

    /** {@code torch.finfo(t.dtype).tiny}: the smallest normal number of float64, else of float32. */
    static double tiny(Tensor t) { return t.dtype() == dev.torch4j.DType.FLOAT64 ? Double.MIN_NORMAL : Float.MIN_NORMAL; }

    /** Whether every element is an integer ({@code value % 1 == 0}; false for NaN and infinities). */
    static Tensor isInteger(Tensor value) { return value.eq(value.floor()).logicalAnd(value.isfinite()); }

    /** A scalar parameter as a tensor of the other parameter's dtype and device (PyTorch's broadcast_all). */
    static Tensor scalarLike(double v, Tensor like) {
        return Torch.full(new long[0], v, Torch.dtype(like.dtype()).device(like.device()));
    }

    /** The enumerated values along a new leading dim: viewed as size-1 batch dims, expanded to the batch with expand. */
    static Tensor enumerated(Tensor values, long[] batch, long[] event, boolean expand) {
        long n = values.size(0);
        long[] view = new long[1 + batch.length + event.length];
        Arrays.fill(view, 1);
        view[0] = n;
        System.arraycopy(event, 0, view, 1 + batch.length, event.length);
        Tensor v = values.view(view);
        if (!expand) return v;
        long[] full = with(with(new long[] {n}, batch), event);
        return v.expand(full);
    }

    /** {@code support}: the constraint values of this distribution satisfy (families without one raise). */
    public Constraint support() { throw new UnsupportedOperationException(""); }

    /** {@code _validate_sample(value)}: the shape checks, then every event in {@link #support()} (where validation is on). */
    public void validateSample(Tensor value) {
        if (!validateArgs()) return;
        Constraint s = support();
        checkValue(value, () -> s.check().apply(value), s.repr());
    }
}
