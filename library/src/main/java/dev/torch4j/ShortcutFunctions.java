package dev.torch4j;

import dev.torch4j.ops.LegacyLinalg;
import dev.torch4j.ops.NumericShortcuts;
import dev.torch4j.ops.Scatters;
import dev.torch4j.ops.ShapeShortcuts;

import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.*} functions that are short forms or simple compositions of other ops, inherited by {@link Torch}
 * through {@link ComposedFunctions}.
 */
abstract class ShortcutFunctions extends WindowFunctions {
    ShortcutFunctions() {}

    // ---------------------------------------------------------------- joining and splitting

    /** {@code torch.column_stack(tensors)}: 0-d and 1-d tensors as columns, then {@code hstack}. */
    public static Tensor columnStack(Tensor... tensors) { return ShapeShortcuts.columnStack(Arrays.asList(tensors)); }

    /** {@code torch.row_stack(tensors)}: {@code vstack}. */
    public static Tensor rowStack(Tensor... tensors) { return dev.torch4j.ops.Joining.vstack(Arrays.asList(tensors)); }

    /** {@code torch.concatenate(tensors, dim)}: {@code cat} (NumPy's name). */
    public static Tensor concatenate(Tensor[] tensors, long dim) { return dev.torch4j.ops.Joining.cat(Arrays.asList(tensors), dim); }

    /** {@code torch.concatenate(tensors, dim)} of a list. */
    public static Tensor concatenate(List<Tensor> tensors, long dim) { return dev.torch4j.ops.Joining.cat(tensors, dim); }

    /** {@code torch.hsplit(t, sections)}: {@code tensor_split} along dim 1 (dim 0 of a 1-d tensor) into equal parts. */
    public static Tensor[] hsplit(Tensor t, long sections) { return t.hsplit(sections); }

    /** {@code torch.hsplit(t, indices)}: split before each index. */
    public static Tensor[] hsplit(Tensor t, long[] indices) { return t.hsplit(indices); }

    /** {@code torch.vsplit(t, sections)}: along dim 0 (at least 2-d). */
    public static Tensor[] vsplit(Tensor t, long sections) { return t.vsplit(sections); }

    /** {@code torch.vsplit(t, indices)}. */
    public static Tensor[] vsplit(Tensor t, long[] indices) { return t.vsplit(indices); }

    /** {@code torch.dsplit(t, sections)}: along dim 2 (at least 3-d). */
    public static Tensor[] dsplit(Tensor t, long sections) { return t.dsplit(sections); }

    /** {@code torch.dsplit(t, indices)}. */
    public static Tensor[] dsplit(Tensor t, long[] indices) { return t.dsplit(indices); }

    /** {@code torch.combinations(t)}: pairs without replacement. */
    public static Tensor combinations(Tensor t) { return ShapeShortcuts.combinations(t, 2, false); }

    /** {@code torch.combinations(t, r)}. */
    public static Tensor combinations(Tensor t, long r) { return ShapeShortcuts.combinations(t, r, false); }

    /** {@code torch.combinations(t, r, with_replacement)}: itertools' combinations as the rows of a tensor. */
    public static Tensor combinations(Tensor t, long r, boolean withReplacement) { return ShapeShortcuts.combinations(t, r, withReplacement); }

    /** {@code torch.diagonal_scatter(input, src)}: input with its main diagonal replaced by src. */
    public static Tensor diagonalScatter(Tensor input, Tensor src) { return input.diagonalScatter(src); }

    /** {@code torch.diagonal_scatter(input, src, offset, dim1, dim2)}. */
    public static Tensor diagonalScatter(Tensor input, Tensor src, long offset, long dim1, long dim2) {
        return Scatters.diagonalScatter(input, src, offset, dim1, dim2);
    }

    /** {@code torch.select_scatter(input, src, dim, index)}. */
    public static Tensor selectScatter(Tensor input, Tensor src, long dim, long index) { return input.selectScatter(src, dim, index); }

    /** {@code torch.slice_scatter(input, src, dim, start, end, step)} (null start/end: the dim's ends). */
    public static Tensor sliceScatter(Tensor input, Tensor src, long dim, Long start, Long end, long step) {
        return input.sliceScatter(src, dim, start, end, step);
    }

    // ---------------------------------------------------------------- linear algebra

    /** {@code torch.svd(A)}: {@code {U, S, V}} of the reduced SVD ({@code A = U diag(S) V^H}; V, not Vh). */
    public static Tensor[] svd(Tensor a) { return LegacyLinalg.svd(a, true, true); }

