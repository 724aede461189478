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
    private final ViewBackward.Geometry geo;

    private CopySlices(Tensor base, Tensor view, Node fn, Edge[] next) {
        super("CopySlices", next, shapes(base, fn), dtypes(base, fn), 1);
        this.fn = fn;
        this.geo = ViewBackward.Geometry.of(base, view);
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
        ViewBackward.record("AsStridedBackward0", base, view, null);
    }

    @Override
    void release() {
        super.release();
        fn.release();
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        Tensor g = gradOutputs[0];
        if (Graph.isRecording(g)) return applyRecorded(g);
        Tensor flat = Torch.zeros(Torch.shape(geo.extent()), Torch.dtype(g.dtype()).device(g.device()));
        Tensor result = flat.restride(geo.inShape(), geo.inStride(), 0);
        result.copy_(g);
        Tensor slice = result.restride(geo.viewShape(), geo.viewStride(), geo.viewOffset());
        Tensor[] res = fn.apply(new Tensor[] {slice.clone()});
        Tensor[] out = new Tensor[res.length];
        if (res.length > 0 && res[0] != null) slice.copy_(Engine.validate(this, 0, res[0], geo.viewShape(), fn.inputDtypes[0]));
        else slice.zero_();
        out[0] = result;
        for (int i = 1; i < res.length; i++) out[i] = res[i];
        return out;
    }

    /**
     * The same under create_graph, with differentiable ops only: the base's gradient is g with the view's part
     * taken out and the in-place op's self-gradient put in.
     */
    private Tensor[] applyRecorded(Tensor g) {
        Tensor gView = ViewBackward.fromInput("AsStridedBackward0", geo, g);
        Tensor[] res = fn.apply(new Tensor[] {gView});
        Tensor[] out = res.clone();
        if (out.length == 0) out = new Tensor[1];
        Tensor result = g.sub(ViewBackward.toInput("AsStridedBackward0", geo, gView));
        if (res.length > 0 && res[0] != null) {
            Tensor r0 = Engine.validate(this, 0, res[0], geo.viewShape(), fn.inputDtypes[0]);
            result = result.add(ViewBackward.toInput("AsStridedBackward0", geo, r0));
        }
        out[0] = result;
        return out;
    }
}
