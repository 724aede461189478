package dev.torch4j.backend;

import dev.torch4j.DType;
import dev.torch4j.Device;

/**
 * A device's primitive kernels (DESIGN.md §5). Everything else is composed once above this interface, so a new
 * backend implements only these. Operands arrive as {@link Strided} descriptors already broadcast to the output's
 * shape (stride 0 on expanded dims); unless a method says otherwise, all operands share one compute dtype.
 */
public interface Backend {
    Device device();

    /** A zero-filled storage of {@code numel} elements. */
    Storage allocate(DType dtype, long numel);

    /** Elementwise copy with dtype conversion: {@code dst} and {@code src} have the same shape. */
    void copy(Strided dst, Strided src);

    /** Sets every element of {@code dst} to {@code value} converted to dst's dtype. */
    void fill(Strided dst, double value);

    /** Sets every element of an integer {@code dst} to {@code value} exactly (int64 values beyond 2^53). */
    void fillLong(Strided dst, long value);

    /** {@code out = op(in)}; predicates write bool. */
    void unary(UnaryOp op, Strided out, Strided in);

    /** {@code out = op(a, b)}; predicate ops write bool. */
    void binary(BinaryOp op, Strided out, Strided a, Strided b);

    /** {@code out = cond ? a : b}; cond is bool, a/b/out share a dtype. */
    void where(Strided out, Strided cond, Strided a, Strided b);

    /**
     * Reduces {@code in} over the dims flagged in {@code reduce} into {@code out}, which has {@code in}'s rank with
     * size 1 on reduced dims. For ARGMAX/ARGMIN out is int64.
     */
    void reduce(ReduceOp op, Strided out, Strided in, boolean[] reduce);

    /**
     * Batched matrix product of 3-d operands {@code [B, M, K] x [B, K, N] -> [B, M, N]} (any strides; the batch
     * stride may be 0 for a broadcast operand). float32 and float64 (other dtypes are handled by the op layer).
     */
    void bmm(Strided out, Strided a, Strided b);
}