    /** {@code torch.svd(A, some)}: full U and V when some is false. */
    public static Tensor[] svd(Tensor a, boolean some) { return LegacyLinalg.svd(a, some, true); }

    /** {@code torch.svd(A, some, compute_uv)}: without U and V they are zero-filled (m x m and n x n). */
    public static Tensor[] svd(Tensor a, boolean some, boolean computeUv) { return LegacyLinalg.svd(a, some, computeUv); }

    /** {@code torch.qr(A)}: {@code {Q, R}}, reduced. */
    public static Tensor[] qr(Tensor a) { return LegacyLinalg.qr(a, true); }

    /** {@code torch.qr(A, some)}: complete when some is false. */
    public static Tensor[] qr(Tensor a, boolean some) { return LegacyLinalg.qr(a, some); }

    /** {@code torch.cholesky(A)}: {@code linalg.cholesky(A)}, the lower factor. */
    public static Tensor cholesky(Tensor a) { return Linalg.get().cholesky(a, false); }

    /** {@code torch.cholesky(A, upper)}. */
    public static Tensor cholesky(Tensor a, boolean upper) { return Linalg.get().cholesky(a, upper); }

    /** {@code torch.slogdet(A)}: {@code {sign, logabsdet}}. */
    public static Tensor[] slogdet(Tensor a) {
        Linalg.Slogdet r = Linalg.get().slogdet(a);
        return new Tensor[] {r.sign(), r.logabsdet()};
    }

    /** {@code torch.lu(A)}: {@code {LU, pivots}} ({@code linalg.lu_factor}). */
    public static Tensor[] lu(Tensor a) { return LegacyLinalg.lu(a, true, false); }

    /** {@code torch.lu(A, pivot, get_infos)}: with get_infos a third tensor, 0 where the factor is not singular. */
    public static Tensor[] lu(Tensor a, boolean pivot, boolean getInfos) { return LegacyLinalg.lu(a, pivot, getInfos); }

    /** {@code torch.lu_solve(B, LU, pivots)}: B first, unlike {@code linalg.lu_solve}. */
    public static Tensor luSolve(Tensor b, Tensor lu, Tensor pivots) { return LegacyLinalg.luSolve(b, lu, pivots); }

    /** {@code torch.lu_unpack(LU, pivots)}: {@code {P, L, U}} with {@code A = P @ L @ U}. */
    public static Tensor[] luUnpack(Tensor lu, Tensor pivots) { return LegacyLinalg.luUnpack(lu, pivots, true, true); }

    /** {@code torch.lu_unpack(LU, pivots, unpack_data, unpack_pivots)}: what is not unpacked is empty. */
    public static Tensor[] luUnpack(Tensor lu, Tensor pivots, boolean unpackData, boolean unpackPivots) {
        return LegacyLinalg.luUnpack(lu, pivots, unpackData, unpackPivots);
    }

    /**
     * {@code torch.range(start, end)}: {@code start, start + 1, ...} up to and including end, in the default float
     * dtype (deprecated in PyTorch for {@code arange}, which excludes the end).
     */
    public static Tensor range(double start, double end) { return range(start, end, 1); }

    /** {@code torch.range(start, end, step)}: {@code floor((end - start) / step) + 1} values. */
    public static Tensor range(double start, double end, double step) {
        if (step == 0) throw new IllegalArgumentException("step must be nonzero");
        if ((step > 0 && end < start) || (step < 0 && end > start)) {
            throw new IllegalArgumentException("upper bound and lower bound inconsistent with step sign");
        }
        long n = (long) Math.floor((end - start) / step) + 1;
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = start + i * step;
        return Torch.fromArray(v).to(Torch.getDefaultDtype());
    }

    /** {@code torch.as_tensor(data)}: a tensor is returned as it is; other data as {@code torch.tensor(data)}. */
    public static Tensor asTensor(Object data) { return data instanceof Tensor t ? t : Torch.tensor(data); }

    /** {@code torch.as_tensor(data, dtype=, device=)}: converted only where the options ask. */
    public static Tensor asTensor(Object data, TensorOptions options) {
        if (!(data instanceof Tensor t)) return Torch.tensor(data, options);
        Tensor r = options.device() != null ? t.to(options.device()) : t;
        return options.dtype() != null ? r.to(options.dtype()) : r;
    }

