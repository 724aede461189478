package dev.torch4j.autograd;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * The derivative of every non-overlapping view (slice, select, permute, transpose, view, squeeze, diagonal, ...):
 * the view's elements are a subset of the input's storage, so the input's gradient is zero except at the view's
 * places, which get the view's gradient. Computed by laying out a zero gradient with the input's own strides and
 * writing through the view's strides.
 */
final class ViewBackward {
    private ViewBackward() {}

    static void record(String name, Tensor input, Tensor view) {
        long[] inShape = input.shapeArray(), inStride = input.stride();
        long inOffset = input.storageOffset();
        long[] vShape = view.shapeArray(), vStride = view.stride();
        long vOffset = view.storageOffset() - inOffset;
        long extent = extent(inShape, inStride);
        FnNode n = Graph.node(name, input);
        n.backward(g -> {
            Tensor flat = Torch.zeros(Torch.shape(extent), Torch.dtype(g[0].dtype()).device(g[0].device()));
            Tensor gin = flat.asStrided(inShape, inStride, 0);
            gin.asStrided(vShape, vStride, vOffset).copy_(g[0]);
            return new Tensor[] {gin};
        }).output(view);
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
