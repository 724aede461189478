package dev.torch4j.distributions;

import dev.torch4j.Size;
import dev.torch4j.Tensor;

import java.util.Arrays;

/**
 * {@code torch.distributions.transforms.ReshapeTransform(in_shape, out_shape)}: reshapes the rightmost
 * {@code in_shape} dims of x to {@code out_shape} (unit Jacobian, so a zero log-Jacobian per batch element).
 */
public class ReshapeTransform extends Transform {
    private final long[] in, out;

    /** {@code ReshapeTransform(in_shape, out_shape, cache_size)}: the shapes must hold the same number of elements. */
    public ReshapeTransform(long[] inShape, long[] outShape, int cacheSize) {
        super(cacheSize);
        if (Size.of(inShape).numel() != Size.of(outShape).numel()) {
            throw new IllegalArgumentException("in_shape, out_shape have different numbers of elements");
        }
        this.in = inShape.clone();
        this.out = outShape.clone();
    }

    /** {@code ReshapeTransform(in_shape, out_shape)}. */
    public ReshapeTransform(long[] inShape, long[] outShape) { this(inShape, outShape, 0); }

    @Override public Constraint domain() { return Constraint.REAL.independent(in.length); }

    @Override public Constraint codomain() { return Constraint.REAL.independent(out.length); }

    @Override public boolean bijective() { return true; }

    @Override protected Tensor forward(Tensor x) { return x.reshape(concat(batch(x, in.length), out)); }

    @Override protected Tensor inverse(Tensor y) { return y.reshape(concat(batch(y, out.length), in)); }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        return dev.torch4j.Torch.zeros(Size.of(batch(x, in.length)), dev.torch4j.Torch.dtype(x.dtype()).device(x.device()));
    }

    @Override public long[] forwardShape(long... shape) { return swapEvent(shape, in, out); }

    @Override public long[] inverseShape(long... shape) { return swapEvent(shape, out, in); }

    @Override Transform copyWithCache(int cacheSize) { return new ReshapeTransform(in, out, cacheSize); }

    /** Python's {@code x.shape[:x.dim() - event_dims]} (a negative end counts from the right, stopping at 0). */
    private static long[] batch(Tensor t, int eventDims) {
        int k = (int) t.dim() - eventDims;
        if (k < 0) k = Math.max(0, (int) t.dim() + k);
        return Arrays.copyOf(t.shapeArray(), k);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The shape with its rightmost {@code from} dims (which must be exactly from) replaced by {@code to}. */
    private static long[] swapEvent(long[] shape, long[] from, long[] to) {
        if (shape.length < from.length) throw new IllegalArgumentException("Too few dimensions on input");
        int cut = shape.length - from.length;
        long[] tail = Arrays.copyOfRange(shape, cut, shape.length);
        if (!Arrays.equals(tail, from)) {
            throw new IllegalArgumentException("Shape mismatch: expected " + Size.of(tail) + " but got " + Size.of(from));
        }
        return concat(Arrays.copyOf(shape, cut), to);
    }
}
