package dev.torch4j.sparse;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;

/**
 * Index arithmetic over COO indices, all in dense int64 ops (so it runs on the indices' device): the row-major
 * linear index of each entry over some sparse dims, and back.
 */
final class Coo {
    private Coo() {}

    /**
     * Each entry's row-major position among the given sparse dims ({@code sizes[d]} for {@code d} in {@code dims}),
     * an int64 tensor {@code [nnz]}. Positions exceed int64 only past 2^63 elements, which no dense tensor reaches.
     */
    static Tensor linear(Tensor indices, long[] sizes, int... dims) {
        Tensor lin = Torch.zeros(Size.of(indices.size(1)), Torch.dtype(DType.INT64).device(indices.device()));
        for (int d : dims) lin = lin.mul(sizes[d]).add(indices.select(0, d));
        return lin;
    }

    /** The inverse of {@link #linear} over all of {@code sizes}: indices {@code [sizes.length, n]}. */
    static Tensor delinearize(Tensor lin, long[] sizes) {
        Tensor[] rows = new Tensor[sizes.length];
        Tensor rem = lin;
        for (int d = sizes.length - 1; d >= 0; d--) {
            rows[d] = rem.remainder(sizes[d]);
            rem = rem.floorDivide(sizes[d]);
        }
        if (rows.length == 0) return Torch.zeros(Size.of(0, lin.numel()), Torch.dtype(DType.INT64).device(lin.device()));
        return Torch.stack(rows, 0);
    }

    /** Zeros of shape {@code [rows, like.shape[1:]...]} with like's dtype and device: an accumulator over entries. */
    static Tensor zerosRows(long rows, Tensor like) {
        long[] shape = like.shapeArray();
        shape[0] = rows;
        return Torch.zeros(Size.of(shape), Torch.dtype(like.dtype()).device(like.device()));
    }

    /** The product of the sizes, checked: a sparse tensor's sizes may overflow a long where no dense one could. */
    static long numel(long[] sizes) {
        return Arrays.stream(sizes).reduce(1, Math::multiplyExact);
    }
}