    /** {@code torch.nuclear_norm(A)}: the sum of A's singular values ({@code linalg.matrix_norm(A, "nuc")}). */
    public static Tensor nuclearNorm(Tensor a) { return Linalg.get().matrixNorm(a, "nuc"); }

    /**
     * {@code torch.histogramdd(input, bins)}: a histogram of the rows of input's last dim (D coordinates), with
     * {@code bins[d]} equal bins per dim over the data's range: {@code {hist, edges_0, ..., edges_D-1}}.
     */
    public static Tensor[] histogramdd(Tensor input, long[] bins) { return dev.torch4j.ops.Histogramdd.histogramdd(input, bins, null, null, false); }

    /** {@code torch.histogramdd(input, bins, range=[lo0, hi0, ...], weight=, density=)}; null range and weight for none. */
    public static Tensor[] histogramdd(Tensor input, long[] bins, double[] range, Tensor weight, boolean density) {
        return dev.torch4j.ops.Histogramdd.histogramdd(input, bins, range, weight, density);
    }

    /** {@code torch.histogramdd(input, bins=[edges...], weight=, density=)}: bins given by their edges per dim. */
    public static Tensor[] histogramdd(Tensor input, Tensor[] bins, Tensor weight, boolean density) {
        return dev.torch4j.ops.Histogramdd.histogramdd(input, bins, weight, density);
    }

    /** {@code torch.svd_lowrank(A)}: {@code {U, S, V}} of rank 6 by the randomized SVD (two subspace iterations). */
    public static Tensor[] svdLowrank(Tensor a) { return dev.torch4j.ops.LowRank.svdLowrank(a, 6, 2, null); }

    /** {@code torch.svd_lowrank(A, q, niter, M)}: of rank q, approximating {@code A - M} (M null: none). */
    public static Tensor[] svdLowrank(Tensor a, long q, int niter, Tensor m) { return dev.torch4j.ops.LowRank.svdLowrank(a, q, niter, m); }

    /** {@code torch.pca_lowrank(A)}: the rank min(6, m, n) SVD of A centred on its column means. */
    public static Tensor[] pcaLowrank(Tensor a) { return dev.torch4j.ops.LowRank.pcaLowrank(a, null, true, 2); }

    /** {@code torch.pca_lowrank(A, q, center, niter)}; a null q means min(6, m, n). */
    public static Tensor[] pcaLowrank(Tensor a, Long q, boolean center, int niter) { return dev.torch4j.ops.LowRank.pcaLowrank(a, q, center, niter); }

    /** {@code torch.geqrf(A)}: {@code {a, tau}}, LAPACK's compact QR (R above the diagonal, reflectors below). */
    public static Tensor[] geqrf(Tensor a) { return LegacyLinalg.geqrf(a); }

    /** {@code torch.orgqr(A, tau)}: the Q of geqrf's reflectors, {@code linalg.householder_product}. */
    public static Tensor orgqr(Tensor a, Tensor tau) { return LegacyLinalg.orgqr(a, tau); }

    /** {@code torch.ormqr(A, tau, C)}: {@code Q @ C} for the Q of geqrf's reflectors. */
    public static Tensor ormqr(Tensor a, Tensor tau, Tensor c) { return LegacyLinalg.ormqr(a, tau, c, true, false); }

    /** {@code torch.ormqr(A, tau, C, left, transpose)}: Q or Q^T, from the left or the right. */
    public static Tensor ormqr(Tensor a, Tensor tau, Tensor c, boolean left, boolean transpose) {
        return LegacyLinalg.ormqr(a, tau, c, left, transpose);
    }

    /** {@code torch.triangular_solve(B, A)}: {@code {X, A.clone()}} with A upper triangular. */
    public static Tensor[] triangularSolve(Tensor b, Tensor a) { return LegacyLinalg.triangularSolve(b, a, true, false, false); }

    /** {@code torch.triangular_solve(B, A, upper, transpose, unitriangular)}: solves {@code op(A) X = B}. */
    public static Tensor[] triangularSolve(Tensor b, Tensor a, boolean upper, boolean transpose, boolean unitriangular) {
        return LegacyLinalg.triangularSolve(b, a, upper, transpose, unitriangular);
    }

    /** {@code torch.cross(a, b)}: along the first dim of size 3 (deprecated in PyTorch 2.x, which warns once). */
    public static Tensor cross(Tensor a, Tensor b) { return a.cross(b); }

