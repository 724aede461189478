package dev.torch4j.sparse;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Layout;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;
import dev.torch4j.format.TensorPrinter;

import java.util.Arrays;

/**
 * A sparse tensor, PyTorch's {@code torch.sparse_coo} / {@code torch.sparse_csr} / {@code torch.sparse_csc} layouts:
 * dense component tensors that say where the specified elements are and what they hold; every other element is zero.
 * <ul>
 *   <li>COO: int64 {@code indices} {@code [sparseDim, nnz]} and {@code values} {@code [nnz, dense dims...]}, and a
 *   coalesced flag (indices sorted lexicographically without duplicates; duplicates otherwise add up);</li>
 *   <li>CSR (2-D): {@code crowIndices} {@code [rows + 1]}, {@code colIndices} {@code [nnz]}, {@code values}
 *   {@code [nnz]};</li>
 *   <li>CSC (2-D): {@code ccolIndices} {@code [cols + 1]}, {@code rowIndices} {@code [nnz]}, {@code values}
 *   {@code [nnz]} (the CSR parts of the transpose).</li>
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
    /** CSR/CSC only: the compressed indices (CSR: crow, CSC: ccol) and the plain ones (CSR: col, CSC: row). */
    private final Tensor crow, col;
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

    /**
     * A COO tensor from checked parts with exactly the given coalesced flag, for the kernels that set it explicitly
     * ({@code _coalesced_}), whatever the number of entries.
     */
    static SparseTensor cooFlagged(Tensor indices, Tensor values, long[] size, boolean coalesced, String gradFnName) {
        return new SparseTensor(Layout.SPARSE_COO, size.clone(), indices, null, null, values, coalesced, gradFnName);
    }

    /** A CSR tensor from checked parts. */
    static SparseTensor csr(Tensor crow, Tensor col, Tensor values, long[] size, String gradFnName) {
        return compressed(Layout.SPARSE_CSR, crow, col, values, size, gradFnName);
    }

    /** A CSR or CSC tensor from checked parts: the compressed indices, the plain ones, the values. */
    static SparseTensor compressed(Layout layout, Tensor compressed, Tensor plain, Tensor values, long[] size, String gradFnName) {
        return new SparseTensor(layout, size.clone(), null, compressed, plain, values, true, gradFnName);
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

    /** {@code t.sparse_dim()}: the dims the indices address (2 for CSR and CSC). */
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

    /** {@code t.is_coalesced()} (CSR and CSC tensors: always true). */
    public boolean isCoalesced() { return coalesced; }

    /** {@code t.indices()}: the COO indices of a coalesced tensor. */
    public Tensor indices() {
        requireCoo("indices");
        if (!coalesced) throw new IllegalStateException("Cannot get indices on an uncoalesced tensor, please call .coalesce() first");
        return indices;
    }

    /** {@code t.values()}: the values of a coalesced COO tensor, or of a CSR or CSC tensor. */
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
        requireCompressed("crow_indices", Layout.SPARSE_CSR);
        return crow;
    }

    /** {@code t.col_indices()} of a CSR tensor. */
    public Tensor colIndices() {
        requireCompressed("col_indices", Layout.SPARSE_CSR);
        return col;
    }

    /** {@code t.ccol_indices()} of a CSC tensor: where each column's entries start, and nnz. */
    public Tensor ccolIndices() {
        requireCompressed("ccol_indices", Layout.SPARSE_CSC);
        return crow;
    }

    /** {@code t.row_indices()} of a CSC tensor: each entry's row, column by column. */
    public Tensor rowIndices() {
        requireCompressed("row_indices", Layout.SPARSE_CSC);
        return col;
    }

    private void requireCoo(String op) { if (!isCoo()) throw notHere(op); }

    /** PyTorch's errors: a COO tensor has no such op; the other compressed layout names the one it expects. */
    private void requireCompressed(String op, Layout want) {
        if (isCoo()) throw notHere(op);
        if (layout != want) {
            throw new IllegalArgumentException("\"" + op + "\" expected sparse " + (want == Layout.SPARSE_CSR ? "row" : "column")
                    + " compressed tensor layout but got " + (layout == Layout.SPARSE_CSR ? "SparseCsr" : "SparseCsc"));
        }
    }

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

    /**
     * {@code t.to_sparse_coo()} (a COO tensor is returned as is): a CSR tensor's entries are in row-major order, so
     * the result is coalesced as it stands; a CSC tensor's are column by column, so they are sorted (coalesced).
     */
    public SparseTensor toSparseCoo() {
        if (isCoo()) return this;
        Tensor idx;
        try (var g = GradMode.noGrad()) {
            Tensor[] rc = rowsAndCols();
            idx = Torch.stack(new Tensor[] {rc[0], rc[1]}, 0);
        }
        if (layout == Layout.SPARSE_CSC) return coo(idx, values, size, false, null).coalesce();
        return coo(idx, values, size, true, null);
    }

    /** {@code t.to_sparse_csr()} of a 2-D COO tensor without dense dims (coalesced first), or of a CSC tensor; a CSR tensor as is. */
    public SparseTensor toSparseCsr() {
        if (layout == Layout.SPARSE_CSR) return this;
        if (layout == Layout.SPARSE_CSC) return withName(toSparseCoo().toSparseCsr().indexDtype(crow.dtype()), "ToSparseCsrBackward0");
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

    /**
     * {@code t.to_sparse_csc()} of a 2-D COO tensor without dense dims (coalesced, then its entries ordered column by
     * column), or of a CSR tensor; a CSC tensor as is. Differentiable with respect to the values.
     */
    public SparseTensor toSparseCsc() {
        if (layout == Layout.SPARSE_CSC) return this;
        if (layout == Layout.SPARSE_CSR) return withName(toSparseCoo().toSparseCsc().indexDtype(crow.dtype()), "ToSparseCscBackward0");
        if (dim() != 2 || denseDim() != 0) {
            throw new IllegalArgumentException("to_sparse_csc: torch4j's CSC tensors are 2-D without dense dims, but got sparse_dim "
                    + sparseDim() + " and dense_dim " + denseDim());
        }
        SparseTensor c = coalesce();
        Tensor order, ccolIdx, rows;
        try (var g = GradMode.noGrad()) {
            Tensor r = c.indices.select(0, 0), cl = c.indices.select(0, 1);
            order = Coo.stableSort(cl.mul(size[0]).add(r))[1]; // column-major (distinct keys: the tensor is coalesced)
            rows = r.indexSelect(0, order);
            ccolIdx = Torch.zeros(Size.of(size[1] + 1), Torch.dtype(DType.INT64).device(device()))
                    .indexAdd(0, cl.add(1), Torch.onesLike(cl)).cumsum(0);
        }
        return compressed(Layout.SPARSE_CSC, ccolIdx, rows, c.values.indexSelect(0, order), size, "ToSparseCscBackward0");
    }

    /**
     * The compressed-dim index of each CSR/CSC entry (int64, {@code [nnz]}: its row in CSR, its column in CSC):
     * where the running count of the compressed pointers passes it.
     */
    Tensor expandCompressed() {
        Tensor cr = crow.to(DType.INT64);
        long n = layout == Layout.SPARSE_CSC ? size[1] : size[0], nnz = nnz();
        Tensor marks = Torch.zeros(Size.of(nnz + 1), Torch.dtype(DType.INT64).device(device()));
        if (n > 1) {
            Tensor starts = cr.narrow(0, 1, n - 1);
            marks = marks.indexAdd(0, starts, Torch.onesLike(starts));
        }
        return marks.cumsum(0).narrow(0, 0, nnz);
    }

    /** The row and column of every entry of a 2-D tensor without dense dims (COO, CSR or CSC), int64, in its order. */
    Tensor[] rowsAndCols() {
        if (isCoo()) return new Tensor[] {indices.select(0, 0), indices.select(0, 1)};
        try (var g = GradMode.noGrad()) {
            if (layout == Layout.SPARSE_CSC) return new Tensor[] {col.to(DType.INT64), expandCompressed()};
            return new Tensor[] {expandCompressed(), col.to(DType.INT64)};
        }
    }

    /** A CSR/CSC tensor with its indices in {@code t} (a conversion between the compressed layouts keeps their dtype). */
    private SparseTensor indexDtype(DType t) {
        return t == crow.dtype() ? this : compressed(layout, crow.to(t), col.to(t), values, size, gradFnName);
    }

    /** This tensor in {@code like}'s layout (COO, CSR or CSC). */
    SparseTensor asLayoutOf(SparseTensor like) {
        return like.layout == Layout.SPARSE_CSR ? toSparseCsr() : like.layout == Layout.SPARSE_CSC ? toSparseCsc() : toSparseCoo();
    }

    /** The transpose of a CSR tensor as a CSC one and back: the same parts, the sizes swapped. */
    private SparseTensor compressedTranspose(String name) {
        Layout other = layout == Layout.SPARSE_CSR ? Layout.SPARSE_CSC : Layout.SPARSE_CSR;
        return compressed(other, crow, col, values, new long[] {size[1], size[0]}, name);
    }

    /**
     * {@code t.t()}: the transpose of a COO tensor with at most 2 sparse dims and no dense dims; not coalesced unless
     * it has no entries (PyTorch marks even a single transposed entry uncoalesced). A CSR tensor's transpose is the CSC
     * tensor of the same parts, and the reverse.
     */
    public SparseTensor t() {
        if (!isCoo()) return compressedTranspose("TBackward0");
        if (sparseDim() > 2 || denseDim() != 0) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 sparse and 0 dense dimensions, but got "
                    + sparseDim() + " sparse and " + denseDim() + " dense dimensions");
        }
        if (dim() < 2) return withName(this, "TBackward0"); // PyTorch's transpose(0, 0): a copy with its own node
        return swapped(0, 1, "TBackward0");
    }

    /**
     * {@code t.transpose(dim0, dim1)} of a COO tensor: two sparse dims swapped (their index rows exchanged; the result
     * is uncoalesced unless it has no entries), or the tensor itself as a copy when the dims are the same. PyTorch
     * refuses any other pair, a dense dim with a sparse one or two dense dims: "transposed dimensions must be sparse".
     */
    public SparseTensor transpose(long dim0, long dim1) {
        int d0 = dev.torch4j.core.Shapes.wrapDim(dim0, dim()), d1 = dev.torch4j.core.Shapes.wrapDim(dim1, dim());
        if (d0 == d1) return withName(this, "TransposeBackward0");
        if (!isCoo()) return compressedTranspose("TransposeBackward0");
        if (d0 >= sparseDim() || d1 >= sparseDim()) {
            throw new IllegalArgumentException("sparse transpose: transposed dimensions must be sparse Got sparse_dim: " + sparseDim()
                    + ", d0: " + d0 + ", d1: " + d1);
        }
        return swapped(d0, d1, "TransposeBackward0");
    }

    /** The tensor with sparse dims d0 and d1 exchanged: uncoalesced unless it has no entries. */
    private SparseTensor swapped(int d0, int d1, String name) {
        long[] perm = java.util.stream.LongStream.range(0, sparseDim()).toArray();
        perm[d0] = d1;
        perm[d1] = d0;
        long[] sz = size.clone();
        sz[d0] = size[d1];
        sz[d1] = size[d0];
        Tensor idx;
        try (var g = GradMode.noGrad()) {
            idx = indices.indexSelect(0, Torch.fromArray(perm).to(indices.device()));
        }
        return new SparseTensor(Layout.SPARSE_COO, sz, idx, null, null, values, coalesced && nnz() == 0, name);
    }

    /** {@code t.clone()}: the same entries, coalesced or not, in new component tensors. */
    public SparseTensor clone() {
        SparseTensor c = isCoo() ? new SparseTensor(layout, size, indices.clone(), null, null, values.clone(), coalesced, null)
                : new SparseTensor(layout, size, null, crow.clone(), col.clone(), values.clone(), true, null);
        return withName(c, "CloneBackward0");
    }

    /** {@code t * other}: the values scaled. */
    public SparseTensor mul(double other) { return withValues(values.mul(other)); }

    /** {@code t * other}: the values scaled (integer tensors stay integer). */
    public SparseTensor mul(long other) { return withValues(values.mul(other)); }

    /**
     * {@code t * other} with a dense tensor: a 0-d one scales the values (its dtype promoting theirs, as PyTorch
     * promotes); one that broadcasts to this tensor's shape multiplies each entry by its elements there (a gather),
     * so the result keeps this tensor's entries, coalesced or not. Gradients reach the values and {@code other}.
     * (PyTorch also multiplies by dense tensors of more dims or larger sizes, whose product is a larger sparse
     * tensor; torch4j refuses those.)
     */
    public SparseTensor mul(Tensor other) {
        if (other.dim() == 0) return withName(withValues(values.mul(other.to(device()))), "MulBackward0");
        requireCoo("mul");
        long[] os = other.shapeArray();
        int n = Math.max(os.length, size.length);
        boolean fits = os.length <= size.length;
        for (int i = n - 1; i >= 0; i--) { // PyTorch's broadcast message, the dense operand as tensor a
            int io = os.length - n + i, is = size.length - n + i;
            long so = io >= 0 ? os[io] : 1, ss = is >= 0 ? size[is] : 1;
            if (so != ss && so != 1 && ss != 1) {
                throw new IllegalArgumentException("The size of tensor a (" + so + ") must match the size of tensor b (" + ss
                        + ") at non-singleton dimension " + i);
            }
            if (so != ss && so != 1) fits = false;
        }
        if (!fits) {
            throw new UnsupportedOperationException("mul: torch4j multiplies a sparse tensor only by a dense one that broadcasts to "
                    + "its shape " + Shapes.str(size) + ", but got " + Shapes.str(os));
        }
        int sd = sparseDim();
        long[] sparseSizes = Arrays.copyOf(size, sd);
        long[] flat = new long[size.length - sd + 1];
        flat[0] = Coo.numel(sparseSizes);
        System.arraycopy(size, sd, flat, 1, flat.length - 1);
        Tensor lin;
        try (var g = GradMode.noGrad()) {
            lin = Coo.linear(indices, sparseSizes, java.util.stream.IntStream.range(0, sd).toArray());
        }
        Tensor picked = other.to(device()).expand(size).reshape(flat).indexSelect(0, lin);
        return withName(coo(indices, values.mul(picked), size, coalesced, null), "MulBackward0");
    }

    /**
     * {@code t * other} of two sparse tensors: the product where both have entries (the intersection of their
     * patterns), as PyTorch 1.13 computes it: the entries of one operand (the source: the uncoalesced one when only
     * one is, else the one with fewer entries, {@code other} on a tie) each paired with the entries of the other at
     * the same index (in their sorted order), so an uncoalesced operand's duplicates give one product each; the result
     * is coalesced when the source is. Both must have the same sparse dims and sizes; the dense dims broadcast; the
     * values promote to a common dtype. Gradients reach both values tensors. (PyTorch 2.x's kernel for uncoalesced
     * operands stores instead one entry per source entry, zeros where nothing matches: the dense result is the same.)
     */
    public SparseTensor mul(SparseTensor other) {
        if (!isCoo() || !other.isCoo()) {
            SparseTensor p = toSparseCoo().mul(other.toSparseCoo());
            return isCoo() ? p : withName(p.asLayoutOf(this), "MulBackward0");
        }
        int sd = sparseDim();
        if (dim() != other.dim() || sd != other.sparseDim() || !Arrays.equals(Arrays.copyOf(size, sd), Arrays.copyOf(other.size, sd))) {
            throw new IllegalArgumentException("sparse_binary_op_intersection_" + (device().isCpu() ? "cpu" : "cuda")
                    + "(): expects sparse inputs with equal dimensionality, number of sparse dimensions, and shape of sparse dimensions");
        }
        for (int i = dim() - 1; i >= sd; i--) { // the dense dims broadcast, with PyTorch's message over the whole shapes
            long sa = size[i], sb = other.size[i];
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException("The size of tensor a (" + sa + ") must match the size of tensor b (" + sb
                        + ") at non-singleton dimension " + i);
            }
        }
        DType t = Torch.promoteTypes(dtype(), other.dtype());
        Tensor ov = other.values.to(device());
        if (nnz() == 0 || other.nnz() == 0) { // no entries: the values' product shapes the empty result
            Tensor v = values.to(t).narrow(0, 0, 0).mul(ov.to(t).narrow(0, 0, 0));
            long[] sz = Arrays.copyOf(size, sd + v.dim() - 1);
            System.arraycopy(v.shapeArray(), 1, sz, sd, v.dim() - 1);
            return coo(indices.narrow(1, 0, 0), v, sz, true, "MulBackward0");
        }
        boolean sourceIsThis = coalesced != other.coalesced ? !coalesced : nnz() < other.nnz();
        SparseTensor source = sourceIsThis ? this : other, probe = sourceIsThis ? other : this;
        Tensor pairsSource, pairsProbe, idx;
        try (var g = GradMode.noGrad()) {
            int[] dims = java.util.stream.IntStream.range(0, sd).toArray();
            long[] sparseSizes = Arrays.copyOf(size, sd);
            Tensor[] pairs = Coo.matchPairs(Coo.linear(source.indices.to(device()), sparseSizes, dims),
                    Coo.linear(probe.indices.to(device()), sparseSizes, dims));
            pairsSource = pairs[0];
            pairsProbe = pairs[1];
            idx = source.indices.to(device()).indexSelect(1, pairsSource);
        }
        Tensor sv = (sourceIsThis ? values : ov).to(t).indexSelect(0, pairsSource);
        Tensor pv = (sourceIsThis ? ov : values).to(t).indexSelect(0, pairsProbe);
        Tensor v = sourceIsThis ? sv.mul(pv) : pv.mul(sv);
        long[] sz = Arrays.copyOf(size, sd + v.dim() - 1);
        System.arraycopy(v.shapeArray(), 1, sz, sd, v.dim() - 1);
        return cooFlagged(idx, v, sz, source.coalesced, "MulBackward0"); // PyTorch sets the source's flag
    }

    /**
     * {@code t / other}: the values divided (integer tensors give the default floating dtype), coalesced or not as
     * this tensor is.
     */
    public SparseTensor div(double other) { return withName(withValues(values.div(other)), "DivBackward0"); }

    /** {@code t / other} by an integer: true division, as {@link #div(double)}. */
    public SparseTensor div(long other) { return withName(withValues(values.div(other)), "DivBackward0"); }

    /**
     * {@code t / other} by a 0-d dense tensor; PyTorch refuses any other divisor (a dense tensor of more dims: "Sparse
     * division requires a scalar or zero-dim dense tensor divisor"; a sparse divisor does not compile here).
     */
    public SparseTensor div(Tensor other) { return div(other, null); }

    /**
     * {@code t.div(other, rounding_mode=roundingMode)}: {@code null} is true division ({@link #div(double)});
     * {@code "trunc"} and {@code "floor"} round each quotient, which does not distribute over duplicates, so the
     * tensor is coalesced first and the result is coalesced.
     */
    public SparseTensor div(double other, String roundingMode) {
        if (roundingMode == null) return div(other);
        DType t = values.dtype().isFloatingPoint() ? values.dtype() : Torch.getDefaultDtype(); // a Python float's promotion
        return div(Torch.full(new long[0], other, Torch.dtype(t).device(device())), roundingMode);
    }

    /** {@code t.div(other, rounding_mode=roundingMode)} by an integer (integer tensors stay integer when rounded). */
    public SparseTensor div(long other, String roundingMode) {
        if (roundingMode == null) return div(other);
        return div(Torch.full(new long[0], other, Torch.dtype(DType.INT64).device(device())), roundingMode);
    }

    /** {@code t.div(other, rounding_mode=roundingMode)} by a 0-d dense tensor; see {@link #div(double, String)}. */
    public SparseTensor div(Tensor other, String roundingMode) {
        if (other.dim() != 0) {
            throw new IllegalArgumentException("Sparse division requires a scalar or zero-dim dense tensor divisor (got shape "
                    + Shapes.str(other.shapeArray()) + " for divisor)");
        }
        if (roundingMode == null) return withName(withValues(values.div(other.to(device()))), "DivBackward0");
        if (!roundingMode.equals("trunc") && !roundingMode.equals("floor")) {
            throw new IllegalArgumentException("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '"
                    + roundingMode + "'");
        }
        if (!isCoo()) return withName(withValues(values.div(other.to(device()), roundingMode)), "DivBackward2");
        SparseTensor c = coalesce();
        return withName(coo(c.indices, c.values.div(other.to(device()), roundingMode), size, true, null), "DivBackward2");
    }

    /**
     * {@code t.pow(exponent)}: each value raised (the tensor coalesced first: powers do not distribute over
     * duplicates), so the result is coalesced. PyTorch refuses the exponent 0, which would make every unspecified
     * element 1.
     */
    public SparseTensor pow(double exponent) {
        if (exponent == 0) throw zerothPower();
        return coalescedUnary(v -> v.pow(exponent), "PowBackward0");
    }

    /** {@code t.pow(exponent)} with an integer exponent (integer tensors stay integer); see {@link #pow(double)}. */
    public SparseTensor pow(long exponent) {
        if (exponent == 0) throw zerothPower();
        return coalescedUnary(v -> v.pow(exponent), "PowBackward0");
    }

    private static IllegalArgumentException zerothPower() {
        return new IllegalArgumentException("pow: cannot raise to zeroth power on sparse tensor; it would make the result tensor dense");
    }

    /** {@code -t}. */
    public SparseTensor neg() { return withValues(values.neg()); }

    /** {@code t.deg2rad()}: linear, so the entries stay as they are (coalesced or not). */
    public SparseTensor deg2rad() { return withName(withValues(values.deg2rad()), "Deg2RadBackward0"); }

    /** {@code t.rad2deg()}: linear, so the entries stay as they are (coalesced or not). */
    public SparseTensor rad2deg() { return withName(withValues(values.rad2deg()), "Rad2DegBackward0"); }

    // Zero-preserving unary ops PyTorch has for sparse COO tensors: each coalesces first (the op does not distribute
    // over duplicates) and maps the values, so the result is coalesced.

    /** {@code t.abs()}. */
    public SparseTensor abs() { return coalescedUnary(Tensor::abs, "AbsBackward0"); }
    /** {@code t.sqrt()}. */
    public SparseTensor sqrt() { return coalescedUnary(Tensor::sqrt, "SqrtBackward0"); }
    /** {@code t.square()}. */
    public SparseTensor square() { return coalescedUnary(Tensor::square, "PowBackward0"); }
    /** {@code t.sin()}. */
    public SparseTensor sin() { return coalescedUnary(Tensor::sin, "SinBackward0"); }
    /** {@code t.tan()}. */
    public SparseTensor tan() { return coalescedUnary(Tensor::tan, "TanBackward0"); }
    /** {@code t.sinh()}. */
    public SparseTensor sinh() { return coalescedUnary(Tensor::sinh, "SinhBackward0"); }
    /** {@code t.tanh()}. */
    public SparseTensor tanh() { return coalescedUnary(Tensor::tanh, "TanhBackward0"); }
    /** {@code t.asin()}. */
    public SparseTensor asin() { return coalescedUnary(Tensor::asin, "AsinBackward0"); }
    /** {@code t.asinh()}. */
    public SparseTensor asinh() { return coalescedUnary(Tensor::asinh, "AsinhBackward0"); }
    /** {@code t.atan()}. */
    public SparseTensor atan() { return coalescedUnary(Tensor::atan, "AtanBackward0"); }
    /** {@code t.atanh()}. */
    public SparseTensor atanh() { return coalescedUnary(Tensor::atanh, "AtanhBackward0"); }
    /** {@code t.expm1()}. */
    public SparseTensor expm1() { return coalescedUnary(Tensor::expm1, "Expm1Backward0"); }
    /** {@code t.log1p()}. */
    public SparseTensor log1p() { return coalescedUnary(Tensor::log1p, "Log1PBackward0"); }
    /** {@code t.erf()}. */
    public SparseTensor erf() { return coalescedUnary(Tensor::erf, "ErfBackward0"); }
    /** {@code t.erfinv()}. */
    public SparseTensor erfinv() { return coalescedUnary(Tensor::erfinv, "ErfinvBackward0"); }
    /** {@code t.ceil()}. */
    public SparseTensor ceil() { return coalescedUnary(Tensor::ceil, "CeilBackward0"); }
    /** {@code t.floor()}. */
    public SparseTensor floor() { return coalescedUnary(Tensor::floor, "FloorBackward0"); }
    /** {@code t.round()}. */
    public SparseTensor round() { return coalescedUnary(Tensor::round, "RoundBackward0"); }
    /** {@code t.trunc()}. */
    public SparseTensor trunc() { return coalescedUnary(Tensor::trunc, "TruncBackward0"); }
    /** {@code t.sign()}. */
    public SparseTensor sign() { return coalescedUnary(Tensor::sign, "SignBackward0"); }
    /** {@code t.sgn()}. */
    public SparseTensor sgn() { return coalescedUnary(Tensor::sgn, "SgnBackward0"); }
    /** {@code t.nan_to_num()}: NaN to 0, infinities to the dtype's extremes. */
    public SparseTensor nanToNum() { return coalescedUnary(Tensor::nanToNum, "NanToNumBackward0"); }
    /** {@code t.nan_to_num(nan, posinf, neginf)} (a null bound: the dtype's extreme). */
    public SparseTensor nanToNum(double nan, Double posinf, Double neginf) {
        return coalescedUnary(v -> v.nanToNum(nan, posinf, neginf), "NanToNumBackward0");
    }
    /** {@code t.signbit()}: a bool tensor. */
    public SparseTensor signbit() { return coalescedUnary(Tensor::signbit, null); }
    /** {@code t.isnan()}: a bool tensor. */
    public SparseTensor isnan() { return coalescedUnary(Tensor::isnan, null); }
    /** {@code t.isinf()}: a bool tensor. */
    public SparseTensor isinf() { return coalescedUnary(Tensor::isinf, null); }
    /** {@code t.isposinf()}: a bool tensor. */
    public SparseTensor isposinf() { return coalescedUnary(Tensor::isposinf, null); }
    /** {@code t.isneginf()}: a bool tensor. */
    public SparseTensor isneginf() { return coalescedUnary(Tensor::isneginf, null); }

    /**
     * The coalesced tensor with {@code op} applied to its values; PyTorch's node {@code name}. A CSR/CSC tensor has no
     * duplicates: its values are mapped in place of the pattern.
     */
    private SparseTensor coalescedUnary(java.util.function.UnaryOperator<Tensor> op, String name) {
        if (!isCoo()) {
            SparseTensor r = compressed(layout, crow, col, op.apply(values), size, null);
            return name == null ? r : withName(r, name);
        }
        SparseTensor c = coalesce();
        SparseTensor r = coo(c.indices, op.apply(c.values), size, true, null);
        return name == null ? r : withName(r, name);
    }

    /** The same pattern with new values (grad_fn named by the values' own node). */
    private SparseTensor withValues(Tensor v) {
        return isCoo() ? coo(indices, v, size, coalesced, null) : compressed(layout, crow, col, v, size, null);
    }

    /**
     * {@code t.index_select(dim, index)}: along a sparse dim, every entry whose index there is in {@code index}, once
     * for each position of {@code index} that names it (that position is its new index there; negative positions
     * count from the end); along a dense dim, the values' slices. {@code index} is a 1-D int64 tensor. The entries come
     * in the order of PyTorch's CPU kernel for small inputs (grouped by position of {@code index} when the tensor has
     * at least as many entries as {@code index} has elements, else grouped by entry) and the result is uncoalesced
     * unless it has fewer than two entries. Gradients reach the values.
     */
    public SparseTensor indexSelect(long dim, Tensor index) {
        requireCoo("index_select");
        if (index.dim() != 1 || index.dtype() != DType.INT64) {
            throw new IndexOutOfBoundsException("index_select() argument index must be 1-D strided (non-sparse) long-tensor.");
        }
        int d = dev.torch4j.core.Shapes.wrapDim(dim, dim());
        int sd = sparseDim();
        long[] sz = size.clone();
        sz[d] = index.size(0);
        Tensor idx = index.to(device());
        if (d >= sd) return withName(coo(indices, values.indexSelect(d - sd + 1, idx), sz, false, null), "IndexSelectBackward0");
        Tensor selected, newIndices;
        try (var g = GradMode.noGrad()) {
            if (index.numel() > 0) {
                long lo = idx.min().itemLong(), hi = idx.max().itemLong();
                long bad = lo < -size[d] ? lo : hi >= size[d] ? hi : Long.MIN_VALUE;
                if (bad != Long.MIN_VALUE) {
                    throw new IndexOutOfBoundsException("index_select(): index contains " + bad + " that is out of range for tensor of size "
                            + Shapes.str(size) + " at dimension " + d);
                }
                idx = idx.add(idx.lt(0).to(DType.INT64).mul(size[d]));
            }
            Tensor dimIdx = indices.select(0, d);
            Tensor[] pairs;
            if (nnz() >= index.numel()) { // PyTorch's brute force with the entries in the inner loop
                Tensor[] p = Coo.matchPairs(idx, dimIdx);
                pairs = new Tensor[] {p[1], p[0]};
            } else {
                pairs = Coo.matchPairs(dimIdx, idx);
            }
            selected = pairs[0];
            newIndices = indices.indexSelect(1, selected);
            newIndices = newIndices.indexCopy(0, Torch.fromArray(new long[] {d}).to(device()), pairs[1].unsqueeze(0));
        }
        return withName(coo(newIndices, values.indexSelect(0, selected), sz, false, null), "IndexSelectBackward0");
    }

    /**
     * {@code t.narrow_copy(dim, start, length)}: the entries whose index along {@code dim} lies in
     * {@code [start, start + length)} (shifted by {@code -start}), in their order, coalesced as this tensor is; along a
     * dense dim, the values narrowed. {@code dim} and {@code start} are not wrapped, as in PyTorch's sparse kernel.
     * Gradients reach the values (PyTorch 1.13 has no derivative for it: its result prints {@code NotImplemented}).
     */
    public SparseTensor narrowCopy(long dim, long start, long length) {
        requireCoo("narrow_copy");
        if (dim() == 0) throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
        if (dim < 0 || dim >= dim()) {
            throw new IllegalArgumentException("Dimension " + dim + " out of range. Expecting 0 <= dim < " + dim() + ".");
        }
        int d = (int) dim;
        if (start < 0 || length < 0 || start + length > size[d]) {
            throw new IllegalArgumentException("Invalid range to narrow. range(start, start+length) must be a subset of range(0, "
                    + size[d] + ").");
        }
        long[] sz = size.clone();
        sz[d] = length;
        int sd = sparseDim();
        if (d >= sd) {
            return cooFlagged(indices, values.narrow(d - sd + 1, start, length).contiguous(), sz, coalesced, "NotImplemented");
        }
        Tensor keep, newIndices;
        try (var g = GradMode.noGrad()) {
            Tensor row = indices.select(0, d);
            keep = row.ge(start).logicalAnd(row.lt(start + length)).nonzero().reshape(-1);
            newIndices = indices.indexSelect(1, keep);
            Tensor shift = Torch.zeros(Size.of(sd, 1), Torch.dtype(DType.INT64).device(device()));
            shift = shift.indexFill(0, Torch.fromArray(new long[] {d}).to(device()), start);
            newIndices = newIndices.sub(shift);
        }
        return cooFlagged(newIndices, values.indexSelect(0, keep), sz, coalesced, "NotImplemented"); // PyTorch sets self's flag
    }

    /**
     * {@code t + other} of two sparse tensors of one size: the entries of both (values promoted to a common
     * dtype), coalesced when both inputs are. (PyTorch's CPU kernel also merges equal indices of uncoalesced
     * inputs; here they stay apart until {@link #coalesce()}, as on CUDA. The dense values agree.)
     */
    public SparseTensor add(SparseTensor other) { return add(other, 1, "AddBackward0"); }

    /**
     * {@code t.add(other, alpha=alpha)}: {@code t + alpha * other}; a whole-valued alpha counts as an integer (an
     * integer result refuses any other, as PyTorch does).
     */
    public SparseTensor add(SparseTensor other, double alpha) { return add(other, alpha, "AddBackward0"); }

    /** {@code t - other}: see {@link #add(SparseTensor)}; PyTorch refuses bool operands. */
    public SparseTensor sub(SparseTensor other) { return sub(other, 1); }

    /** {@code t.sub(other, alpha=alpha)}: {@code t - alpha * other}; see {@link #add(SparseTensor, double)}. */
    public SparseTensor sub(SparseTensor other, double alpha) {
        if (dtype() == DType.BOOL && other.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. "
                    + "Use the `^` or `logical_xor()` operator instead.");
        }
        if (dtype() == DType.BOOL || other.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with a bool tensor is not supported. "
                    + "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
        }
        return add(other, -alpha, "SubBackward0");
    }

    private SparseTensor add(SparseTensor other, double alpha, String name) {
        DType t = Torch.promoteTypes(dtype(), other.dtype());
        if (alpha != 1 && !t.isFloatingPoint() && t != DType.BOOL && alpha != Math.rint(alpha)) {
            throw new IllegalArgumentException("For integral input tensors, argument alpha must not be a floating point number.");
        }
        if (!Arrays.equals(size, other.size)) {
            throw new IllegalArgumentException("add: expected sizes of 'self' and 'other' to match, but "
                    + Arrays.toString(size) + " != " + Arrays.toString(other.size));
        }
        if (!isCoo() || !other.isCoo()) return withName(toSparseCoo().add(other.toSparseCoo(), alpha, name).asLayoutOf(this), name);
        Tensor ov = other.values.to(device(), t);
        if (alpha != 1) ov = t.isFloatingPoint() ? ov.mul(alpha) : ov.mul((long) alpha);
        // PyTorch copies the other operand when one has no entries (before comparing the sparse dims); the result
        // still depends on both (it requires grad when either does)
        if (other.nnz() == 0) return withName(coo(indices, withHistory(values.to(t), ov), size, coalesced, null), name);
        if (nnz() == 0) return withName(coo(other.indices.to(device()), withHistory(ov, values.to(t)), size, other.coalesced, null), name);
        if (sparseDim() != other.sparseDim()) {
            throw new IllegalArgumentException("add: expected 'self' and 'other' to have same density, but 'self' has " + sparseDim()
                    + " sparse dimensions while 'other' has " + other.sparseDim() + " sparse dimensions");
        }
        Tensor idx = Torch.cat(new Tensor[] {indices, other.indices.to(device())}, 1);
        Tensor v = Torch.cat(new Tensor[] {values.to(t), ov}, 0);
        SparseTensor sum = coo(idx, v, size, false, name);
        return coalesced && other.coalesced ? withName(sum.coalesce(false), name) : sum;
    }

    /** {@code v} unchanged, with {@code empty}'s (an operand without elements) history joined to its own. */
    private static Tensor withHistory(Tensor v, Tensor empty) {
        if (!empty.requiresGrad() || !dev.torch4j.autograd.GradMode.isEnabled()) return v;
        return Torch.cat(new Tensor[] {v.reshape(-1), empty.reshape(-1).narrow(0, 0, 0)}, 0).reshape(v.shapeArray());
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
                : compressed(layout, move.apply(crow), move.apply(col), move.apply(values), size, null);
    }

    /** {@code t.cpu()}. */
    public SparseTensor cpu() { return to(Device.CPU); }

    /** {@code torch.sparse.mm(t, dense)}; see {@link Sparse#mm(SparseTensor, Tensor)}. */
    public Tensor mm(Tensor dense) { return Sparse.mm(this, dense); }

    /** {@code torch.sparse.mm(t, other)} of two sparse matrices, a sparse product; see {@link Sparse#mm(SparseTensor, SparseTensor)}. */
    public SparseTensor mm(SparseTensor other) { return Sparse.mm(this, other); }

    /** {@code t.mv(vec)}; see {@link Sparse#mv}. */
    public Tensor mv(Tensor vec) { return Sparse.mv(this, vec); }

    /** {@code t @ dense}; see {@link Sparse#matmul}. */
    public Tensor matmul(Tensor dense) { return Sparse.matmul(this, dense); }

    /** {@code t @ other} of two sparse matrices; see {@link Sparse#mm(SparseTensor, SparseTensor)}. */
    public SparseTensor matmul(SparseTensor other) { return Sparse.mm(this, other); }

    /** {@code t.bmm(dense)}; see {@link Sparse#bmm}. */
    public Tensor bmm(Tensor dense) { return Sparse.bmm(this, dense); }

    /** What PyTorch prints for this sparse tensor (its indices, values, size, nnz and layout). */
    @Override
    public String toString() {
        String name = null;
        if (values.requiresGrad()) name = gradFnName != null ? gradFnName : values.gradFn() != null ? values.gradFn().name() : null;
        if (isCoo()) {
            return TensorPrinter.reprSparse(layout.toString(), true, size, nnz(), new String[] {"indices", "values"},
                    new Tensor[] {indices, values}, name, values.requiresGrad());
        }
        String[] names = layout == Layout.SPARSE_CSC ? new String[] {"ccol_indices", "row_indices", "values"}
                : new String[] {"crow_indices", "col_indices", "values"};
        return TensorPrinter.reprSparse(layout.toString(), false, size, nnz(), names, new Tensor[] {crow, col, values}, name,
                values.requiresGrad());
    }
}
