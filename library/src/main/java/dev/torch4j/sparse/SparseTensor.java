package dev.torch4j.sparse;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Layout;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.format.TensorPrinter;

import java.util.Arrays;

/**
 * A sparse tensor, PyTorch's {@code torch.sparse_coo} / {@code torch.sparse_csr} layouts: dense component tensors
 * that say where the specified elements are and what they hold; every other element is zero.
 * <ul>
 *   <li>COO: int64 {@code indices} {@code [sparseDim, nnz]} and {@code values} {@code [nnz, dense dims...]}, and a
 *   coalesced flag (indices sorted lexicographically without duplicates; duplicates otherwise add up);</li>
 *   <li>CSR (2-D): {@code crowIndices} {@code [rows + 1]}, {@code colIndices} {@code [nnz]}, {@code values}
 *   {@code [nnz]}.</li>
 * </ul>
 * Instances are immutable handles made by {@link Sparse}; the component tensors may require grad: ops on sparse
 * tensors are dense ops on their values, so gradients reach the values tensor a sparse tensor was built from.
 * <pre>{@code
 * SparseTensor a = Sparse.cooTensor(Torch.tensor(new long[][] {{0, 1, 1}, {2, 0, 2}}), Torch.tensor(new double[] {3, 4, 5}), 2, 3);
 * Tensor y = Sparse.mm(a, Torch.ones(3, 2)); // [[3, 3], [9, 9]]
 * }</pre>
 * A sparse tensor is not a {@link Tensor}: dense ops take {@link #toDense()}.
 */
public final class SparseTensor {
    private final Layout layout;
    private final long[] size;
    private final Tensor indices; // COO only
    private final Tensor crow, col; // CSR only
    private final Tensor values;
    private final boolean coalesced;
    /** PyTorch's grad_fn name for this result when its values carry history (printing only), or null. */
    private final String gradFnName;

    private SparseTensor(Layout layout, long[] size, Tensor indices, Tensor crow, Tensor col, Tensor values,
                         boolean coalesced, String gradFnName) {
        this.layout = layout;
        this.size = size;
        this.indices = indices;
        this.crow = crow;
        this.col = col;
        this.values = values;
        this.coalesced = coalesced;
        this.gradFnName = gradFnName;
    }

    /** A COO tensor from checked parts; one with fewer than two entries is coalesced, as PyTorch marks it. */
    static SparseTensor coo(Tensor indices, Tensor values, long[] size, boolean coalesced, String gradFnName) {
        return new SparseTensor(Layout.SPARSE_COO, size.clone(), indices, null, null, values,
                coalesced || values.size(0) < 2, gradFnName);
    }

    /** A CSR tensor from checked parts. */
    static SparseTensor csr(Tensor crow, Tensor col, Tensor values, long[] size, String gradFnName) {
        return new SparseTensor(Layout.SPARSE_CSR, size.clone(), null, crow, col, values, true, gradFnName);
    }

    /** {@code t.layout}. */
    public Layout layout() { return layout; }

    /** True for the COO layout ({@code t.is_sparse}). */
    public boolean isCoo() { return layout == Layout.SPARSE_COO; }

    /** {@code t.size()}. */
    public Size size() { return Size.of(size); }

    /** {@code t.size(dim)}. */
    public long size(long dim) { return size[dev.torch4j.core.Shapes.wrapDim(dim, size.length)]; }

    /** {@code t.shape}. */
    public Size shape() { return size(); }

    /** The shape as a fresh array. */
    public long[] shapeArray() { return size.clone(); }

    /** {@code t.dim()}. */
    public int dim() { return size.length; }

    /** {@code t.sparse_dim()}: the dims the indices address (2 for CSR). */
    public int sparseDim() { return isCoo() ? (int) indices.size(0) : 2; }

    /** {@code t.dense_dim()}: the trailing dims each value holds. */
    public int denseDim() { return values.dim() - 1; }

    /** {@code t._nnz()}: the number of specified entries (duplicates counted). */
    public long nnz() { return values.size(0); }

    /** {@code t.dtype}: the values' dtype. */
    public DType dtype() { return values.dtype(); }

