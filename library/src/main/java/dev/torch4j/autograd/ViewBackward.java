package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

/**
 * The derivative of every strided view (slice, select, permute, transpose, view, squeeze, diagonal, ...): the
 * view's elements are places in the input's memory, so the input's gradient is zero except at the view's places,
 * which get the view's gradient. Computed by laying out a zero gradient with the input's own strides and writing
 * through the view's strides.
 *
 * <p>Two refinements, both checked by the generic gradcheck suite:
 * <ul>
 * <li>Inputs with stride-0 dims (views of an expanded tensor) alias one memory place from several elements. The
 *     gradient of a memory place is then spread evenly over the elements that alias it (PyTorch's
 *     as_strided_backward does the same), and view elements that alias one place are summed. The input's own
 *     backward (ExpandBackward) sums those elements again, so the result is exact. (Not per element for a leaf
 *     that is itself an expanded view and requires grad: its .grad gets the even split, where PyTorch's
 *     op-specific formulas give each element its own gradient.)</li>
 * <li>Under create_graph the formula records itself: writing into the view's places ({@link #toInput}) and reading
 *     them back ({@link #fromInput}) are each other's derivative, so gradients of any order flow.</li>
 * </ul>
 */
final class ViewBackward {
    private ViewBackward() {}

    /** Where a view's elements lie in its input's memory, relative to the input's storage offset. */
    record Geometry(long[] inShape, long[] inStride, long[] viewShape, long[] viewStride, long viewOffset, long extent) {
        static Geometry of(Tensor input, Tensor view) {
            long[] inShape = input.shapeArray(), inStride = input.stride();
            return new Geometry(inShape, inStride, view.shapeArray(), view.stride(),
                    view.storageOffset() - input.storageOffset(), ViewBackward.extent(inShape, inStride));
        }

        /**
         * Whether strided copies serve: the view's elements have places of their own (besides repeats along stride-0
         * dims) and lie among the input's places. Otherwise the gradient goes by index ({@link #byIndex}).
         */
        boolean simple() {
            return !overlaps(viewShape, viewStride) && viewOffset >= 0
                    && (ViewBackward.extent(viewShape, viewStride) == 0 || viewOffset + ViewBackward.extent(viewShape, viewStride) <= extent);
        }

        /** Dims of size > 1 and stride 0: their elements alias one memory place. */
        private static long[] aliasedDims(long[] shape, long[] stride) {
            return java.util.stream.IntStream.range(0, shape.length).filter(d -> stride[d] == 0 && shape[d] > 1)
                    .mapToLong(d -> d).toArray();
        }

        private static long[] collapse(long[] shape, long[] dims) {
            long[] s = shape.clone();
            for (long d : dims) s[(int) d] = 1;
            return s;
        }

        private static long count(long[] shape, long[] dims) {
            long c = 1;
            for (long d : dims) c *= shape[(int) d];
            return c;
        }
    }

    static void record(String name, Tensor input, Tensor view, Graph.Along along) {
        Geometry geo = Geometry.of(input, view);
        Graph.node(name, input).backward(g -> new Tensor[] {toInput(name, geo, g[0], along)}).output(view);
    }

    static Tensor toInput(String name, Geometry geo, Tensor g) { return toInput(name, geo, g, null); }

    /** The input's gradient from the view's gradient {@code g}: zero outside the view, g at the view's places. */
    static Tensor toInput(String name, Geometry geo, Tensor g, Graph.Along along) {
        Tensor gin;
        if (along != null && along.replay() != null && overlaps(geo.inShape, geo.inStride)) {
            Tensor zeros = Torch.zeros(Torch.shape(geo.inShape), Torch.dtype(g.dtype()).device(g.device()));
            along.replay().apply(zeros).copy_(g);
            return zeros;
        }
        if (along != null && overlaps(geo.inShape, geo.inStride)) {
            // PyTorch's select/slice backward: g added at its indices of a zero gradient (recorded: any order)
            Tensor src = along.dropsDim() ? g.unsqueeze(along.dim()) : g;
            Tensor idx = Torch.arange(src.size(along.dim())).to(g.device()).mul(along.step()).add(along.start());
            return Torch.zeros(Torch.shape(geo.inShape), Torch.dtype(g.dtype()).device(g.device()))
                    .indexAdd(along.dim(), idx, src);
        }
        int[] perm = java.util.Arrays.equals(g.shapeArray(), geo.viewShape) ? permutation(geo) : null;
        if (perm != null) {
            // a permutation of the input's dims (t, transpose, permute, squeeze/unsqueeze of size-1 dims): the input's
            // gradient is g itself seen through the inverse permutation, a view as PyTorch's TBackward returns, no copy
            long[] gs = g.stride(), st = new long[perm.length];
            for (int d = 0; d < perm.length; d++) st[d] = perm[d] < 0 ? 1 : gs[perm[d]];
            gin = g.restride(geo.inShape, st, g.storageOffset());
        } else try (var m = GradMode.noGrad()) {
            gin = unrecorded(name, geo, g);
        }
        return record(name, geo, g, gin); // outside the no-grad block: create_graph records this formula
    }

