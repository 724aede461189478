package dev.torch4j.distributed;

/**
 * {@code torch.distributed.ReduceOp}: how {@code allReduce} and {@code reduceScatter} combine the ranks' values.
 * {@link #AVG} sums and then divides by the world size (MPI has no average; integer tensors divide with
 * truncation, as NCCL's average does). The bitwise ops take integer and bool tensors only. On bool tensors
 * {@link #SUM} is a logical or and {@link #PRODUCT} a logical and, as in PyTorch's NCCL backend.
 */
public enum ReduceOp {
    SUM, AVG, PRODUCT, MIN, MAX, BAND, BOR, BXOR;

    /** PyTorch's spelling, e.g. {@code ReduceOp.SUM}. */
    @Override
    public String toString() { return "ReduceOp." + name(); }
}
