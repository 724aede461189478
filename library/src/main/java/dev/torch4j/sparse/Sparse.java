package dev.torch4j.sparse;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.util.Arrays;

/**
 * PyTorch's {@code torch.sparse} namespace and the sparse constructors ({@code torch.sparse_coo_tensor},
 * {@code torch.sparse_csr_tensor}, {@code torch.sparse_csc_tensor}, {@code Tensor.to_sparse}). The products (with a
 * dense or a sparse matrix, batched, matrix-vector), sums, softmaxes and {@code sparse_mask} are composed of
 * differentiable dense ops on the values, so autograd reaches the dense operands and the values, on every device.
 * <pre>{@code
 * SparseTensor adj = Sparse.cooTensor(edges, weights, n, n);   // a graph's weighted adjacency
 * Tensor h = Sparse.mm(adj, x.matmul(w)).relu();                 // one GCN layer
 * }</pre>
 */
public final class Sparse {
    private Sparse() {}

    /**
     * {@code torch.sparse_coo_tensor(indices, values, size)}: an uncoalesced COO tensor. Indices of another integer
     * dtype are cast to int64, as PyTorch casts them. Checks PyTorch's invariants (shapes, nnz, index bounds).
     *
     * @param indices {@code [sparse_dim, nnz]}
     * @param values  {@code [nnz, dense dims...]}
     * @param size    the sparse sizes, then the dense sizes
     */
    public static SparseTensor cooTensor(Tensor indices, Tensor values, long... size) {
        Tensor idx = indices.dtype() == DType.INT64 ? indices.detach() : indices.detach().to(DType.INT64);
        long[] sz = SparseChecks.cooSize(idx, values, size);
        return SparseTensor.coo(idx, values, sz, false, "SparseCooTensorWithDimsAndTensorsBackward0");
    }

    /**
     * {@code torch.sparse_coo_tensor(indices, values)}: the size inferred as PyTorch infers it, the largest index
     * plus one in each sparse dim and the values' trailing sizes.
     */
    public static SparseTensor cooTensor(Tensor indices, Tensor values) { return cooTensor(indices, values, (long[]) null); }

    /**
     * {@code torch.sparse_csr_tensor(crow_indices, col_indices, values, size)}: a 2-D CSR tensor; checks PyTorch's
     * compressed-index invariants (row pointers from 0 to nnz, non-decreasing, columns in range, sorted and
     * distinct within each row).
     */
    public static SparseTensor csrTensor(Tensor crowIndices, Tensor colIndices, Tensor values, long... size) {
        long[] sz = SparseChecks.compressedSize(false, crowIndices, colIndices, values, size);
        return SparseTensor.csr(crowIndices.detach(), colIndices.detach(), values, sz, null);
    }

    /** {@code torch.sparse_csr_tensor(crow_indices, col_indices, values)}: rows from the row pointers, columns from the largest index. */
    public static SparseTensor csrTensor(Tensor crowIndices, Tensor colIndices, Tensor values) {
        return csrTensor(crowIndices, colIndices, values, (long[]) null);
    }

    /**
     * {@code torch.sparse_csc_tensor(ccol_indices, row_indices, values, size)}: a 2-D CSC tensor (the entries column by
     * column: where each column's start in {@code ccolIndices}, their rows in {@code rowIndices}); checks PyTorch's
     * compressed-index invariants, with its messages.
     */
    public static SparseTensor cscTensor(Tensor ccolIndices, Tensor rowIndices, Tensor values, long... size) {
        long[] sz = SparseChecks.compressedSize(true, ccolIndices, rowIndices, values, size);
        return SparseTensor.compressed(dev.torch4j.Layout.SPARSE_CSC, ccolIndices.detach(), rowIndices.detach(), values, sz, null);
    }

    /** {@code torch.sparse_csc_tensor(ccol_indices, row_indices, values)}: columns from the pointers, rows from the largest index. */
    public static SparseTensor cscTensor(Tensor ccolIndices, Tensor rowIndices, Tensor values) {
        return cscTensor(ccolIndices, rowIndices, values, (long[]) null);
    }

