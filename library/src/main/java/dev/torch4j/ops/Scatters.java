package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Index;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * The {@code *_scatter} functions ({@code diagonal_scatter}, {@code select_scatter}, {@code slice_scatter},
 * {@code masked_scatter}): a copy of the input with one view of it replaced. Each is the copy, then a {@code copy_}
 * (or an {@code index_put_}) into the view of the copy, so autograd records them as PyTorch's derivatives say: the
 * input's gradient with the view's part zeroed, and the source's gradient read from the view's place.
 */
public final class Scatters {
    private Scatters() {}

    /** {@code torch.diagonal_scatter(input, src, offset, dim1, dim2)}. */
    public static Tensor diagonalScatter(Tensor input, Tensor src, long offset, long dim1, long dim2) {
        Tensor out = input.clone();
        return into(out, out.diagonal(offset, dim1, dim2), src);
    }

    /** {@code torch.select_scatter(input, src, dim, index)}. */
    public static Tensor selectScatter(Tensor input, Tensor src, long dim, long index) {
        Tensor out = input.clone();
        return into(out, out.select(dim, index), src);
    }

    /** {@code torch.slice_scatter(input, src, dim, start, end, step)} (null start/end: the dim's ends). */
    public static Tensor sliceScatter(Tensor input, Tensor src, long dim, Long start, Long end, long step) {
        Object[] ix = sliceIndex("slice_scatter", input, dim, start, end, step);
        Tensor out = input.clone();
        return into(out, out.index(ix), src);
    }

    /** The index {@code [:, ..., start:end:step]} reaching dim {@code dim} of t, checked as PyTorch's slice ops check it. */
    private static Object[] sliceIndex(String op, Tensor t, long dim, Long start, Long end, long step) {
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive");
        int d = Shapes.wrapDim(op, dim, t.dim());
        Object[] ix = new Object[d + 1];
        Arrays.fill(ix, Index.ALL);
        ix[d] = Index.slice(start, end, step);
        return ix;
    }

    /**
     * {@code torch.as_strided_scatter(input, src, size, stride, storage_offset)}: a copy of input (fresh, contiguous)
     * whose elements that {@code as_strided(size, stride, storage_offset)} addresses hold src's; a null offset is the
     * copy's (0). The gradient reaches input where src did not land and src through the same view.
     */
    public static Tensor asStridedScatter(Tensor input, Tensor src, long[] size, long[] stride, Long storageOffset) {
        Tensor out = input.clone();
        return into(out, out.asStrided(size, stride, storageOffset == null ? out.storageOffset() : storageOffset), src);
    }

    /** {@code torch.slice_copy(input, dim, start, end, step)}: a copy of the slice (null start/end: the dim's ends). */
    public static Tensor sliceCopy(Tensor input, long dim, Long start, Long end, long step) {
        return input.index(sliceIndex("slice_copy", input, dim, start, end, step)).clone();
    }

    private static Tensor into(Tensor out, Tensor slice, Tensor src) {
        if (!Arrays.equals(slice.shapeArray(), src.shapeArray())) {
            throw new IllegalArgumentException("expected src to have a size equal to the slice of self. src size = "
                    + Shapes.str(src.shapeArray()) + ", slice size = " + Shapes.str(slice.shapeArray()));
        }
        slice.copy_(src);
        return out;
    }

    /**
     * {@code tensor.masked_scatter(mask, source)}: self (broadcast with mask) with the places where mask is true
     * filled, in row-major order, by source's elements in row-major order.
     */
    public static Tensor maskedScatter(Tensor self, Tensor mask, Tensor source) {
        checkMaskedScatter(self, mask, source);
        long[] shape = Shapes.broadcast("masked_scatter", self.shapeArray(), mask.shapeArray());
        Tensor out = self.expand(shape).clone();
        return fill(out, mask.expand(shape), source);
    }

    /** {@code tensor.masked_scatter_(mask, source)}: in place; mask broadcasts to self's shape. */
    public static Tensor maskedScatter_(Tensor self, Tensor mask, Tensor source) {
        checkMaskedScatter(self, mask, source);
        Tensor m = mask.expand(self.shapeArray());
        // while recording s is already a clone of self (InplaceForms); else the copy keeps self intact until the checks pass
        return InplaceForms.apply("masked_scatter_", self, s -> fill(s == self ? s.clone() : s, m, source), source);
    }

    private static void checkMaskedScatter(Tensor self, Tensor mask, Tensor source) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_scatter_ only supports boolean masks, but got mask with dtype "
                    + mask.dtype().scalarTypeName());
        }
        if (self.dtype() != source.dtype()) {
            throw new IllegalArgumentException("masked_scatter: expected self and source to have same dtypes but got"
                    + self.dtype().scalarTypeName() + " and " + source.dtype().scalarTypeName());
        }
    }

    private static Tensor fill(Tensor out, Tensor mask, Tensor source) {
        long count = mask.sum().itemLong();
        if (count > source.numel()) throw new IllegalArgumentException("Number of elements of source < number of ones in mask");
        if (count == 0) return out;
        out.indexPut_(new Object[] {mask}, source.reshape(-1).narrow(0, 0, count), false);
        return out;
    }
}