    /** {@code torch.cross(a, b, dim)}: {@code linalg.cross}. */
    public static Tensor cross(Tensor a, Tensor b, long dim) { return a.cross(b, dim); }

    /** {@code torch.chain_matmul(*matrices)}: the product of 2-d matrices, {@code linalg.multi_dot}. */
    public static Tensor chainMatmul(Tensor... matrices) { return ShapeShortcuts.chainMatmul(Arrays.asList(matrices)); }

    /** {@code torch.ger(vec1, vec2)}: {@code outer}. */
    public static Tensor ger(Tensor vec1, Tensor vec2) { return vec1.outer(vec2); }

    /** {@code torch.dist(a, b)}: the 2-norm of {@code a - b}. */
    public static Tensor dist(Tensor a, Tensor b) { return a.dist(b); }

    /** {@code torch.dist(a, b, p)}: the p-norm of {@code a - b}. */
    public static Tensor dist(Tensor a, Tensor b, double p) { return a.dist(b, p); }

    // ---------------------------------------------------------------- creation

    /** {@code torch.logspace(start, end, steps)}: {@code 10^x} for x evenly spaced, default dtype. */
    public static Tensor logspace(double start, double end, long steps) { return logspace(start, end, steps, 10, TensorOptions.DEFAULT); }

    /** {@code torch.logspace(start, end, steps, base)}. */
    public static Tensor logspace(double start, double end, long steps, double base) { return logspace(start, end, steps, base, TensorOptions.DEFAULT); }

    /** {@code torch.logspace(start, end, steps, base, dtype=..., device=...)}. */
    public static Tensor logspace(double start, double end, long steps, double base, TensorOptions o) {
        Tensor r = ShapeShortcuts.logspace(start, end, steps, base, o.dtypeOr(dev.torch4j.core.Defaults.floatDType()), o.deviceOrCpu());
        return o.requiresGrad() ? r.requiresGrad_(true) : r;
    }

    /** {@code torch.scalar_tensor(value)}: a 0-d tensor of the default float dtype. */
    public static Tensor scalarTensor(double value) { return scalarTensor(value, TensorOptions.DEFAULT); }

    /** {@code torch.scalar_tensor(value, dtype=..., device=...)}. */
    public static Tensor scalarTensor(double value, TensorOptions o) { return Torch.full(new long[0], value, o); }

    /** {@code torch.empty_strided(size, stride)}: a tensor with the given layout (zero-filled here). */
    public static Tensor emptyStrided(long[] size, long[] stride) { return emptyStrided(size, stride, TensorOptions.DEFAULT); }

    /** {@code torch.empty_strided(size, stride, dtype=..., device=...)}. */
    public static Tensor emptyStrided(long[] size, long[] stride, TensorOptions o) {
        if (size.length != stride.length) throw new IllegalArgumentException("mismatch in length of strides and shape");
        long extent = 1;
        for (int i = 0; i < size.length; i++) {
            if (size[i] == 0) extent = 0;
            if (extent > 0) extent += (size[i] - 1) * stride[i];
        }
        Tensor buf = Torch.zeros(Size.of(extent), TensorOptions.DEFAULT.dtype(o.dtypeOr(dev.torch4j.core.Defaults.floatDType()))
                .device(o.deviceOrCpu()));
        Tensor r = buf.restride(size, stride, 0);
        return o.requiresGrad() ? r.requiresGrad_(true) : r;
    }

    /** {@code torch.broadcast_shapes(*shapes)}: the shape the shapes broadcast to. */
    public static Size broadcastShapes(long[]... shapes) { return Size.of(ShapeShortcuts.broadcastShapes(shapes)); }

    // ---------------------------------------------------------------- numeric functions

    /** {@code torch.isin(elements, test_elements)}: whether each element occurs in test_elements. */
    public static Tensor isin(Tensor elements, Tensor testElements) { return NumericShortcuts.isin(elements, testElements, false, false); }

    /** {@code torch.isin(elements, test_elements, assume_unique, invert)}. */
    public static Tensor isin(Tensor elements, Tensor testElements, boolean assumeUnique, boolean invert) {
        return NumericShortcuts.isin(elements, testElements, assumeUnique, invert);
    }

    /** {@code torch.isin(elements, test_element)} with one number. */
    public static Tensor isin(Tensor elements, double testElement) { return elements.eq(testElement); }

    /** {@code torch.isreal(t)}. */
    public static Tensor isreal(Tensor t) { return t.isreal(); }

