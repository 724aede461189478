package dev.torch4j.distributions;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;

import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.distributions.TransformedDistribution(base_distribution, transforms)}: draws of the base distribution
 * pushed through the transforms in order. {@code logProb} inverts the transforms in reverse, subtracting each
 * log-Jacobian summed over the event dims it covers; {@code cdf}/{@code icdf} go through the base's, flipped where
 * the composed transform is decreasing. When the transforms need more event dims than the base has, the base's
 * rightmost batch dims are read as event dims ({@link Independent}).
 *
 * <pre>{@code
 * // a log-normal: exp of a normal
 * var d = new TransformedDistribution(new Normal(loc, scale), new ExpTransform());
 * Tensor lp = d.logProb(x);
 * }</pre>
 */
public class TransformedDistribution extends Distribution {
    private final Distribution base;
    private final List<Transform> transforms;
    private final ComposeTransform composed;

    /** {@code TransformedDistribution(base_distribution, transforms)}. */
    public TransformedDistribution(Distribution base, List<? extends Transform> transforms) {
        List<Transform> ts = List.copyOf(transforms);
        ComposeTransform t = new ComposeTransform(ts);
        long[] baseShape = concat(base.batchShape().toArray(), base.eventShape().toArray());
        int baseEventDim = base.eventShape().toArray().length;
        if (baseShape.length < t.domainEventDim()) {
            throw new IllegalArgumentException("base_distribution needs to have shape with size at least " + t.domainEventDim()
                    + ", but got " + Size.of(baseShape) + ".");
        }
        long[] forward = t.forwardShape(baseShape);
        long[] expandedBase = t.inverseShape(forward);
        if (!Arrays.equals(baseShape, expandedBase)) { // the transforms broadcast the base: it is expanded to their shape
            base = base.expand(Arrays.copyOf(expandedBase, expandedBase.length - baseEventDim));
        }
        int reinterpreted = t.domainEventDim() - baseEventDim;
        int eventDim = Math.max(t.codomainEventDim(), baseEventDim + t.codomainEventDim() - t.domainEventDim());
        int cut = forward.length - eventDim;
        super(Arrays.copyOf(forward, cut), Arrays.copyOfRange(forward, cut, forward.length));
        this.base = reinterpreted > 0 ? new Independent(base, reinterpreted) : base;
        this.transforms = ts;
        this.composed = t;
    }

    /**
     * {@code expand(batch_shape)}: the base distribution expanded to the batch shape the transforms map back to, with
     * the same transforms.
     */
    @Override
    public TransformedDistribution expand(long... batchShape) {
        long[] shape = concat(batchShape, eventShape().toArray());
        for (Transform t : transforms.reversed()) shape = t.inverseShape(shape);
        long[] baseBatch = Arrays.copyOf(shape, shape.length - base.eventShape().toArray().length);
        Distribution b = base.expand(baseBatch);
        return expanded(() -> new TransformedDistribution(b, transforms));
    }

    /** {@code TransformedDistribution(base_distribution, transform...)}. */
    public TransformedDistribution(Distribution base, Transform... transforms) { this(base, List.of(transforms)); }

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** PyTorch's {@code broadcast_all}: the tensors expanded to their common shape (those already of it kept). */
    static Tensor[] broadcastAll(String op, Tensor... ts) {
        long[] s = broadcastShape(op, ts);
        Tensor[] r = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) r[i] = Arrays.equals(ts[i].shapeArray(), s) ? ts[i] : ts[i].expand(s);
        return r;
    }

    /** The base distribution (wrapped in {@link Independent} where the transforms read more event dims). */
    public Distribution baseDist() { return base; }

    /** The transforms, in the order they apply. */
    public List<Transform> transforms() { return transforms; }

    /** {@code support}: the last transform's codomain over the event dims (null without transforms). */
    @Override
    public Constraint support() {
        if (transforms.isEmpty()) return base.support();
        Constraint c = transforms.getLast().codomain();
        int event = eventShape().toArray().length;
        return event > c.eventDim() ? c.independent(event - c.eventDim()) : c;
    }

    @Override
    protected Object[] reprParams() { return new Object[0]; }

    @Override
    public boolean hasRsample() { return base.hasRsample(); }

    /** The base's draws (without gradient) through the transforms. */
    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            Tensor x = base.sample(sampleShape);
            for (Transform t : transforms) x = t.call(x);
            return x;
        }
    }

    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor x = base.rsample(sampleShape);
        for (Transform t : transforms) x = t.call(x);
        return x;
    }

    /** The base's log density at the inverted value minus each transform's log-Jacobian (over its event dims). */
    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value);
        int eventDim = eventShape().toArray().length;
        Tensor lp = null, y = value;
        for (Transform t : transforms.reversed()) {
            Tensor x = t.inv().call(y);
            eventDim += t.domainEventDim() - t.codomainEventDim();
            Tensor term = Transform.sumRightmost(t.logAbsDetJacobian(x, y), eventDim - t.domainEventDim());
            lp = lp == null ? term.neg() : lp.sub(term);
            y = x;
        }
        Tensor baseLp = Transform.sumRightmost(base.logProb(y), eventDim - base.eventShape().toArray().length);
        return lp == null ? baseLp : lp.add(baseLp);
    }

    /** PyTorch's {@code _monotonize_cdf}: {@code sign (p - 1/2) + 1/2}, left alone when the sign is the number 1. */
    private Tensor monotonize(Tensor p) {
        if (composed.constantSign() == 1) return p;
        return p.sub(0.5).mul(composed.sign()).add(0.5);
    }

    @Override
    public Tensor cdf(Tensor value) {
        for (Transform t : transforms.reversed()) value = t.inv().call(value);
        base.validateSample(value);
        return monotonize(base.cdf(value));
    }

    @Override
    public Tensor icdf(Tensor value) {
        Tensor x = base.icdf(monotonize(value));
        for (Transform t : transforms) x = t.call(x);
        return x;
    }

    @Override
    public Tensor entropy() { throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement entropy"); }

    @Override
    public Tensor mean() { throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement mean"); }

    @Override
    public Tensor variance() { throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement variance"); }
}
