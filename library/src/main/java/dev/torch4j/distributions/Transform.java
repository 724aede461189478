package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;

/**
 * {@code torch.distributions.transforms.Transform}: an invertible (or at least forward-computable) map between a
 * domain and a codomain, with the log of the absolute determinant of its Jacobian. {@link #call} is PyTorch's
 * {@code t(x)}, {@link #inv} the inverse transform ({@code t.inv(y)} is {@code t.inv().call(y)}).
 *
 * <p>With {@code cacheSize} 1 the transform remembers its latest {@code (x, y)} pair: calling it again on the same
 * tensor object, or inverting that y, returns the remembered result (PyTorch's default is 0, no cache).
 *
 * <pre>{@code
 * Transform t = new ExpTransform();
 * Tensor y = t.call(x);              // exp(x)
 * Tensor back = t.inv().call(y);     // log(y)
 * Tensor ladj = t.logAbsDetJacobian(x, y);
 * }</pre>
 */
public abstract class Transform {
    private final int cacheSize;
    private Tensor cachedX, cachedY;
    private Transform inverse;

    /** {@code Transform(cache_size=0)}. */
    protected Transform() { this(0); }

    /** {@code Transform(cache_size)}: 0 (no cache) or 1 (the latest pair). */
    protected Transform(int cacheSize) {
        if (cacheSize != 0 && cacheSize != 1) throw new IllegalArgumentException("cache_size must be 0 or 1");
        this.cacheSize = cacheSize;
    }

    /** The cache size this transform was made with. */
    public int cacheSize() { return cacheSize; }

    /** {@code domain}: the constraint x must satisfy (its event dims are {@link #domainEventDim}). */
    public abstract Constraint domain();

    /** {@code codomain}: the constraint y = t(x) satisfies. */
    public abstract Constraint codomain();

    /** {@code domain.event_dim}: how many rightmost dims of x one application reads together. */
    public int domainEventDim() { return domain().eventDim(); }

    /** {@code codomain.event_dim}. */
    public int codomainEventDim() { return codomain().eventDim(); }

    /** {@code event_dim}: the common event dim, where domain and codomain agree. */
    public int eventDim() {
        if (domainEventDim() != codomainEventDim()) throw new IllegalArgumentException("Please use either .domain.event_dim or .codomain.event_dim");
        return domainEventDim();
    }

    /** Whether the transform is invertible (its inverse defined on the whole codomain). */
    public boolean bijective() { return false; }

    /** {@code sign}: +1 or -1 where the transform is monotone (elementwise for parameterised ones). */
    public Tensor sign() {
        if (constantSign() != 0) return Torch.tensor((long) constantSign());
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement sign");
    }

    /** PyTorch's sign where it is a Python int (+1 or -1), else 0 (the sign is a tensor, or undefined). */
    int constantSign() { return 0; }

    /** {@code t(x)}: the forward map (cached when cacheSize is 1). */
    public final Tensor call(Tensor x) {
        if (cacheSize == 0) return forward(x);
        if (x == cachedX) return cachedY;
        Tensor y = forward(x);
        cachedX = x;
        cachedY = y;
        return y;
    }

    /** {@code t.inv(y)}: the inverse map (cached when cacheSize is 1). */
    final Tensor invCall(Tensor y) {
        if (cacheSize == 0) return inverse(y);
        if (y == cachedY) return cachedX;
        Tensor x = inverse(y);
        cachedX = x;
        cachedY = y;
        return x;
    }

    /** PyTorch's {@code _call}. */
    protected abstract Tensor forward(Tensor x);

    /** PyTorch's {@code _inverse}; transforms without one raise. */
    protected Tensor inverse(Tensor y) { throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement the inverse"); }

    /** {@code log |dy/dx|} at the pair (x, y = t(x)), with the shape of x less the domain's event dims. */
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement log_abs_det_jacobian");
    }

    /** The inverse transform {@code t.inv}, the same object on each call (its own inverse is this transform). */
    public Transform inv() {
        if (inverse == null) inverse = new InverseTransform(this);
        return inverse;
    }

    /** The shape of y for an x of this shape. */
    public long[] forwardShape(long... shape) { return shape; }

    /** The shape of x for a y of this shape. */
    public long[] inverseShape(long... shape) { return shape; }

