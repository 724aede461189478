package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * {@code index_reduce}: rows of {@code source} (slices along {@code dim}) reduced into the rows of {@code self} that
 * a 1-D {@code index} names. It is {@code scatter_reduce} with the index repeated across the other dims, so it
 * shares that op's kernels, its treatment of {@code include_self} and its derivative.
 */
public final class IndexReduce {
    private IndexReduce() {}

    /** {@code self.index_reduce(dim, index, source, reduce, include_self=...)}: a new tensor. */
    public static Tensor indexReduce(Tensor self, long dim, Tensor index, Tensor source, String reduce, boolean includeSelf) {
        noBool(self, includeSelf);
        return ScatterReduce.scatterReduce(self, dim, expandedIndex(self, dim, index, source, reduce), source, reduce, includeSelf);
    }

    /** {@code self.index_reduce_(dim, index, source, reduce, include_self=...)}: in place. */
    public static Tensor indexReduce_(Tensor self, long dim, Tensor index, Tensor source, String reduce, boolean includeSelf) {
        noBool(self, includeSelf);
        return ScatterReduce.scatterReduce_(self, dim, expandedIndex(self, dim, index, source, reduce), source, reduce, includeSelf);
    }

    /** PyTorch's index_reduce kernels have no bool instance (scatter_reduce's have). */
    private static void noBool(Tensor self, boolean includeSelf) {
        if (self.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("\"" + (includeSelf ? "index_func_" : "index_reduce_func_exclude_input_init")
                    + "\" not implemented for 'Bool'");
        }
    }

    /** Checks the arguments with PyTorch's messages; the index as scatter_reduce takes it (source's shape). */
    private static Tensor expandedIndex(Tensor self, long dim, Tensor index, Tensor source, String reduce) {
        if (!Arrays.asList("prod", "mean", "amax", "amin").contains(reduce)) {
            throw new IllegalArgumentException("index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got " + reduce + ".");
        }
        if (index.dim() > 1) {
            throw new IllegalArgumentException("index_reduce_(): Index is supposed to be a vector, but got dim: " + index.dim()
                    + " with type: " + index.dtype().scalarTypeName() + " and size: " + Arrays.toString(index.shapeArray()));
        }
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new IllegalArgumentException("index_reduce_(): Expected dtype int32/int64 for index but got: " + index.dtype().scalarTypeName());
        }
        if (self.dtype() != source.dtype()) {
            throw new IllegalArgumentException("index_reduce_(): self (" + self.dtype().scalarTypeName() + ") and source ("
                    + source.dtype().scalarTypeName() + ") must have the same scalar type");
        }
        int n = Math.max(self.dim(), 1);
        int d = Shapes.wrapDim("index_reduce_", dim, n);
        long[] selfShape = self.dim() == 0 ? new long[] {1} : self.shapeArray();
        long[] srcShape = source.dim() == 0 ? new long[] {1} : source.shapeArray();
        if (index.numel() != srcShape[d]) {
            throw new IllegalArgumentException("index_reduce_(): Number of indices (" + index.numel() + ") should be equal to "
                    + "source.size(dim): (" + srcShape[d] + "), for dim: " + d);
        }
        if (srcShape.length != selfShape.length) {
            throw new IllegalArgumentException("index_reduce_(): source (shape " + Shapes.str(srcShape) + ") and self (shape "
                    + Shapes.str(selfShape) + ") must have the same number of dims");
        }
        for (int k = 0; k < n; k++) {
            if (k != d && srcShape[k] != selfShape[k]) {
                throw new IllegalArgumentException("index_reduce_(): source (shape " + Shapes.str(srcShape) + ") and self (shape "
                        + Shapes.str(selfShape) + ") must match in every dim but dim " + d);
            }
        }
        if (index.numel() > 0) {
            long lo = (long) index.min().item(), hi = (long) index.max().item();
            if (lo < 0 || hi >= selfShape[d]) throw new IndexOutOfBoundsException("index out of range in self");
        }
        long[] along = new long[n];
        Arrays.fill(along, 1);
        along[d] = index.numel();
        Tensor i = index.to(DType.INT64).reshape(along).expand(srcShape);
        return source.dim() == 0 ? i.reshape(new long[0]) : i;
    }
}
