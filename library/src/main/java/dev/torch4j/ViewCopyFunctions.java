package dev.torch4j;

import dev.torch4j.ops.Scatters;


/**
 * PyTorch 2.x's view-copy functions ({@code torch.view_copy}, {@code permute_copy}, ... the functional forms that
 * torch.compile lowers views to): each is its view op followed by a copy into fresh contiguous memory, so the result
 * never aliases the input, and its gradient is the view's. Also {@code torch.as_strided_scatter}. Inherited by
 * {@link Torch}.
 *
 * <pre>{@code
 * Tensor y = Torch.transposeCopy(x, 0, 1);   // x.transpose(0, 1), but owning its memory
 * }</pre>
 */
abstract class ViewCopyFunctions {
    ViewCopyFunctions() {}

    /** The view's elements in new contiguous memory (PyTorch's {@code .clone(memory_format=contiguous)}). */
    private static Tensor copy(Tensor view) { return view.clone(); }

    private static Tensor[] copies(Tensor[] views) {
        Tensor[] r = new Tensor[views.length];
        for (int i = 0; i < r.length; i++) r[i] = copy(views[i]);
        return r;
    }

    /** {@code torch.view_copy(input, size)}: {@link Tensor#view(long...)} as a copy. */
    public static Tensor viewCopy(Tensor input, long... size) { return copy(input.view(size)); }

    /** {@code torch.permute_copy(input, dims)}. */
    public static Tensor permuteCopy(Tensor input, long... dims) { return copy(input.permute(dims)); }

    /** {@code torch.t_copy(input)}. */
    public static Tensor tCopy(Tensor input) { return copy(input.t()); }

    /** {@code torch.transpose_copy(input, dim0, dim1)}. */
    public static Tensor transposeCopy(Tensor input, long dim0, long dim1) { return copy(input.transpose(dim0, dim1)); }

    /** {@code torch.squeeze_copy(input)}: every size-1 dim dropped. */
    public static Tensor squeezeCopy(Tensor input) { return copy(input.squeeze()); }

    /** {@code torch.squeeze_copy(input, dim)}: dim dropped if its size is 1. */
    public static Tensor squeezeCopy(Tensor input, long dim) { return copy(input.squeeze(dim)); }

    /** {@code torch.squeeze_copy(input, dims)}: each listed dim dropped if its size is 1. */
    public static Tensor squeezeCopy(Tensor input, long[] dims) { return copy(input.squeeze(dims)); }

    /** {@code torch.unsqueeze_copy(input, dim)}. */
    public static Tensor unsqueezeCopy(Tensor input, long dim) { return copy(input.unsqueeze(dim)); }

    /** {@code torch.expand_copy(input, size)}: the broadcast elements materialised. */
    public static Tensor expandCopy(Tensor input, long... size) { return copy(input.expand(size)); }

    /** {@code torch.expand_copy(input, size, implicit)}; {@code implicit} only marks an implicit broadcast in PyTorch. */
    public static Tensor expandCopy(Tensor input, long[] size, boolean implicit) { return copy(input.expand(size)); }

    /** {@code torch.diagonal_copy(input)}: the main diagonal of the first two dims. */
    public static Tensor diagonalCopy(Tensor input) { return copy(input.diagonal()); }

    /** {@code torch.diagonal_copy(input, offset, dim1, dim2)}. */
    public static Tensor diagonalCopy(Tensor input, long offset, long dim1, long dim2) { return copy(input.diagonal(offset, dim1, dim2)); }

    /** {@code torch.select_copy(input, dim, index)}. */
    public static Tensor selectCopy(Tensor input, long dim, long index) { return copy(input.select(dim, index)); }

    /** {@code torch.slice_copy(input)}: a copy of the whole of dim 0. */
    public static Tensor sliceCopy(Tensor input) { return Scatters.sliceCopy(input, 0, null, null, 1); }

    /** {@code torch.slice_copy(input, dim, start, end, step)}; null start/end mean the dim's ends (PyTorch's None). */
    public static Tensor sliceCopy(Tensor input, long dim, Long start, Long end, long step) {
        return Scatters.sliceCopy(input, dim, start, end, step);
    }

    /** {@code torch.split_copy(input, split_size)}: pieces of dim 0, the last possibly shorter. */
    public static Tensor[] splitCopy(Tensor input, long splitSize) { return copies(input.split(splitSize)); }

    /** {@code torch.split_copy(input, split_size, dim)}. */
    public static Tensor[] splitCopy(Tensor input, long splitSize, long dim) { return copies(input.split(splitSize, dim)); }

    /** {@code torch.split_with_sizes_copy(input, split_sizes)}. */
    public static Tensor[] splitWithSizesCopy(Tensor input, long[] splitSizes) { return copies(input.splitWithSizes(splitSizes)); }

    /** {@code torch.split_with_sizes_copy(input, split_sizes, dim)}. */
    public static Tensor[] splitWithSizesCopy(Tensor input, long[] splitSizes, long dim) {
        return copies(input.splitWithSizes(splitSizes, dim));
    }

    /** {@code torch.unbind_copy(input)}: the slices along dim 0. */
    public static Tensor[] unbindCopy(Tensor input) { return copies(input.unbind()); }

    /** {@code torch.unbind_copy(input, dim)}. */
    public static Tensor[] unbindCopy(Tensor input, long dim) { return copies(input.unbind(dim)); }

    /** {@code torch.unfold_copy(input, dimension, size, step)}: the windows materialised. */
    public static Tensor unfoldCopy(Tensor input, long dimension, long size, long step) { return copy(input.unfold(dimension, size, step)); }

    /** {@code torch.detach_copy(input)}: a copy outside the graph. */
    public static Tensor detachCopy(Tensor input) { return copy(input.detach()); }

    /** {@code torch.alias_copy(input)}: a copy (the alias's); differentiable like clone. */
    public static Tensor aliasCopy(Tensor input) { return copy(input); }

    /** {@code torch.as_strided_copy(input, size, stride)}: at the input's storage offset. */
    public static Tensor asStridedCopy(Tensor input, long[] size, long[] stride) {
        return copy(input.asStrided(size, stride, input.storageOffset()));
    }

    /** {@code torch.as_strided_copy(input, size, stride, storage_offset)}; a null offset is the input's. */
    public static Tensor asStridedCopy(Tensor input, long[] size, long[] stride, Long storageOffset) {
        return copy(input.asStrided(size, stride, storageOffset == null ? input.storageOffset() : storageOffset));
    }

    /** {@code torch.view_as_real_copy(input)}: a complex tensor's {@code [..., 2]} real view, copied. */
    public static Tensor viewAsRealCopy(Tensor input) { return copy(input.viewAsReal()); }

    /** {@code torch.view_as_complex_copy(input)}: a {@code [..., 2]} real tensor's complex view, copied. */
    public static Tensor viewAsComplexCopy(Tensor input) { return copy(Torch.viewAsComplex(input)); }

    /**
     * {@code torch.as_strided_scatter(input, src, size, stride, storage_offset)}: a copy of input with src written
     * where {@code as_strided(size, stride, storage_offset)} of the copy (fresh, contiguous) points; a null offset
     * is 0. See {@link Tensor#asStridedScatter}.
     */
    public static Tensor asStridedScatter(Tensor input, Tensor src, long[] size, long[] stride, Long storageOffset) {
        return input.asStridedScatter(src, size, stride, storageOffset);
    }

    /** {@code torch.as_strided_scatter(input, src, size, stride)}. */
    public static Tensor asStridedScatter(Tensor input, Tensor src, long[] size, long[] stride) {
        return input.asStridedScatter(src, size, stride, null);
    }
}