    /** {@link #toInput}'s gradient through memory places, computed without recording. */
    private static Tensor unrecorded(String name, Geometry geo, Tensor g) {
        if (g.numel() == 0 || Shapes.numel(geo.inShape) == 0) {
            return Torch.zeros(Torch.shape(geo.inShape), Torch.dtype(g.dtype()).device(g.device()));
        }
        boolean inOverlap = overlaps(geo.inShape, geo.inStride);
        if ((!inOverlap || name.equals("AsStridedBackward0")) && !geo.simple()) return byIndex(geo, g, true);
        if (inOverlap && !name.equals("AsStridedBackward0")) {
            // memory places cannot say which of the elements sharing one a gradient belongs to
            throw new UnsupportedOperationException(name + ": the gradient of this view of a tensor whose elements "
                    + "overlap in memory (as unfold's windows with step < size do) is not supported; call "
                    + ".contiguous() on that tensor before taking the view (input shape "
                    + java.util.Arrays.toString(geo.inShape) + ", strides " + java.util.Arrays.toString(geo.inStride) + ")");
        }
        long[] viewAliased = Geometry.aliasedDims(geo.viewShape, geo.viewStride);
        long[] inAliased = Geometry.aliasedDims(geo.inShape, geo.inStride);
        Tensor gr = viewAliased.length == 0 ? g : g.sum(viewAliased, true);
        Tensor flat = Torch.zeros(Torch.shape(geo.extent), Torch.dtype(g.dtype()).device(g.device()));
        flat.restride(Geometry.collapse(geo.viewShape, viewAliased), geo.viewStride, geo.viewOffset).copy_(gr);
        Tensor gin = flat.restride(geo.inShape, geo.inStride, 0);
        long aliases = Geometry.count(geo.inShape, inAliased);
        if (aliases > 1) gin = gin.div((double) aliases);
        return gin;
    }

    private static Tensor record(String name, Geometry geo, Tensor g, Tensor gin) {
        if (Graph.isRecording(g)) {
            Graph.node(name.replace("Backward0", "BackwardBackward0"), g)
                    .backward(gg -> new Tensor[] {fromInput(name, geo, gg[0])}).output(gin);
        }
        return gin;
    }

    /**
     * PyTorch's as_strided_backward by memory place, for the layouts the strided copies cannot serve (a view whose
     * elements share places, or that reaches outside its input's places, as as_strided's may): toward the input
     * ({@code toInput}), g is summed into each place its elements view, and each input element reads its place's sum,
     * split evenly over the input elements sharing that place; away from it, the adjoint.
     */
    private static Tensor byIndex(Geometry geo, Tensor g, boolean toInput) {
        long lo = Math.min(0, geo.viewOffset);
        long viewEnd = geo.viewOffset + extent(geo.viewShape, geo.viewStride);
        long size = Math.max(geo.extent, viewEnd) - lo;
        long[] from = toInput ? geo.viewShape : geo.inShape, to = toInput ? geo.inShape : geo.viewShape;
        var opts = Torch.dtype(g.dtype()).device(g.device());
        if (size <= 0 || Shapes.numel(from) == 0 || Shapes.numel(to) == 0) return Torch.zeros(Torch.shape(to), opts);
        Tensor place = Torch.arange(size).to(g.device());
        Tensor viewAt = place.restride(geo.viewShape, geo.viewStride, geo.viewOffset - lo).reshape(-1);
        Tensor inAt = place.restride(geo.inShape, geo.inStride, -lo).reshape(-1);
        Tensor share = null;
        if (overlaps(geo.inShape, geo.inStride) || hasAliasedDim(geo.inShape, geo.inStride)) {
            share = Torch.zeros(Torch.shape(size), opts).indexAdd(0, inAt, Torch.ones(Torch.shape(inAt.numel()), opts));
        }
        Tensor flat = Torch.zeros(Torch.shape(size), opts);
        if (toInput) {
            flat = flat.indexAdd(0, viewAt, g.reshape(-1));
            if (share != null) flat = flat.div(share.clamp(1, Double.POSITIVE_INFINITY));
            return flat.indexSelect(0, inAt).view(geo.inShape);
        }
        Tensor h = g.reshape(-1);
        if (share != null) h = h.div(share.indexSelect(0, inAt));
        return flat.indexAdd(0, inAt, h).indexSelect(0, viewAt).view(geo.viewShape);
    }

