package dev.torch4j.ops;

import static dev.torch4j.ops.ComplexOps.asComplex;
import static dev.torch4j.ops.ComplexOps.real;
import static dev.torch4j.ops.ComplexOps.imag;
import static dev.torch4j.ops.ComplexOps.complexResult;
import static dev.torch4j.ops.ComplexOps.viewAsReal;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Index;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * The complex forms of the ops that select, move or compare elements ({@code where}, {@code masked_fill}, indexing,
 * {@code index_select}, {@code gather}/{@code scatter}, {@code isclose}), on the real view: a complex tensor of
 * shape {@code s} is a real one of shape {@code s + [2]}, so selecting along the leading dims moves each (re, im)
 * pair whole. {@code flip}, {@code tril}/{@code triu}, {@code roll} and {@code repeat} reach these through their
 * real compositions. Autograd comes from the real ops.
 */
final class ComplexSelection {
    private ComplexSelection() {}

    /** A real result with a trailing (re, im) dim, as complex; copied first when its layout cannot be viewed so. */
    static Tensor pairs(Tensor r) {
        boolean viewable = r.stride(-1) == 1 && r.storageOffset() % 2 == 0;
        for (int d = 0; d < r.dim() - 1 && viewable; d++) viewable = r.stride(d) % 2 == 0;
        return complexResult(viewable ? r : r.contiguous());
    }

    /** {@code where(cond, a, b)} where a or b is complex: both promoted, the condition broadcast over (re, im). */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        DType t = ComplexOps.resultType(a, b);
        Device dev = Dispatch.commonDevice("where", cond, a, b);
        Tensor x = asComplex(Dispatch.onDevice(a, dev), t), y = asComplex(Dispatch.onDevice(b, dev), t);
        return pairs(Elementwise.where(Dispatch.onDevice(cond, dev).unsqueeze(-1), viewAsReal(x), viewAsReal(y)));
    }

    /** The indices of a complex tensor, followed by a full slice that keeps each (re, im) pair. */
    private static Object[] withPairs(Object[] indices) {
        Object[] ix = Arrays.copyOf(indices, indices.length + 1);
        ix[indices.length] = Index.ALL;
        return ix;
    }

    /** {@code z[indices]}: a view for basic indices, else a new tensor. */
    static Tensor index(Tensor z, Object[] indices) {
        return pairs(Indexing.index(viewAsReal(z), withPairs(indices)));
    }

    /** {@code z[indices] = values} (or {@code +=}); real values get a zero imaginary part. */
    static Tensor indexPut_(Tensor z, Object[] indices, Tensor values, boolean accumulate) {
        Tensor v = asComplex(Dispatch.onDevice(values, z.device()), z.dtype());
        if (!dev.torch4j.autograd.Graph.isRecording(z, v)) {
            Indexing.indexPut_(viewAsReal(z), withPairs(indices), viewAsReal(v), accumulate);
            return z;
        }
        // out of place on a clone of the real view, so the real ops record the derivative; then committed to z
        Tensor r = viewAsReal(z).clone();
        Indexing.indexPut_(r, withPairs(indices), viewAsReal(v), accumulate);
        return ComplexOps.commit("index_put_", z, pairs(r));
    }

    /** {@code z.index_select(dim, index)}. */
    static Tensor indexSelect(Tensor z, long dim, Tensor index) {
        if (z.dim() == 0) return indexSelect(z.reshape(1), dim, index).reshape();
        return pairs(Gathering.indexSelect(viewAsReal(z), Shapes.wrapDim("index_select", dim, z.dim()), index));
    }

    /** The index of a gather/scatter repeated for the real and the imaginary part. */
    private static Tensor pairIndex(Tensor index) {
        long[] s = Arrays.copyOf(index.shapeArray(), index.dim() + 1);
        s[index.dim()] = 2;
        return index.unsqueeze(-1).expand(s);
    }

    /** {@code z.gather(dim, index)}. */
    static Tensor gather(Tensor z, long dim, Tensor index) {
        if (z.dim() == 0) return gather(z.reshape(1), dim, index.reshape(index.numel())).reshape(index.shapeArray());
        return pairs(Gathering.gather(viewAsReal(z), Shapes.wrapDim("gather", dim, z.dim()), pairIndex(index)));
    }

    /** {@code z.scatter(dim, index, src)}: src must have z's dtype, as in PyTorch. */
    static Tensor scatter(Tensor z, long dim, Tensor index, Tensor src) {
        if (z.dtype() != src.dtype()) {
            throw new IllegalArgumentException("scatter(): Expected self.dtype to be equal to src.dtype");
        }
        if (z.dim() == 0) return scatter(z.reshape(1), dim, index.reshape(index.numel()), src.reshape(src.numel())).reshape();
        return pairs(Gathering.scatter(viewAsReal(z), Shapes.wrapDim("scatter", dim, z.dim()), pairIndex(index), viewAsReal(src)));
    }

    /** {@code z.scatter(dim, index, value)}: the real parts get {@code value}, the imaginary parts 0. */
    static Tensor scatter(Tensor z, long dim, Tensor index, double value) {
        return ComplexOps.ofParts(Gathering.scatter(real(z), dim, index, value), Gathering.scatter(imag(z), dim, index, 0));
    }

    /**
     * {@code isclose(a, b)} for complex tensors, PyTorch's rule: equal, or both NaN (either part) when
     * {@code equalNan}, or {@code |a - b| <= atol + rtol * |b|} with a finite distance.
     */
    static Tensor isclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        Tensor close = a.eq(b);
        if (equalNan) close = close.logicalOr(a.isnan().logicalAnd(b.isnan()));
        if (rtol == 0 && atol == 0) return close;
        Tensor actual = a.sub(b).abs(), allowed = b.mul(rtol).abs().add(atol);
        return close.logicalOr(actual.isfinite().logicalAnd(actual.le(allowed)));
    }
}
