package dev.torch4j.sparse;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

/**
 * The invariants PyTorch checks when a sparse tensor is built ({@code _validate_sparse_coo_tensor_args},
 * {@code _validate_sparse_compressed_tensor_args}), with PyTorch's messages. Indices are read on the host: a bad
 * index must be an error here, never a wrong gather later.
 */
final class SparseChecks {
    private SparseChecks() {}

    /** The COO size: {@code size} checked against the parts, or inferred (null) as PyTorch infers it. */
    static long[] cooSize(Tensor indices, Tensor values, long[] size) {
        if (indices.dim() != 2) {
            throw new IllegalArgumentException("indices must be sparse_dim x nnz, but got: " + Shapes.str(indices.shapeArray()));
        }
        if (values.dim() == 0) throw new IllegalArgumentException("values must be at least 1-dimensional, but got a 0-d tensor");
        if (!indices.device().equals(values.device())) {
            throw new IllegalArgumentException("indices and values must be on the same device, but got " + indices.device()
                    + " and " + values.device());
        }
        int sd = (int) indices.size(0), dd = values.dim() - 1;
        long nnz = indices.size(1);
        if (size != null && size.length != sd + dd) {
            throw new IllegalArgumentException("number of dimensions must be sparse_dim (" + sd + ") + dense_dim (" + dd
                    + "), but got " + size.length);
        }
        if (values.size(0) != nnz) {
            throw new IllegalArgumentException("indices and values must have same nnz, but got nnz from indices: " + nnz
                    + ", nnz from values: " + values.size(0));
        }
        long[] vshape = values.shapeArray();
        if (size != null) {
            long[] expected = new long[dd + 1];
            expected[0] = nnz;
            System.arraycopy(size, sd, expected, 1, dd);
            if (!java.util.Arrays.equals(expected, vshape)) {
                throw new IllegalArgumentException("values has incorrect size, expected " + Shapes.str(expected) + ", got "
                        + Shapes.str(vshape));
            }
        }
        long[] idx;
        try (var g = GradMode.noGrad()) {
            idx = indices.cpu().toLongArray();
        }
        long[] out = new long[sd + dd];
        for (int d = 0; d < sd; d++) {
            long min = Long.MAX_VALUE, max = -1;
            for (long k = 0; k < nnz; k++) {
                long v = idx[(int) (d * nnz + k)];
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (nnz > 0 && min < 0) throw new IllegalArgumentException("found negative index " + min + " for dim " + d);
            if (size != null && max >= size[d]) {
                throw new IllegalArgumentException("size is inconsistent with indices: for dim " + d + ", size is " + size[d]
                        + " but found index " + max);
            }
            out[d] = max + 1;
        }
        System.arraycopy(vshape, 1, out, sd, dd);
        return size != null ? size.clone() : out;
    }

    /**
     * The CSR ({@code csc} false) or CSC size, checked against the parts or inferred (null); the compressed-index
     * invariants, with PyTorch's messages (CSR: crow/col indices, rows; CSC: ccol/row indices, columns).
     */
    static long[] compressedSize(boolean csc, Tensor compressed, Tensor plain, Tensor values, long[] size) {
        String cn = csc ? "ccol_indices" : "crow_indices", pn = csc ? "row_indices" : "col_indices", layout = csc ? "CSC" : "CSR";
        if (compressed.dim() != 1 || plain.dim() != 1 || values.dim() != 1) {
            throw new IllegalArgumentException("torch4j's sparse " + layout + " tensors are 2-D without batch or dense dims: " + cn + ", "
                    + pn + " and values must be 1-D, but got " + compressed.dim() + "-D, " + plain.dim() + "-D and " + values.dim() + "-D");
        }
        if (compressed.dtype() != plain.dtype()) {
            throw new IllegalArgumentException(cn + " and " + pn + " must have the same dtype, bot got "
                    + compressed.dtype().scalarTypeName() + " and " + plain.dtype().scalarTypeName() + ", respectively");
        }
        if (compressed.dtype() != DType.INT64 && compressed.dtype() != DType.INT32) {
            throw new IllegalArgumentException(cn + " and " + pn + " dtype must be Int or Long, but got "
                    + compressed.dtype().scalarTypeName());
        }
        if (!compressed.device().equals(values.device()) || !plain.device().equals(values.device())) {
            throw new IllegalArgumentException(cn + ", " + pn + " and values must be on the same device, but got "
                    + compressed.device() + ", " + plain.device() + " and " + values.device());
        }
        long[] cr, cl;
        try (var g = GradMode.noGrad()) {
            cr = compressed.cpu().toLongArray();
            cl = plain.cpu().toLongArray();
        }
        long nnz = values.size(0);
        if (size == null) {
            long maxPlain = -1;
            for (long c : cl) maxPlain = Math.max(maxPlain, c);
            size = csc ? new long[] {maxPlain + 1, cr.length - 1} : new long[] {cr.length - 1, maxPlain + 1};
        } else if (size.length != 2) { // PyTorch's message for 1-D parts: no batch and no dense dims
            throw new IllegalArgumentException("tensor dimensionality must be sum of batch, base, and dense dimensionalites "
                    + "(=0 + 2 + 0) but got " + size.length);
        }
        long nCompressed = csc ? size[1] : size[0], nPlain = csc ? size[0] : size[1];
        String compressedDims = csc ? "columns" : "rows", plainName = csc ? "nrows" : "ncols", compressedName = csc ? "ncols" : "nrows";
        if (cr.length != nCompressed + 1) {
            throw new IllegalArgumentException(cn + ".shape[-1] must be equal to the number of " + compressedDims + " + 1 (="
                    + (nCompressed + 1) + "), but got " + cr.length);
        }
        if (cl.length != nnz) {
            throw new IllegalArgumentException(pn + ".shape[-1] must be equal to nnz (=" + nnz
                    + ") as defined by values.shape[0], but got " + cl.length);
        }
        if (cr[0] != 0) throw unsatisfied(cn + "[..., 0] == 0");
        if (cr[cr.length - 1] != nnz) throw unsatisfied(cn + "[..., -1] == nnz");
        for (int r = 1; r < cr.length; r++) {
            long n = cr[r] - cr[r - 1];
            if (n < 0 || n > nPlain) throw unsatisfied("0 <= " + cn + "[..., 1:] - " + cn + "[..., :-1] <= " + plainName);
        }
        for (long c : cl) if (c < 0 || c >= nPlain) throw unsatisfied("0 <= " + pn + " < " + plainName);
        for (int r = 1; r < cr.length; r++) {
            for (long k = cr[r - 1] + 1; k < cr[r]; k++) {
                if (cl[(int) k] <= cl[(int) k - 1]) {
                    throw unsatisfied(pn + "[..., " + cn + "[..., i - 1]:" + cn + "[..., i]] for all i = 1, ..., " + compressedName
                            + " are sorted and distinct along the last dimension values");
                }
            }
        }
        return size.clone();
    }

    private static IllegalArgumentException unsatisfied(String invariant) {
        return new IllegalArgumentException("`" + invariant + "` is not satisfied.");
    }
}