    /** {@code t.device}. */
    public Device device() { return values.device(); }

    /** Whether the values require grad (then results of ops on this tensor carry history). */
    public boolean requiresGrad() { return values.requiresGrad(); }

    /** {@code t.is_coalesced()} (CSR tensors: always true). */
    public boolean isCoalesced() { return coalesced; }

    /** {@code t.indices()}: the COO indices of a coalesced tensor. */
    public Tensor indices() {
        requireCoo("indices");
        if (!coalesced) throw new IllegalStateException("Cannot get indices on an uncoalesced tensor, please call .coalesce() first");
        return indices;
    }

    /** {@code t.values()}: the values of a coalesced COO tensor, or of a CSR tensor. */
    public Tensor values() {
        if (!coalesced) throw new IllegalStateException("Cannot get values on an uncoalesced tensor, please call .coalesce() first");
        return values;
    }

    /** {@code t._indices()}: the COO indices as stored, coalesced or not. */
    public Tensor rawIndices() {
        requireCoo("_indices");
        return indices;
    }

    /** {@code t._values()}: the COO values as stored, coalesced or not. */
    public Tensor rawValues() {
        requireCoo("_values");
        return values;
    }

    /** {@code t.crow_indices()} of a CSR tensor. */
    public Tensor crowIndices() {
        requireCsr("crow_indices");
        return crow;
    }

    /** {@code t.col_indices()} of a CSR tensor. */
    public Tensor colIndices() {
        requireCsr("col_indices");
        return col;
    }

    private void requireCoo(String op) { if (!isCoo()) throw notHere(op); }

    private void requireCsr(String op) { if (isCoo()) throw notHere(op); }

    /** PyTorch's dispatcher error, first sentence. */
    private UnsupportedOperationException notHere(String op) {
        String backend = (isCoo() ? "Sparse" : "SparseCsr") + (device().isCpu() ? "CPU" : "CUDA");
        return new UnsupportedOperationException("Could not run 'aten::" + op + "' with arguments from the '" + backend + "' backend.");
    }

    /**
     * {@code t.coalesce()}: entries sorted by their indices (lexicographically), duplicates summed; this tensor when
     * already coalesced. Differentiable with respect to the values.
     */
    public SparseTensor coalesce() {
        requireCoo("coalesce");
        return coalesce(true);
    }

    /**
     * The coalesced tensor, duplicates added onto -0.0 ({@code negZero}: the identity of addition, so a lone -0.0
     * entry stays -0.0, as PyTorch's coalesce copies it) or onto +0.0 (as PyTorch's add sums into zeros).
     */
    private SparseTensor coalesce(boolean negZero) {
        if (coalesced) return this;
        long[] sparseSizes = Arrays.copyOf(size, sparseDim());
        Tensor newIndices, inverse;
        try (var g = GradMode.noGrad()) {
            Tensor[] u = Torch.unique(Coo.linear(indices, sparseSizes, java.util.stream.IntStream.range(0, sparseSizes.length).toArray()), true, false);
            newIndices = Coo.delinearize(u[0], sparseSizes);
            inverse = u[1];
        }
        // index_add visits the entries in their order; PyTorch 1.13 adds duplicates in the order of its unstable sort,
        // so float32 sums of several duplicates may round differently (float64 agrees within its tolerance)
        Tensor acc = Coo.zerosRows(newIndices.size(1), values);
        if (negZero && values.dtype().isFloatingPoint()) acc = acc.fill_(-0.0);
        Tensor newValues = acc.indexAdd(0, inverse, values);
        return coo(newIndices, newValues, size, true, "CoalesceBackward0");
    }

    /** {@code t.to_dense()}: the dense tensor, duplicates summed; differentiable with respect to the values. */
    public Tensor toDense() {
        if (!isCoo()) return toSparseCoo().toDense();
        int sd = sparseDim();
        long[] sparseSizes = Arrays.copyOf(size, sd);
        Tensor lin;
        try (var g = GradMode.noGrad()) {
            lin = Coo.linear(indices, sparseSizes, java.util.stream.IntStream.range(0, sd).toArray());
        }
        return Coo.zerosRows(Coo.numel(sparseSizes), values).indexAdd(0, lin, values).reshape(size);
    }

