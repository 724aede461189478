package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.distributions.transforms.AffineTransform(loc, scale, event_dim)}: {@code y = loc + scale x}, pointwise;
 * with {@code eventDim} &gt; 0 the log-Jacobian sums over that many rightmost dims. loc and scale may be numbers or
 * tensors, as in PyTorch (a number scale gives a number sign and a constant log-Jacobian).
 */
public class AffineTransform extends Transform {
    // a null tensor means the parameter is a Python number, held in the double
    private final Tensor loc, scale;
    private final double locNum, scaleNum;
    private final int eventDim;

    private AffineTransform(Tensor loc, double locNum, Tensor scale, double scaleNum, int eventDim, int cacheSize) {
        super(cacheSize);
        this.loc = loc;
        this.locNum = locNum;
        this.scale = scale;
        this.scaleNum = scaleNum;
        this.eventDim = eventDim;
    }

    /** {@code AffineTransform(loc, scale, event_dim, cache_size)}. */
    public AffineTransform(Tensor loc, Tensor scale, int eventDim, int cacheSize) { this(loc, 0, scale, 0, eventDim, cacheSize); }

    /** {@code AffineTransform(loc, scale, event_dim)}. */
    public AffineTransform(Tensor loc, Tensor scale, int eventDim) { this(loc, 0, scale, 0, eventDim, 0); }

    /** {@code AffineTransform(loc, scale)}. */
    public AffineTransform(Tensor loc, Tensor scale) { this(loc, 0, scale, 0, 0, 0); }

    /** {@code AffineTransform(loc, scale, event_dim)} with numbers. */
    public AffineTransform(double loc, double scale, int eventDim) { this(null, loc, null, scale, eventDim, 0); }

    /** {@code AffineTransform(loc, scale)} with numbers. */
    public AffineTransform(double loc, double scale) { this(null, loc, null, scale, 0, 0); }

    /** {@code AffineTransform(loc, scale)} with a number loc. */
    public AffineTransform(double loc, Tensor scale) { this(null, loc, scale, 0, 0, 0); }

    /** {@code AffineTransform(loc, scale)} with a number scale. */
    public AffineTransform(Tensor loc, double scale) { this(loc, 0, null, scale, 0, 0); }

    /** The location: the tensor, or the number as a 0-d float64 tensor. */
    public Tensor loc() { return loc != null ? loc : Torch.tensor(locNum); }

    /** The scale: the tensor, or the number as a 0-d float64 tensor. */
    public Tensor scale() { return scale != null ? scale : Torch.tensor(scaleNum); }

    @Override
    public int eventDim() { return eventDim; }

    @Override public Constraint domain() { return eventDim == 0 ? Constraint.REAL : Constraint.REAL.independent(eventDim); }

    @Override public Constraint codomain() { return eventDim == 0 ? Constraint.REAL : Constraint.REAL.independent(eventDim); }

    @Override public boolean bijective() { return true; }

    @Override
    public Tensor sign() { return scale != null ? scale.sign() : Torch.tensor((long) Math.signum(scaleNum)); }

    /** A number scale's sign, as PyTorch's Python int (0 for a scale of 0, which sign() gives as a tensor). */
    @Override int constantSign() { return scale != null ? 0 : scaleNum > 0 ? 1 : scaleNum < 0 ? -1 : 0; }

    /** {@code loc + scale * x}, each a tensor op or a number operand as Python evaluates it. */
    @Override
    protected Tensor forward(Tensor x) {
        Tensor sx = scale != null ? scale.mul(x) : x.mul(scaleNum);
        return loc != null ? loc.add(sx) : sx.add(locNum);
    }

    /** {@code (y - loc) / scale}. */
    @Override
    protected Tensor inverse(Tensor y) {
        Tensor d = loc != null ? y.sub(loc) : y.sub(locNum);
        return scale != null ? d.div(scale) : d.div(scaleNum);
    }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        long[] shape = x.shapeArray();
        if (scale == null && scaleNum == 0) throw new IllegalArgumentException("math domain error"); // Python's math.log(0)
        Tensor r = scale != null ? scale.abs().log() : Torch.fullLike(x, Math.log(Math.abs(scaleNum)));
        if (eventDim != 0) {
            r = sumRightmost(r, eventDim);
            shape = java.util.Arrays.copyOf(shape, Math.max(0, shape.length - eventDim)); // Python's shape[:-event_dim]
        }
        return r.expand(shape);
    }

    @Override public long[] forwardShape(long... shape) { return broadcastWith(shape, loc, scale); }

    @Override public long[] inverseShape(long... shape) { return broadcastWith(shape, loc, scale); }

    /** Equal loc and scale (numbers compared as numbers); event_dim is not compared, as in PyTorch. */
    @Override
    boolean sameAs(Transform other) {
        if (!(other instanceof AffineTransform o)) return false;
        boolean locSame = loc == null && o.loc == null ? locNum == o.locNum : allEqual(loc(), o.loc());
        return locSame && (scale == null && o.scale == null ? scaleNum == o.scaleNum : allEqual(scale(), o.scale()));
    }

    @Override
    Transform copyWithCache(int cacheSize) { return new AffineTransform(loc, locNum, scale, scaleNum, eventDim, cacheSize); }
}