    /** {@code with_cache(cache_size)}: this transform if the size matches, else a copy with that cache size. */
    public Transform withCache(int cacheSize) {
        if (cacheSize == cacheSize()) return this;
        return copyWithCache(cacheSize);
    }

    /** A copy with another cache size; parameterised transforms pass their parameters on. */
    Transform copyWithCache(int cacheSize) {
        throw new UnsupportedOperationException("<class 'torch.distributions.transforms." + getClass().getSimpleName() + "'>.with_cache is not implemented");
    }

    private static final java.util.Set<Class<?>> STATELESS = java.util.Set.of(ExpTransform.class, SigmoidTransform.class, TanhTransform.class,
            SoftplusTransform.class, AbsTransform.class, SoftmaxTransform.class, StickBreakingTransform.class, LowerCholeskyTransform.class);

    /**
     * PyTorch's {@code ==} between transforms (used by the KL rule for two TransformedDistributions): the same class
     * for the parameterless ones, equal parameters for Power and Affine, part by part for Compose, else identity.
     */
    boolean sameAs(Transform other) { return this == other || (other.getClass() == getClass() && STATELESS.contains(getClass())); }

    /** Whether every element of a equals b's (broadcast), as PyTorch's {@code (a == b).all()}. */
    static boolean allEqual(Tensor a, Tensor b) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            return a.eq(b).all().itemBool();
        }
    }

    /** PyTorch's repr: the class name and {@code ()}. */
    @Override
    public String toString() { return getClass().getSimpleName() + "()"; }

    /** PyTorch's {@code _sum_rightmost}: sums the rightmost dim dims (none when dim is 0, all when there are fewer). */
    static Tensor sumRightmost(Tensor value, int dim) {
        if (dim == 0) return value;
        long[] s = value.shapeArray();
        long[] r = Arrays.copyOf(s, Math.max(0, s.length - dim) + 1);
        r[r.length - 1] = -1;
        return value.reshape(r).sum(-1, false);
    }

    /** A shape of at least one dim with the last dim changed by delta ({@code Too few dimensions on input} otherwise). */
    static long[] lastDimPlus(long[] shape, long delta) {
        if (shape.length < 1) throw new IllegalArgumentException("Too few dimensions on input");
        long[] r = shape.clone();
        r[r.length - 1] += delta;
        return r;
    }

    /** PyTorch's {@code _clipped_sigmoid}: sigmoid clamped to [tiny, 1 - eps] of the dtype. */
    static Tensor clippedSigmoid(Tensor x) { return x.sigmoid().clamp(Distribution.tiny(x), 1 - Distribution.eps(x)); }

    /** {@code torch.broadcast_shapes(shape, parameter shapes...)}. */
    static long[] broadcastWith(long[] shape, Tensor... params) {
        long[] s = shape;
        for (Tensor p : params) if (p != null) s = dev.torch4j.core.Shapes.broadcast("broadcast_shapes", s, p.shapeArray());
        return s;
    }

    /** {@code _InverseTransform}: the inverse of a transform, sharing its cache. */
    private static final class InverseTransform extends Transform {
        private final Transform base;

        /** No cache of its own: calls go to the base's inverse call, which caches. */
        InverseTransform(Transform base) {
            this.base = base;
        }

        @Override public int cacheSize() { return base.cacheSize(); }

        @Override public Constraint domain() { return base.codomain(); }

        @Override public Constraint codomain() { return base.domain(); }

        @Override public boolean bijective() { return base.bijective(); }

        @Override public Tensor sign() { return base.sign(); }

        @Override int constantSign() { return base.constantSign(); }

        @Override protected Tensor forward(Tensor y) { return base.invCall(y); }

        @Override protected Tensor inverse(Tensor x) { return base.call(x); }

        @Override public Transform inv() { return base; }

        @Override boolean sameAs(Transform other) { return other instanceof InverseTransform o && base.sameAs(o.base); }

        @Override public Tensor logAbsDetJacobian(Tensor x, Tensor y) { return base.logAbsDetJacobian(y, x).neg(); }

        @Override public long[] forwardShape(long... shape) { return base.inverseShape(shape); }

        @Override public long[] inverseShape(long... shape) { return base.forwardShape(shape); }

        @Override Transform copyWithCache(int cacheSize) { return base.withCache(cacheSize).inv(); }

        @Override public String toString() { return "_InverseTransform(" + base + ")"; }
    }
}
