package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.Graph;
import dev.torch4j.core.Shapes;

/**
 * {@code tensor.unfold(dimension, size, step)}: every window of {@code size} elements along a dim, {@code step}
 * apart, as a view with the windows' elements in a new last dim.
 *
 * <p>Why its own node: windows overlap when {@code step < size}, so one input element is read by several view
 * elements. The generic view derivative ({@code ViewBackward}) writes the view's gradient into the input's places,
 * and a write keeps only one of the overlapping gradients; PyTorch's {@code unfold_backward} sums them. Here the
 * gradient is summed with {@code index_add} over the element each window position reads, which also records
 * itself, so double backward works.
 */
public final class Unfold {
    private Unfold() {}

    /** {@code tensor.unfold(dimension, size, step)} with PyTorch's checks and words. */
    public static Tensor unfold(Tensor t, long dimension, long size, long step) {
        int n = t.dim();
        int d = n == 0 ? Shapes.wrapDim("unfold", dimension, 1) : Shapes.wrapDim("unfold", dimension, n);
        long[] sh = t.shapeArray(), st = t.stride();
        long maxSize = n == 0 ? 1 : sh[d];
        if (size > maxSize) {
            throw new IllegalArgumentException("maximum size for tensor at dimension " + d + " is " + maxSize + " but size is " + size);
        }
        if (step <= 0) throw new IllegalArgumentException("step is " + step + " but must be > 0");
        if (size < 0) throw new IllegalArgumentException("size is " + size + " but must be >= 0");
        long[] shape = new long[n + 1], stride = new long[n + 1];
        if (n == 0) {
            shape[0] = size;
            stride[0] = 1;
        } else {
            System.arraycopy(sh, 0, shape, 0, n);
            System.arraycopy(st, 0, stride, 0, n);
            shape[d] = (sh[d] - size) / step + 1;
            stride[d] = st[d] * step;
            shape[n] = size;
            stride[n] = st[d];
        }
        Tensor view = t.restride(shape, stride, t.storageOffset());
        Graph.linkBase(t, view);
        if (!Graph.isRecording(t)) return view;
        long[] inShape = t.shapeArray();
        return Graph.node("UnfoldBackward0", t).backward(g -> new Tensor[] {backward(g[0], inShape, d, size, step)}).output(view);
    }

    /**
     * {@code unfold_backward}: the window gradient {@code g} (the input's shape with dim d counting windows, plus a
     * last dim of size) summed into the input's shape: window w's element k came from index {@code w * step + k}.
     */
    static Tensor backward(Tensor g, long[] inShape, int d, long size, long step) {
        if (inShape.length == 0) return g.sum();
        long windows = g.size(d);
        Tensor flat = g.movedim(-1, d + 1).flatten(d, d + 1);
        Tensor w = Creation.arangeLong(0, windows, 1, DType.INT64, g.device()).mul(step).unsqueeze(1);
        Tensor k = Creation.arangeLong(0, size, 1, DType.INT64, g.device()).unsqueeze(0);
        Tensor index = w.add(k).reshape(-1);
        return Creation.full(inShape, 0, g.dtype(), g.device()).indexAdd(d, index, flat);
    }
}
