package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * The node that replaces a base's history after an in-place op on one of its views (PyTorch's CopySlices). The
 * base's gradient passes through unchanged outside the view; inside the view it flows through the in-place op's
 * own derivative, whose self-gradient lands back in the view's place and whose other gradients go to its other
 * inputs.
 */
final class CopySlices extends Node {
    private final Node fn;
    private final long[] baseShape, baseStride, viewShape, viewStride;
    private final long viewOffset;
    private final long extent;

    private CopySlices(Tensor base, Tensor view, Node fn, Edge[] next) {
        super("CopySlices", next, shapes(base, fn), dtypes(base, fn), 1);
        this.fn = fn;
        this.baseShape = base.shapeArray();
        this.baseStride = base.stride();
        this.viewShape = view.shapeArray();
        this.viewStride = view.stride();
        this.viewOffset = view.storageOffset() - base.storageOffset();
        this.extent = ViewBackward.extent(baseShape, baseStride);
    }

    private static long[][] shapes(Tensor base, Node fn) {
        long[][] s = fn.inputShapes.clone();
        s[0] = base.shapeArray();
        return s;
    }

    private static DType[] dtypes(Tensor base, Node fn) {
        DType[] d = fn.inputDtypes.clone();
        d[0] = base.dtype();
        return d;
    }

    /** Makes {@code base}'s history go through the in-place op that produced {@code result} on {@code view}. */
    static void rebase(Tensor base, Tensor view, Tensor result) {
        Node fn = result.gradFn();
        Edge[] next = fn.next.clone();
        next[0] = Graph.edgeOf(base);
        CopySlices cs = new CopySlices(base, view, fn, next);
        Graph.setGradFn(base, cs, 0);
        // the view now reads from the new base history
        FnNode viewFn = Graph.node("AsStridedBackward0", base);
        long[] vs = view.shapeArray(), vst = view.stride();
        long voff = view.storageOffset() - base.storageOffset();
        long[] bs = base.shapeArray(), bst = base.stride();
        long ext = ViewBackward.extent(bs, bst);
        viewFn.backward(g -> {
            Tensor flat = Torch.zeros(Torch.shape(ext), Torch.dtype(g[0].dtype()).device(g[0].device()));
            flat.asStrided(vs, vst, voff).copy_(g[0]);
            return new Tensor[] {flat.asStrided(bs, bst, 0)};
        }).output(view);
    }

    @Override
    void release() {
        super.release();
        fn.release();
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        Tensor g = gradOutputs[0];
        Tensor flat = Torch.zeros(Torch.shape(extent), Torch.dtype(g.dtype()).device(g.device()));
        Tensor result = flat.asStrided(baseShape, baseStride, 0);
        result.copy_(g);
        Tensor slice = result.asStrided(viewShape, viewStride, viewOffset);
        Tensor[] res = fn.apply(new Tensor[] {slice.clone()});
        Tensor[] out = new Tensor[res.length];
        if (res.length > 0 && res[0] != null) slice.copy_(Engine.validate(this, 0, res[0], viewShape, fn.inputDtypes[0]));
        else slice.zero_();
        out[0] = result;
        for (int i = 1; i < res.length; i++) out[i] = res[i];
        return out;
    }
}