    /** {@code t.to_sparse_coo()} (CSR to COO; a COO tensor is returned as is). */
    public SparseTensor toSparseCoo() {
        if (isCoo()) return this;
        Tensor idx;
        try (var g = GradMode.noGrad()) {
            idx = Torch.stack(new Tensor[] {rowIndices(), col.to(DType.INT64)}, 0);
        }
        return coo(idx, values, size, true, null);
    }

    /** {@code t.to_sparse_csr()} of a 2-D COO tensor without dense dims (coalesced first); a CSR tensor as is. */
    public SparseTensor toSparseCsr() {
        if (!isCoo()) return this;
        if (dim() != 2 || denseDim() != 0) {
            throw new IllegalArgumentException("to_sparse_csr: torch4j's CSR tensors are 2-D without dense dims, but got sparse_dim "
                    + sparseDim() + " and dense_dim " + denseDim());
        }
        SparseTensor c = coalesce();
        Tensor crowIdx;
        try (var g = GradMode.noGrad()) {
            // row r's entries start after those of rows < r: a count per row, then a running sum
            Tensor rows = c.indices.select(0, 0);
            crowIdx = Torch.zeros(Size.of(size[0] + 1), Torch.dtype(DType.INT64).device(device()))
                    .indexAdd(0, rows.add(1), Torch.onesLike(rows)).cumsum(0);
        }
        return csr(crowIdx, c.indices.select(0, 1), c.values, size, "ToSparseCsrBackward0"); // 2.x's node (1.13: NotImplemented)
    }

    /** The row of each CSR entry (int64, {@code [nnz]}): where the running count of row starts passes it. */
    Tensor rowIndices() {
        Tensor cr = crow.to(DType.INT64);
        long n = size[0], nnz = nnz();
        Tensor marks = Torch.zeros(Size.of(nnz + 1), Torch.dtype(DType.INT64).device(device()));
        if (n > 1) {
            Tensor starts = cr.narrow(0, 1, n - 1);
            marks = marks.indexAdd(0, starts, Torch.onesLike(starts));
        }
        return marks.cumsum(0).narrow(0, 0, nnz);
    }

    /** The row and column of every entry of a 2-D tensor without dense dims (COO or CSR), int64. */
    Tensor[] rowsAndCols() {
        if (isCoo()) return new Tensor[] {indices.select(0, 0), indices.select(0, 1)};
        try (var g = GradMode.noGrad()) {
            return new Tensor[] {rowIndices(), col.to(DType.INT64)};
        }
    }

