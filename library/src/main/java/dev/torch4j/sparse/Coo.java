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

    /**
     * Every pair {@code (i, j)} with {@code outer[i] == inner[j]} (int64 keys on one device), ordered by {@code i},
     * then by {@code j}: two int64 tensors {@code [pairs]}, the positions in {@code outer} and in {@code inner}. A
     * stable sort of {@code inner} and two binary searches per key, so the work is the keys' and the pairs' count.
     */
    static Tensor[] matchPairs(Tensor outer, Tensor inner) {
        Tensor[] sorted = stableSort(inner);
        Tensor lo = Torch.searchsorted(sorted[0], outer, false), hi = Torch.searchsorted(sorted[0], outer, true);
        Tensor counts = hi.sub(lo);
        Tensor outerIdx = Torch.arange(outer.numel()).to(outer.device()).repeatInterleave(counts, 0);
        long pairs = outerIdx.numel();
        // the j-th pair of key i reads inner's sorted position lo[i] + (its rank among key i's pairs)
        Tensor firstPair = counts.cumsum(0).sub(counts).repeatInterleave(counts, 0);
        Tensor pos = lo.repeatInterleave(counts, 0).add(Torch.arange(pairs).to(outer.device()).sub(firstPair));
        return new Tensor[] {outerIdx, sorted[1].indexSelect(0, pos)};
    }

    /** The keys sorted, ties in their order, and the permutation that sorts them. */
    static Tensor[] stableSort(Tensor keys) {
        dev.torch4j.ValuesIndices s = keys.sort(0, false, true);
        return new Tensor[] {s.values(), s.indices()};
    }

    /** The product of the sizes, checked: a sparse tensor's sizes may overflow a long where no dense one could. */
    static long numel(long[] sizes) {
        return Arrays.stream(sizes).reduce(1, Math::multiplyExact);
    }
}