    /** {@code dense.to_sparse()}: every dim sparse, the nonzero elements, coalesced. */
    public static SparseTensor toSparse(Tensor dense) { return toSparse(dense, dense.dim(), "ToSparseBackward0"); }

    /**
     * {@code dense.to_sparse(sparse_dim)}: the leading {@code sparseDim} dims sparse; an entry for every position
     * whose trailing block has a nonzero; {@code sparseDim} 0 only for a 0-d tensor, as in PyTorch. Differentiable
     * with respect to {@code dense}.
     */
    public static SparseTensor toSparse(Tensor dense, long sparseDim) { return toSparse(dense, sparseDim, "ToSparseBackward1"); }

    /** {@code gradFn}: PyTorch's node, one for each overload of to_sparse. */
    private static SparseTensor toSparse(Tensor dense, long sparseDim, String gradFn) {
        if (sparseDim < 0 || sparseDim > dense.dim()) {
            throw new IllegalArgumentException("sparse_dim must be less than or equal to self.dim()");
        }
        if (sparseDim == 0 && dense.dim() > 0) throw new IllegalArgumentException("sparse_dim must be >0 if dimensionality > 0");
        int sd = (int) sparseDim;
        long[] shape = dense.shapeArray();
        long[] sparseSizes = Arrays.copyOf(shape, sd);
        long[] flatShape = new long[dense.dim() - sd + 1];
        flatShape[0] = Coo.numel(sparseSizes);
        System.arraycopy(shape, sd, flatShape, 1, flatShape.length - 1);
        Tensor flat = dense.reshape(flatShape);
        Tensor idx, lin;
        try (var g = GradMode.noGrad()) {
            Tensor nz = flat.ne(0);
            if (flatShape.length > 1) nz = nz.reshape(flatShape[0], Coo.numel(flatShape) / Math.max(flatShape[0], 1)).any(1);
            lin = nz.nonzero().reshape(-1); // ascending positions: the result is coalesced
            idx = Coo.delinearize(lin, sparseSizes);
        }
        return SparseTensor.coo(idx, flat.indexSelect(0, lin), shape, true, gradFn);
    }

    /** {@code dense.to_sparse_csc()} of a 2-D tensor: its nonzero elements in CSC. */
    public static SparseTensor toSparseCsc(Tensor dense) {
        if (dense.dim() != 2) {
            throw new IllegalArgumentException("to_sparse_csc: torch4j's CSC tensors are 2-D, but got a " + dense.dim() + "-D tensor");
        }
        return toSparse(dense).toSparseCsc();
    }

    /** {@code dense.to_sparse_csr()} of a 2-D tensor: its nonzero elements in CSR. */
    public static SparseTensor toSparseCsr(Tensor dense) {
        if (dense.dim() != 2) {
            throw new IllegalArgumentException("to_sparse_csr: torch4j's CSR tensors are 2-D, but got a " + dense.dim() + "-D tensor");
        }
        return toSparse(dense).toSparseCsr();
    }

