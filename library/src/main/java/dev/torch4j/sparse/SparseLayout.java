package dev.torch4j.sparse;

/** The memory layout of a {@link SparseTensor}, PyTorch's {@code torch.layout}: prints as {@code torch.sparse_coo}. */
public enum SparseLayout {
    /** Coordinate format: int64 indices {@code [sparse_dim, nnz]} and values {@code [nnz, dense dims...]}. */
    SPARSE_COO("torch.sparse_coo"),
    /** Compressed sparse rows (2-D): {@code crow_indices [rows + 1]}, {@code col_indices [nnz]}, values {@code [nnz]}. */
    SPARSE_CSR("torch.sparse_csr");

    private final String pyName;

    SparseLayout(String pyName) { this.pyName = pyName; }

    /** PyTorch's name, {@code torch.sparse_coo}. */
    @Override
    public String toString() { return pyName; }
}