    /** The adjoint of {@link #toInput}: the values of {@code h} (shaped like the input) at the view's places. */
    static Tensor fromInput(String name, Geometry geo, Tensor h) {
        Tensor v;
        try (var m = GradMode.noGrad()) {
            if (!geo.simple()) {
                v = byIndex(geo, h, false);
            } else {
                long[] viewAliased = Geometry.aliasedDims(geo.viewShape, geo.viewStride);
                long[] inAliased = Geometry.aliasedDims(geo.inShape, geo.inStride);
                Tensor hs = h;
                if (inAliased.length > 0) hs = h.sum(inAliased, true).div((double) Geometry.count(geo.inShape, inAliased));
                Tensor flat = Torch.zeros(Torch.shape(geo.extent), Torch.dtype(h.dtype()).device(h.device()));
                flat.restride(Geometry.collapse(geo.inShape, inAliased), geo.inStride, 0).copy_(hs);
                v = flat.restride(Geometry.collapse(geo.viewShape, viewAliased), geo.viewStride, geo.viewOffset);
                if (viewAliased.length > 0) v = v.expand(geo.viewShape);
            }
        }
        if (Graph.isRecording(h)) {
            Graph.node(name, h).backward(gg -> new Tensor[] {toInput(name, geo, gg[0])}).output(v);
        }
        return v;
    }

    /**
     * For a view whose elements are exactly the input's, in permuted dim order ({@code view dim perm[d]} is input dim
     * d, -1 for the input's size-1 dims), the permutation; else null. The view must start where the input starts and
     * match each input dim of size > 1 with one view dim of the same size and stride, and the input must not overlap
     * itself (checked by sorting its dims by stride), so every memory place belongs to one element.
     */
    static int[] permutation(Geometry geo) {
        long[] is = geo.inShape, ist = geo.inStride, vs = geo.viewShape, vst = geo.viewStride;
        if (geo.viewOffset != 0) return null;
        int[] perm = new int[is.length];
        boolean[] used = new boolean[vs.length];
        int bigIn = 0, bigView = 0;
        for (long v : vs) {
            if (v == 0) return null;
            if (v > 1) bigView++;
        }
        for (int d = 0; d < is.length; d++) {
            perm[d] = -1;
            if (is[d] == 1) continue;
            bigIn++;
            for (int e = 0; e < vs.length && perm[d] < 0; e++) {
                if (!used[e] && vs[e] == is[d] && vst[e] == ist[d]) {
                    used[e] = true;
                    perm[d] = e;
                }
            }
            if (perm[d] < 0) return null;
        }
        if (bigIn != bigView) return null;
        // where two input dims share size and stride (elements that share memory), either match sends each gradient
        // to an element at the same memory place: the view that made the input sends them on by place, so its
        // input's gradient is the same either way
        return perm;
    }

    /**
     * Whether the layout repeats elements along a stride-0 dim: the overlap PyTorch's in-place ops refuse (other
     * overlaps, as unfold's, are "too hard" for its check and written).
     */
    static boolean repeats(long[] shape, long[] stride) { return Shapes.numel(shape) > 0 && hasAliasedDim(shape, stride); }

    private static boolean hasAliasedDim(long[] shape, long[] stride) {
        for (int d = 0; d < shape.length; d++) if (shape[d] > 1 && stride[d] == 0) return true;
        return false;
    }

    /**
     * Whether distinct elements of the layout share memory places through dims of nonzero stride: in increasing
     * stride order, some stride does not reach past everything the smaller dims span.
     */
    static boolean overlaps(long[] shape, long[] stride) {
        long[][] dims = java.util.stream.IntStream.range(0, shape.length).filter(d -> shape[d] > 1 && stride[d] != 0)
                .mapToObj(d -> new long[] {Math.abs(stride[d]), shape[d]}).toArray(long[][]::new);
        java.util.Arrays.sort(dims, (x, y) -> Long.compare(x[0], y[0]));
        long span = 0;
        for (long[] dim : dims) {
            if (dim[0] <= span) return true;
            span += (dim[1] - 1) * dim[0];
        }
        return false;
    }

    /** Number of storage elements spanned by a layout starting at offset 0. */
    static long extent(long[] shape, long[] stride) {
        long max = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) return 0;
            max += (shape[i] - 1) * stride[i];
        }
        return max + 1;
    }
}