    /**
     * {@code torch.sparse.mm(sparse, dense)}: the product of a 2-D sparse matrix {@code [n, m]} (COO, coalesced or
     * not, or CSR) and a dense {@code [m, k]}: each entry's row of {@code dense} scaled by its value, added into its
     * row of the result ({@code index_select}, {@code mul}, {@code index_add}). Gradients reach {@code dense} and
     * the values. Without entries the dtypes need not agree (PyTorch returns zeros of the dense operand's dtype).
     */
    public static Tensor mm(SparseTensor sparse, Tensor dense) {
        if (sparse.dim() != 2 || sparse.denseDim() != 0) {
            throw new IllegalArgumentException("mm: expected a 2-D sparse matrix with 2 sparse and 0 dense dims, but got "
                    + sparse.sparseDim() + " sparse and " + sparse.denseDim() + " dense dims");
        }
        if (dense.dim() != 2) throw new IllegalArgumentException("mm: expected a 2-D dense matrix, but got " + dense.dim() + "-D");
        if (dense.size(0) != sparse.size(1)) {
            if (!sparse.isCoo()) { // the CSR kernel's check
                throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + sparse.size(0) + "x" + sparse.size(1)
                        + " and " + dense.size(0) + "x" + dense.size(1) + ")");
            }
            throw new IllegalArgumentException("addmm: Argument #3 (dense): Expected dim 0 size " + sparse.size(1) + ", got " + dense.size(0));
        }
        if (dense.dtype() != sparse.dtype() && sparse.nnz() > 0) { // PyTorch returns before its dtype check without entries
            throw new IllegalArgumentException("expected scalar type " + sparse.dtype().scalarTypeName() + " but found "
                    + dense.dtype().scalarTypeName());
        }
        if (!dense.device().equals(sparse.device())) {
            throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least two devices, "
                    + sparse.device() + " and " + dense.device() + "!");
        }
        long[] out = {sparse.size(0), dense.size(1)};
        Tensor[] rc = sparse.rowsAndCols();
        Tensor values = sparse.isCoo() ? sparse.rawValues() : sparse.values();
        if (sparse.nnz() == 0) values = values.to(dense.dtype()); // no entries: the dense operand's dtype, as PyTorch's
        Tensor contributions = dense.indexSelect(0, rc[1]).mul(values.unsqueeze(1));
        return Torch.zeros(Size.of(out), Torch.dtype(dense.dtype()).device(dense.device())).indexAdd(0, rc[0], contributions);
    }

    /**
     * {@code torch.sparse.addmm(bias, sparse, dense, beta=beta, alpha=alpha)}: {@code beta * bias + alpha * (sparse @
     * dense)}, the bias broadcast to the product's shape; with {@code beta == 0} the bias is not read (NaN in it does
     * not propagate), as in PyTorch, unless the sparse matrix has no entries (PyTorch then returns
     * {@code beta * bias} in the bias's dtype).
     */
    public static Tensor addmm(Tensor bias, SparseTensor sparse, Tensor dense, double beta, double alpha) {
        Tensor p = mm(sparse, dense);
        long[] out = p.shapeArray(), bs = bias.shapeArray();
        for (int k = 1; k <= Math.min(bs.length, out.length); k++) {
            long have = bs[bs.length - k], want = out[out.length - k];
            if (have != want && have != 1) { // PyTorch's expand message, without our expand's op prefix
                throw new IllegalArgumentException("The expanded size of the tensor (" + want + ") must match the existing size ("
                        + have + ") at non-singleton dimension " + (out.length - k) + ".  Target sizes: " + Shapes.str(out)
                        + ".  Tensor sizes: " + Shapes.str(bs));
            }
        }
        Tensor b = bias.expand(out);
        // PyTorch's product without entries: beta * bias in the bias's dtype, even for beta 0 (NaN * 0 stays NaN)
        if (sparse.nnz() == 0) return b.mul(beta).add(p.to(bias.dtype()));
        if (alpha != 1) p = p.mul(alpha);
        if (beta == 0) return p;
        return (beta == 1 ? b : b.mul(beta)).add(p);
    }

    /** {@code torch.sparse.addmm(bias, sparse, dense)}: {@code bias + sparse @ dense}. */
    public static Tensor addmm(Tensor bias, SparseTensor sparse, Tensor dense) { return addmm(bias, sparse, dense, 1, 1); }

    /**
     * {@code torch.sparse.mm(mat1, mat2)} of two sparse matrices: a sparse product with an entry wherever some entry
     * of row i of {@code mat1} meets an entry of column j of {@code mat2} (even where the products add up to zero),
     * coalesced with sorted indices (as PyTorch 2.x: 1.13 flags an unsorted result coalesced). The entries are joined
     * on the inner index ({@code mat1}'s columns against {@code mat2}'s rows), multiplied, and summed per output
     * index ({@code unique}, {@code index_add}), so gradients reach both values tensors. Floating dtypes only, one
     * dtype for both; CSR operands are multiplied as COO and the product has {@code mat1}'s layout.
     */
    public static SparseTensor mm(SparseTensor mat1, SparseTensor mat2) {
        if (!mat1.isCoo() || !mat2.isCoo()) {
            SparseTensor p = mm(mat1.toSparseCoo(), mat2.toSparseCoo());
            return mat1.isCoo() ? p : SparseTensor.withName(p.asLayoutOf(mat1), "SparseSparseMatmulBackward0");
        }
        String kernel = "sparse_sparse_matmul_" + (mat1.device().isCpu() ? "cpu" : "cuda");
        for (String[] m : new String[][] {{"mat1_", "1"}, {"mat2_", "2"}}) {
            SparseTensor s = m[1].equals("1") ? mat1 : mat2;
            if (s.dim() != 2) {
                throw new IllegalArgumentException("Expected " + m[0] + ".dim() == 2 to be true, but got false.  (Could this error message "
                        + "be improved?  If so, please report an enhancement request to PyTorch.)");
            }
        }
        for (SparseTensor s : new SparseTensor[] {mat1, mat2}) {
            if (s.denseDim() != 0) {
                throw new IllegalArgumentException(kernel + ": scalar values expected, got " + s.denseDim() + "D values");
            }
        }
        if (mat1.size(1) != mat2.size(0)) {
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + mat1.size(0) + "x" + mat1.size(1) + " and "
                    + mat2.size(0) + "x" + mat2.size(1) + ")");
        }
        if (mat1.dtype() != mat2.dtype()) {
            throw new IllegalArgumentException("mat1 dtype " + mat1.dtype().scalarTypeName() + " does not match mat2 dtype "
                    + mat2.dtype().scalarTypeName());
        }
        if (!mat1.dtype().isFloatingPoint()) {
            throw new UnsupportedOperationException("\"sparse_matmul\" not implemented for '" + mat1.dtype().scalarTypeName() + "'");
        }
        sameDevice(mat1.device(), mat2.device());
        long n = mat1.size(0), p = mat2.size(1);
        // both coalesced first, as PyTorch's CSR product (duplicates summed before they multiply: 1e30 and -inf
        // at one index make -inf, not NaN)
        SparseTensor c1 = mat1.coalesce(), c2 = mat2.coalesce();
        Tensor[] rc1 = c1.rowsAndCols(), rc2 = c2.rowsAndCols();
        Tensor pa, pb, idx, inverse;
        long outNnz;
        try (var g = GradMode.noGrad()) {
            Tensor[] pairs = Coo.matchPairs(rc1[1], rc2[0]);
            pa = pairs[0];
            pb = pairs[1];
            Tensor lin = rc1[0].indexSelect(0, pa).mul(p).add(rc2[1].indexSelect(0, pb));
            Tensor[] u = Torch.unique(lin, true, false);
            idx = Coo.delinearize(u[0], new long[] {n, p});
            inverse = u[1];
            outNnz = u[0].numel();
        }
        Tensor products = c1.rawValues().indexSelect(0, pa).mul(c2.rawValues().indexSelect(0, pb));
        Tensor values = Coo.zerosRows(outNnz, products).indexAdd(0, inverse, products);
        return SparseTensor.coo(idx, values, new long[] {n, p}, true, "SparseSparseMatmulBackward0");
    }

    /**
     * {@code torch.bmm(sparse, dense)}: a batch of products of a 3-D sparse tensor (3 sparse dims, no dense dims)
     * {@code [b, n, m]} and a dense {@code [b, m, k]}, a dense {@code [b, n, k]}; gradients reach both. Without
     * entries the dtypes need not agree (zeros of the dense operand's dtype), as in PyTorch.
     */
    public static Tensor bmm(SparseTensor sparse, Tensor dense) {
        SparseTensor s = sparse.toSparseCoo();
        if (s.denseDim() != 0) {
            throw new IllegalArgumentException("bmm_sparse: Tensor 'self' must have 0 dense dims, but has " + s.denseDim());
        }
        if (s.sparseDim() != 3) {
            throw new IllegalArgumentException("bmm_sparse: Tensor 'self' must have 3 sparse dims, but has " + s.sparseDim());
        }
        if (dense.dim() != 3) throw new IllegalArgumentException("bmm_sparse: Tensor 'mat2' must have 3 dims, but has " + dense.dim());
        if (s.size(0) != dense.size(0)) throw new IllegalArgumentException("bmm_sparse: 'self.size(0)' and 'mat2.size(0)' must match");
        if (s.size(2) != dense.size(1)) throw new IllegalArgumentException("bmm_sparse: 'self.size(2)' and 'mat2.size(1)' must match");
        if (dense.dtype() != s.dtype() && s.nnz() > 0) {
            throw new IllegalArgumentException("expected scalar type " + s.dtype().scalarTypeName() + " but found "
                    + dense.dtype().scalarTypeName());
        }
        sameDevice(s.device(), dense.device());
        s = s.coalesce(); // PyTorch's bmm coalesces first (unlike mm: duplicates 2 and -1 times inf make inf, not NaN)
        long b = s.size(0), n = s.size(1), m = s.size(2), k = dense.size(2);
        Tensor rows, cols;
        try (var g = GradMode.noGrad()) {
            Tensor idx = s.rawIndices();
            rows = idx.select(0, 0).mul(n).add(idx.select(0, 1));
            cols = idx.select(0, 0).mul(m).add(idx.select(0, 2));
        }
        Tensor v = s.rawValues();
        if (s.nnz() == 0) v = v.to(dense.dtype());
        Tensor contributions = dense.reshape(b * m, k).indexSelect(0, cols).mul(v.unsqueeze(1));
        return Torch.zeros(Size.of(b * n, k), Torch.dtype(dense.dtype()).device(dense.device())).indexAdd(0, rows, contributions)
                .reshape(b, n, k);
    }

    /** {@code torch.mv(sparse, vec)}: a 2-D sparse matrix times a dense vector (through {@link #mm}). */
    public static Tensor mv(SparseTensor sparse, Tensor vec) {
        if (sparse.dim() != 2 || vec.dim() != 1) {
            throw new IllegalArgumentException("mv: two tensor dim should be 2 and 1, but got SparseTensor Dim: " + sparse.dim()
                    + "Tensor Dim: " + vec.dim());
        }
        if (sparse.size(-1) != vec.size(-1)) throw new IllegalArgumentException("mv: expected self.size(-1) == vec.size(-1)");
        if (sparse.denseDim() != 0) throw new IllegalArgumentException("addmm: matrices expected, got " + sparse.denseDim() + "D tensor");
        return mm(sparse, vec.unsqueeze(1)).squeeze(1);
    }

    /**
     * {@code torch.matmul(sparse, dense)} as PyTorch runs it for a 2-D sparse matrix: {@link #mv} for a vector,
     * {@link #mm} for a matrix. (PyTorch refuses batched products through matmul: use {@link #bmm}.)
     */
    public static Tensor matmul(SparseTensor sparse, Tensor dense) {
        if (sparse.dim() == 2 && dense.dim() == 1) return mv(sparse, dense);
        if (sparse.dim() == 2 && dense.dim() == 2) return mm(sparse, dense);
        throw new UnsupportedOperationException("matmul: a sparse tensor multiplies a 1-D or 2-D dense tensor as a 2-D matrix (got "
                + sparse.dim() + "-D and " + dense.dim() + "-D); use Sparse.bmm for a batch of 3-D tensors");
    }

    /**
     * {@code dense.sparse_mask(mask)}: {@code dense}'s elements at {@code mask}'s entries, a sparse tensor with
     * {@code mask}'s indices (as stored, coalesced or not, as PyTorch 2.x accepts; 1.13 refuses an uncoalesced mask),
     * its sparse and dense dims and {@code dense}'s dtype; a mask without entries gives none. A CSR mask gives a CSR
     * result. Gradients reach {@code dense} (at the mask's entries).
     */
    public static SparseTensor sparseMask(Tensor dense, SparseTensor mask) {
        if (!Arrays.equals(dense.shapeArray(), mask.shapeArray())) {
            throw new IllegalArgumentException("sparse_mask(): operands have incompatible sizes; self has size "
                    + Shapes.str(dense.shapeArray()) + " but mask has size " + Shapes.str(mask.shapeArray()));
        }
        if (!mask.isCoo()) return SparseTensor.withName(sparseMask(dense, mask.toSparseCoo()).asLayoutOf(mask), "SparseMaskBackward0");
        int sd = mask.sparseDim();
        long[] shape = dense.shapeArray();
        long[] sparseSizes = Arrays.copyOf(shape, sd);
        long[] flat = new long[shape.length - sd + 1];
        flat[0] = Coo.numel(sparseSizes);
        System.arraycopy(shape, sd, flat, 1, flat.length - 1);
        Tensor idx = mask.rawIndices().to(dense.device()), lin;
        try (var g = GradMode.noGrad()) {
            lin = Coo.linear(idx, sparseSizes, java.util.stream.IntStream.range(0, sd).toArray());
        }
        return SparseTensor.coo(idx, dense.reshape(flat).indexSelect(0, lin), shape, mask.isCoalesced(), "SparseMaskBackward0");
    }

    private static void sameDevice(dev.torch4j.Device a, dev.torch4j.Device b) {
        if (!a.equals(b)) {
            throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least two devices, " + a
                    + " and " + b + "!");
        }
    }

    /** {@code torch.sparse.sum(sparse)}: the sum of all values, a dense 0-d tensor. */
    public static Tensor sum(SparseTensor sparse) {
        return (sparse.isCoo() ? sparse.rawValues() : sparse.values()).sum();
    }

    /**
     * {@code torch.sparse.sum(sparse, dims)} over some but not all sparse dims (and any dense dims): a coalesced
     * sparse tensor. Summing over every sparse dim gives a dense tensor in PyTorch: {@link #sumDense} returns that.
     */
    public static SparseTensor sum(SparseTensor sparse, long... dims) {
        SparseTensor s = sparse.toSparseCoo();
        boolean[] summed = summedDims(s, dims);
        int sd = s.sparseDim();
        int[] keep = java.util.stream.IntStream.range(0, sd).filter(d -> !summed[d]).toArray();
        if (keep.length == 0) {
            throw new IllegalArgumentException("torch.sparse.sum over every sparse dim gives a dense tensor: use Sparse.sumDense");
        }
        Tensor idx;
        try (var g = GradMode.noGrad()) {
            long[] k = Arrays.stream(keep).asLongStream().toArray();
            idx = s.rawIndices().indexSelect(0, Torch.fromArray(k).to(s.device()));
        }
        long[] size = java.util.stream.IntStream.range(0, s.dim()).filter(d -> !summed[d]).mapToLong(d -> s.size(d)).toArray();
        return SparseTensor.withName(SparseTensor.coo(idx, sumDenseDims(s, summed), size, false, null).coalesce(), "SparseSumBackward0");
    }

    /**
     * {@code torch.sparse.sum(sparse, dims)} as a dense tensor: when the dims include every sparse dim this is what
     * PyTorch returns; otherwise the sparse sum's {@code to_dense()}.
     */
    public static Tensor sumDense(SparseTensor sparse, long... dims) {
        SparseTensor s = sparse.toSparseCoo();
        boolean[] summed = summedDims(s, dims);
        for (int d = 0; d < s.sparseDim(); d++) if (!summed[d]) return sum(s, dims).toDense();
        return sumDenseDims(s, summed).sum(0);
    }

    private static boolean[] summedDims(SparseTensor s, long[] dims) {
        boolean[] summed = new boolean[s.dim()];
        for (long dim : dims) {
            int d = Shapes.wrapDim(dim, s.dim());
            if (summed[d]) throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
            summed[d] = true;
        }
        return summed;
    }

    /** The values summed over the summed dense dims. */
    private static Tensor sumDenseDims(SparseTensor s, boolean[] summed) {
        int sd = s.sparseDim();
        long[] dd = java.util.stream.IntStream.range(sd, s.dim()).filter(d -> summed[d]).mapToLong(d -> d - sd + 1).toArray();
        return dd.length == 0 ? s.rawValues() : s.rawValues().sum(dd, false);
    }

    /**
     * {@code torch.sparse.softmax(sparse, dim)}: softmax over the specified elements along {@code dim}, the
     * unspecified ones counting as minus infinity (they stay unspecified). The result is coalesced; it has no
     * entries when the tensor has no elements (a size-0 dense dim), as PyTorch's.
     */
    public static SparseTensor softmax(SparseTensor sparse, long dim) { return softmax(sparse, dim, false); }

    /** {@code torch.sparse.log_softmax(sparse, dim)}: see {@link #softmax}. */
    public static SparseTensor logSoftmax(SparseTensor sparse, long dim) { return softmax(sparse, dim, true); }

    private static SparseTensor softmax(SparseTensor sparse, long dim, boolean log) {
        if (!sparse.isCoo()) throw new UnsupportedOperationException("torch.sparse.softmax expects a sparse COO tensor: call toSparseCoo() first");
        int d = Shapes.wrapDim(dim, sparse.dim());
        SparseTensor c = sparse.coalesce();
        Tensor v = c.rawValues();
        int sd = c.sparseDim();
        String name = log ? "SparseLogSoftmaxBackward0" : "SparseSoftmaxBackward0";
        if (Arrays.stream(c.shapeArray()).anyMatch(n -> n == 0)) { // no elements (a size-0 dense dim): PyTorch keeps no entries
            return SparseTensor.coo(c.rawIndices().narrow(1, 0, 0), v.narrow(0, 0, 0), c.shapeArray(), true, name);
        }
        if (!v.dtype().isFloatingPoint()) { // PyTorch's dispatch, after its return for no elements
            throw new UnsupportedOperationException("\"" + (log ? "log_softmax" : "softmax") + "\" not implemented for '"
                    + v.dtype().scalarTypeName() + "'");
        }
        if (d >= sd) return SparseTensor.coo(c.rawIndices(), log ? v.logSoftmax(d - sd + 1) : v.softmax(d - sd + 1), c.shapeArray(), true, name);
        if (c.nnz() == 0) return SparseTensor.coo(c.rawIndices(), v, c.shapeArray(), true, name);
        // entries that share every sparse index but dim's form one softmax
        Tensor pool, max;
        long pools;
        try (var g = GradMode.noGrad()) {
            int[] others = java.util.stream.IntStream.range(0, sd).filter(k -> k != d).toArray();
            Tensor[] u = Torch.unique(Coo.linear(c.rawIndices(), c.shapeArray(), others), true, false);
            pool = u[1];
            pools = u[0].numel();
            max = Coo.zerosRows(pools, v).indexReduce(0, pool, v.detach(), "amax", false).indexSelect(0, pool);
        }
        Tensor shifted = v.sub(max);
        Tensor e = shifted.exp();
        Tensor sums = Coo.zerosRows(pools, v).indexAdd(0, pool, e).indexSelect(0, pool);
        return SparseTensor.coo(c.rawIndices(), log ? shifted.sub(sums.log()) : e.div(sums), c.shapeArray(), true, name);
    }
}