    /** {@code torch.frexp(t)}: {mantissa, exponent (int32)} with {@code t = mantissa * 2^exponent}, |mantissa| in [0.5, 1). */
    public static Tensor[] frexp(Tensor t) { return t.frexp(); }

    /** {@code torch.ldexp(t, other)}: {@code t * 2^other}. */
    public static Tensor ldexp(Tensor t, Tensor other) { return t.ldexp(other); }

    /** {@code torch.nextafter(a, b)}: the next floating-point value after a towards b (float32, float64). */
    public static Tensor nextafter(Tensor a, Tensor b) { return a.nextafter(b); }

    /** {@code torch.gradient(t)}: the derivative estimate along every dim, unit spacing, edge order 1. */
    public static Tensor[] gradient(Tensor t) { return gradient(t, 1.0, null, 1); }

    /** {@code torch.gradient(t, spacing=h, dim=dims, edge_order=k)} (null dims: every dim). */
    public static Tensor[] gradient(Tensor t, double spacing, long[] dims, int edgeOrder) {
        double[] h = new double[dims == null ? t.dim() : dims.length];
        Arrays.fill(h, spacing);
        return NumericShortcuts.gradient(t, h, dims, edgeOrder);
    }

    /** {@code torch.gradient(t, spacing=[h0, h1, ...], dim=dims, edge_order=k)}: one spacing per dim. */
    public static Tensor[] gradient(Tensor t, double[] spacing, long[] dims, int edgeOrder) {
        return NumericShortcuts.gradient(t, spacing, dims, edgeOrder);
    }

    /** {@code torch.gradient(t, spacing=(x0, x1, ...), dim=dims, edge_order=k)}: sample coordinates per dim. */
    public static Tensor[] gradient(Tensor t, Tensor[] coordinates, long[] dims, int edgeOrder) {
        return NumericShortcuts.gradient(t, coordinates, dims, edgeOrder);
    }

    /** {@code torch.histogram(input, bins)}: {hist, bin_edges} over the data's range. */
    public static Tensor[] histogram(Tensor input, long bins) { return NumericShortcuts.histogram(input, bins, null, null, false); }

    /**
     * {@code torch.histogram(input, bins, range=range, weight=weight, density=density)} (null range: the data's;
     * null weight: counts).
     */
    public static Tensor[] histogram(Tensor input, long bins, double[] range, Tensor weight, boolean density) {
        return NumericShortcuts.histogram(input, bins, range, weight, density);
    }

    /** {@code torch.histogram(input, bins=edges, weight=weight, density=density)}: bins given by their edges. */
    public static Tensor[] histogram(Tensor input, Tensor bins, Tensor weight, boolean density) {
        return NumericShortcuts.histogram(input, bins, weight, density);
    }

    /**
     * {@code torch.bernoulli(p)}: 1 with probability p, elementwise, in p's dtype; on the CPU the same numbers as
     * PyTorch after the same {@code manual_seed}.
     */
    /**
     * {@code torch.poisson(rate)}: one Poisson draw per rate, in the rate's dtype, from the default CPU generator
     * (PyTorch's CPU values after the same seed, whatever the rate's device); the gradient is zero, as PyTorch's.
     */
    public static Tensor poisson(Tensor rate) { return dev.torch4j.distributions.RandomDraws.poisson(rate, Generator.defaultGenerator()); }

    /** {@code torch.poisson(rate, generator=)}. */
    public static Tensor poisson(Tensor rate, Generator generator) { return dev.torch4j.distributions.RandomDraws.poisson(rate, generator); }

    /** {@code torch.binomial(count, prob)}: one draw per (broadcast) pair; count and prob share a floating dtype. */
    public static Tensor binomial(Tensor count, Tensor prob) {
        return dev.torch4j.distributions.RandomDraws.binomial(count, prob, Generator.defaultGenerator());
    }

    /** {@code torch.binomial(count, prob, generator=)}. */
    public static Tensor binomial(Tensor count, Tensor prob, Generator generator) {
        return dev.torch4j.distributions.RandomDraws.binomial(count, prob, generator);
    }

    public static Tensor bernoulli(Tensor p) { return p.bernoulli(); }

    /** {@code torch.bernoulli(p, generator=g)}. */
    public static Tensor bernoulli(Tensor p, Generator generator) { return p.bernoulli(generator); }

