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
 * @param wording       the op's message for a value out of range: the kernel that meets one may report it later
 *                      than the op returns (CUDA), so the op's wording travels with its operands
 */
public record Indexer(Strided[] indices, long[] sizes, long[] strides, boolean wrapNegative, Wording wording) {
    /** An op's error message for index {@code value} of operand {@code operand}, out of range for a dim of {@code size}. */
    @FunctionalInterface
    public interface Wording {
        String message(int operand, long value, long size);
    }

    /** Advanced indexing's message, PyTorch's {@code index 5 is out of bounds for dimension 0 with size 4}. */
    public static final Wording ADVANCED = (operand, value, size) ->
            "index " + value + " is out of bounds for dimension " + operand + " with size " + size;

    public Indexer {
        if (indices.length != sizes.length || sizes.length != strides.length) {
            throw new IllegalArgumentException("Indexer: " + indices.length + " indices, " + sizes.length + " sizes and "
                    + strides.length + " strides");
        }
    }

    /** Operands worded as advanced indexing words a bad value. */
    public Indexer(Strided[] indices, long[] sizes, long[] strides, boolean wrapNegative) {
        this(indices, sizes, strides, wrapNegative, ADVANCED);
    }

    /** Number of index operands. */
    public int count() { return indices.length; }

    /** The op's error for value {@code value} of index operand {@code operand}, out of range for a dim of {@code size}. */
    public IndexOutOfRange outOfRange(int operand, long value, long size) {
        return new IndexOutOfRange(operand, value, size, wording.message(operand, value, size));
    }
}