    /**
     * {@code t.t()}: the transpose of a COO tensor with at most 2 sparse dims and no dense dims; not coalesced unless
     * it has no entries (PyTorch marks even a single transposed entry uncoalesced).
     */
    public SparseTensor t() {
        if (!isCoo()) {
            throw new UnsupportedOperationException("t() of a sparse CSR tensor is a CSC tensor, which torch4j does not have: "
                    + "call toSparseCoo() first");
        }
        if (sparseDim() > 2 || denseDim() != 0) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 sparse and 0 dense dimensions, but got "
                    + sparseDim() + " sparse and " + denseDim() + " dense dimensions");
        }
        if (dim() < 2) return withName(this, "TBackward0"); // PyTorch's transpose(0, 0): a copy with its own node
        Tensor swapped;
        try (var g = GradMode.noGrad()) {
            swapped = Torch.stack(new Tensor[] {indices.select(0, 1), indices.select(0, 0)}, 0);
        }
        return new SparseTensor(Layout.SPARSE_COO, new long[] {size[1], size[0]}, swapped, null, null, values, nnz() == 0, "TBackward0");
    }

    /** {@code t * other}: the values scaled. */
    public SparseTensor mul(double other) { return withValues(values.mul(other)); }

    /** {@code t * other}: the values scaled (integer tensors stay integer). */
    public SparseTensor mul(long other) { return withValues(values.mul(other)); }

    /** {@code -t}. */
    public SparseTensor neg() { return withValues(values.neg()); }

    /** The same pattern with new values (grad_fn named by the values' own node). */
    private SparseTensor withValues(Tensor v) {
        return isCoo() ? coo(indices, v, size, coalesced, null) : csr(crow, col, v, size, null);
    }

    /**
     * {@code t + other} of two sparse tensors of one size: the entries of both (values promoted to a common
     * dtype), coalesced when both inputs are. (PyTorch's CPU kernel also merges equal indices of uncoalesced
     * inputs; here they stay apart until {@link #coalesce()}, as on CUDA. The dense values agree.)
     */
    public SparseTensor add(SparseTensor other) {
        if (!Arrays.equals(size, other.size)) {
            throw new IllegalArgumentException("add: expected sizes of 'self' and 'other' to match, but "
                    + Arrays.toString(size) + " != " + Arrays.toString(other.size));
        }
        if (!isCoo() || !other.isCoo()) return withName(toSparseCoo().add(other.toSparseCoo()).toSparseCsr(), "AddBackward0");
        DType t = Torch.promoteTypes(dtype(), other.dtype());
        if (sparseDim() != other.sparseDim()) { // PyTorch compares them only when both have entries
            if (other.nnz() == 0) return withValues(values.to(t));
            if (nnz() == 0) return other.withValues(other.values.to(t));
            throw new IllegalArgumentException("add: expected 'self' and 'other' to have same density, but 'self' has " + sparseDim()
                    + " sparse dimensions while 'other' has " + other.sparseDim() + " sparse dimensions");
        }
        Tensor idx = Torch.cat(new Tensor[] {indices, other.indices.to(device())}, 1);
        Tensor v = Torch.cat(new Tensor[] {values.to(t), other.values.to(device(), t)}, 0);
        SparseTensor sum = coo(idx, v, size, false, "AddBackward0");
        return coalesced && other.coalesced ? withName(sum.coalesce(false), "AddBackward0") : sum;
    }

    /** This tensor printed with another grad_fn name. */
    static SparseTensor withName(SparseTensor s, String name) {
        return new SparseTensor(s.layout, s.size, s.indices, s.crow, s.col, s.values, s.coalesced, name);
    }

    /** {@code t.to(device)}: the components copied (values differentiably). */
    public SparseTensor to(Device device) { return device.equals(device()) ? this : moved(t -> t.to(device)); }

    /** {@code t.to(dtype)}: the values cast. */
    public SparseTensor to(DType dtype) { return dtype == dtype() ? this : withValues(values.to(dtype)); }

    /** {@code t.cuda()}: to the current CUDA device. */
    public SparseTensor cuda() { return moved(Tensor::cuda); }

    /** Every component through {@code move} (grad_fn named by the values' own node). */
    private SparseTensor moved(java.util.function.UnaryOperator<Tensor> move) {
        return isCoo() ? coo(move.apply(indices), move.apply(values), size, coalesced, null)
                : csr(move.apply(crow), move.apply(col), move.apply(values), size, null);
    }

    /** {@code t.cpu()}. */
    public SparseTensor cpu() { return to(Device.CPU); }

    /** {@code torch.sparse.mm(t, dense)}; see {@link Sparse#mm}. */
    public Tensor mm(Tensor dense) { return Sparse.mm(this, dense); }

    /** What PyTorch prints for this sparse tensor (its indices, values, size, nnz and layout). */
    @Override
    public String toString() {
        String name = null;
        if (values.requiresGrad()) name = gradFnName != null ? gradFnName : values.gradFn() != null ? values.gradFn().name() : null;
        if (isCoo()) {
            return TensorPrinter.reprSparse(layout.toString(), true, size, nnz(), new String[] {"indices", "values"},
                    new Tensor[] {indices, values}, name, values.requiresGrad());
        }
        return TensorPrinter.reprSparse(layout.toString(), false, size, nnz(), new String[] {"crow_indices", "col_indices", "values"},
                new Tensor[] {crow, col, values}, name, values.requiresGrad());
    }
}
