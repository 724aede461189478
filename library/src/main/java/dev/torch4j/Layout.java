package dev.torch4j;

/**
 * PyTorch's {@code torch.layout}: how a tensor's elements lie in memory. Every {@link Tensor} is {@link #STRIDED};
 * a {@link dev.torch4j.sparse.SparseTensor} is COO, CSR or CSC. Prints as PyTorch's name, {@code torch.strided}.
 */
public enum Layout {
    /** Dense: sizes, strides and a storage offset over one flat storage. */
    STRIDED("torch.strided"),
    /** Coordinate format: int64 indices {@code [sparse_dim, nnz]} and values {@code [nnz, dense dims...]}. */
    SPARSE_COO("torch.sparse_coo"),
    /** Compressed sparse rows (2-D): {@code crow_indices [rows + 1]}, {@code col_indices [nnz]}, values {@code [nnz]}. */
    SPARSE_CSR("torch.sparse_csr"),
    /** Compressed sparse columns (2-D): {@code ccol_indices [cols + 1]}, {@code row_indices [nnz]}, values {@code [nnz]}. */
    SPARSE_CSC("torch.sparse_csc");

    private final String pyName;

    Layout(String pyName) { this.pyName = pyName; }

    /** PyTorch's name, {@code torch.strided}. */
    @Override
    public String toString() { return pyName; }
}
