package dev.torch4j.backend;

/**
 * The index operands of an advanced-indexing kernel (PyTorch's {@code AdvancedIndex}): int64 index tensors, each
 * already broadcast to the iteration shape, and for each the size and element stride of the dim it indexes. The
 * element an iteration point p addresses is {@code base(p) + sum_k indices[k][p] * strides[k]}.
 *
 * @param indices       int64 index operands, broadcast to the iteration shape
 * @param sizes         size of the indexed dim of each operand (values must lie below it)
 * @param strides       element stride of the indexed dim of each operand
 * @param wrapNegative  true when values in {@code [-size, 0)} count from the end (advanced indexing, take);
 *                      false when they are out of range (gather, scatter, index_select)
 */
public record Indexer(Strided[] indices, long[] sizes, long[] strides, boolean wrapNegative) {
    public Indexer {
        if (indices.length != sizes.length || sizes.length != strides.length) {
            throw new IllegalArgumentException("Indexer: " + indices.length + " indices, " + sizes.length + " sizes and "
                    + strides.length + " strides");
        }
    }

    /** Number of index operands. */
    public int count() { return indices.length; }
}