    /** {@code torch.bernoulli(input, p)}: a tensor like input of 1 with probability p. */
    public static Tensor bernoulli(Tensor input, double p) { return input.bernoulli(p); }

    // ---------------------------------------------------------------- aliases

    /** {@code torch.divide(a, b)}: {@code div}. */
    public static Tensor divide(Tensor a, Tensor b) { return a.div(b); }

    /** {@code torch.divide(a, number)}. */
    public static Tensor divide(Tensor a, double b) { return a.div(b); }

    /** {@code torch.divide(a, b, rounding_mode)}. */
    public static Tensor divide(Tensor a, Tensor b, String roundingMode) { return a.div(b, roundingMode); }

    /** {@code torch.true_divide(a, b)}: {@code div}. */
    public static Tensor trueDivide(Tensor a, Tensor b) { return a.div(b); }

    /** {@code torch.multiply(a, b)}: {@code mul}. */
    public static Tensor multiply(Tensor a, Tensor b) { return a.mul(b); }

    /** {@code torch.multiply(a, number)}. */
    public static Tensor multiply(Tensor a, double b) { return a.mul(b); }

    /** {@code torch.multiply(a, b)} with a Python int. */
    public static Tensor multiply(Tensor a, long b) { return a.mul(b); }

    /** {@code torch.subtract(a, b)}: {@code sub}. */
    public static Tensor subtract(Tensor a, Tensor b) { return a.sub(b); }

    /** {@code torch.subtract(a, b, alpha)}. */
    public static Tensor subtract(Tensor a, Tensor b, double alpha) { return a.sub(b, alpha); }

    /** {@code torch.rsub(a, b)}: {@code b - a}. */
    public static Tensor rsub(Tensor a, Tensor b) { return b.sub(a); }

    /** {@code torch.rsub(a, b, alpha)}: {@code b - alpha * a}. */
    public static Tensor rsub(Tensor a, Tensor b, double alpha) { return b.sub(a, alpha); }

    /** {@code torch.rsub(a, number)}: {@code number - a}. */
    public static Tensor rsub(Tensor a, double b) { return Tensor.scalar(b).sub(a); }

    /** {@code torch.rsub(a, b)} with a Python int: {@code b - a}, an integer tensor staying integer. */
    public static Tensor rsub(Tensor a, long b) { return Tensor.scalar(b).sub(a); }

    /** {@code torch.negative(t)}: {@code neg}. */
    public static Tensor negative(Tensor t) { return t.neg(); }

    /** {@code torch.absolute(t)}: {@code abs}. */
    public static Tensor absolute(Tensor t) { return t.abs(); }

    /** {@code torch.arctan2(a, b)}: {@code atan2}. */
    public static Tensor arctan2(Tensor a, Tensor b) { return a.atan2(b); }

    /** {@code torch.greater(a, b)}: {@code gt}. */
    public static Tensor greater(Tensor a, Tensor b) { return a.gt(b); }

    /** {@code torch.greater_equal(a, b)}: {@code ge}. */
    public static Tensor greaterEqual(Tensor a, Tensor b) { return a.ge(b); }

    /** {@code torch.less(a, b)}: {@code lt}. */
    public static Tensor less(Tensor a, Tensor b) { return a.lt(b); }

    /** {@code torch.less_equal(a, b)}: {@code le}. */
    public static Tensor lessEqual(Tensor a, Tensor b) { return a.le(b); }

    /** {@code torch.not_equal(a, b)}: {@code ne}. */
    public static Tensor notEqual(Tensor a, Tensor b) { return a.ne(b); }

    /** {@code torch.moveaxis(t, source, destination)}: {@code movedim}. */
    public static Tensor moveaxis(Tensor t, long source, long destination) { return t.movedim(source, destination); }

    /** {@code torch.swapdims(t, a, b)}: {@code transpose}. */
    public static Tensor swapdims(Tensor t, long a, long b) { return t.transpose(a, b); }

    /** {@code torch.ravel(t)}: flattened. */
    public static Tensor ravel(Tensor t) { return t.ravel(); }

    /** {@code torch.is_same_size(a, b)}. */
    public static boolean isSameSize(Tensor a, Tensor b) { return a.isSameSize(b); }

    /** {@code torch.is_nonzero(t)}: a one-element tensor's value as a truth value. */
    public static boolean isNonzero(Tensor t) { return t.isNonzero(); }

    /** {@code torch.is_signed(t)}. */
    public static boolean isSigned(Tensor t) { return t.isSigned(); }
}
