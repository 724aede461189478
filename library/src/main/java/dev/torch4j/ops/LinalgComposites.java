package dev.torch4j.ops;

import static dev.torch4j.ops.Decompositions.checkFloating;
import static dev.torch4j.ops.Decompositions.checkMatrix;
import static dev.torch4j.ops.Decompositions.checkSameDtypeDevice;
import static dev.torch4j.ops.Decompositions.checkSquare;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.util.Arrays;
import java.util.List;

/**
 * The parts of {@code torch.linalg} composed of other ops (so their derivatives come from those): matrix norms,
 * cond, matrix_rank, matrix_power, multi_dot, cross, vecdot, vander, lstsq, inv_ex, and the Cholesky solves.
 */
public final class LinalgComposites {
    private LinalgComposites() {}

    private static final List<String> MATRIX_ORDS = List.of("fro", "nuc");

    // ---------------------------------------------------------------- norms

    /** {@code linalg.matrix_norm(A, ord, dim=(d0, d1), keepdim)}; ord is "fro", "nuc", or ±1, ±2, ±inf (as a Double). */
    public static Tensor matrixNorm(Tensor a, Object ord, long[] dims, boolean keepdim) {
        String op = "linalg.matrix_norm";
        checkFloating(op, a);
        if (a.dim() < 2) throw new IllegalArgumentException(op + ": The input tensor A must have at least 2 dimensions.");
        if (dims.length != 2) throw new IllegalArgumentException(op + ": dim must be a 2-tuple. Got " + Arrays.toString(dims));
        int d0 = (int) Shapes.wrapDim(dims[0], a.dim()), d1 = (int) Shapes.wrapDim(dims[1], a.dim());
        if (d0 == d1) throw new IllegalArgumentException(op + ": dims must be different. Got (" + dims[0] + ", " + dims[1] + ")");
        if (ord instanceof String s) {
            if (s.equals("fro")) return Reductions.norm(a, 2, new long[] {d0, d1}, keepdim);
            if (!s.equals("nuc")) throw new IllegalArgumentException(op + ": Order " + s + " not supported.");
            return viaSingularValues(a, d0, d1, keepdim, sv -> sv.sum(-1));
        }
        double p = ((Number) ord).doubleValue();
        if (Math.abs(p) == 2) return viaSingularValues(a, d0, d1, keepdim, sv -> p > 0 ? sv.amax(-1, false) : sv.amin(-1, false));
        if (Math.abs(p) == 1 || Double.isInfinite(p)) {
            // 1: the largest column sum; inf: the largest row sum (negative orders: the smallest)
            int sumDim = Math.abs(p) == 1 ? d0 : d1, extDim = Math.abs(p) == 1 ? d1 : d0;
            Tensor sums = a.abs().sum(sumDim, true);
            Tensor r = p > 0 ? sums.amax(extDim, true) : sums.amin(extDim, true);
            return keepdim ? r : r.squeeze(Math.max(d0, d1)).squeeze(Math.min(d0, d1));
        }
        throw new IllegalArgumentException(op + ": Order " + PyNum.of(p) + " not supported.");
    }

    /** A reduction of the singular values of the matrices over dims (d0, d1). */
    private static Tensor viaSingularValues(Tensor a, int d0, int d1, boolean keepdim,
                                            java.util.function.UnaryOperator<Tensor> reduce) {
        long[] perm = new long[a.dim()];
        int k = 0;
        for (int d = 0; d < a.dim(); d++) if (d != d0 && d != d1) perm[k++] = d;
        perm[k++] = d0;
        perm[k] = d1;
        Tensor r = reduce.apply(LinalgFunctions.svdvals(a.permute(perm)));
        if (!keepdim) return r;
        return r.unsqueeze(Math.min(d0, d1)).unsqueeze(Math.max(d0, d1));
    }

    /** Formats orders as PyTorch prints Python numbers (2.0 for 2., inf). */
    private static final class PyNum {
        static String of(double p) {
            if (Double.isInfinite(p)) return p > 0 ? "inf" : "-inf";
            return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
        }
    }

    /**
     * {@code linalg.norm(A, ord, dim, keepdim)}: a matrix norm when ord is a String, when dim has two entries, or when
     * dim is null and A is 2-D with a numeric ord; else the vector norm (of all elements when dim is null).
     */
    public static Tensor norm(Tensor a, Object ord, long[] dims, boolean keepdim) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.NORM, x -> norm(x[0], ord, dims, keepdim), a);
        if (ord instanceof String || dims != null && dims.length == 2 || dims == null && ord != null && a.dim() == 2) {
            if (dims == null && a.dim() != 2) {
                throw new IllegalArgumentException("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                        + a.dim() + "D.");
            }
            return matrixNorm(a, ord == null ? "fro" : ord, dims == null ? new long[] {-2, -1} : dims, keepdim);
        }
        if (dims == null && ord != null && a.dim() != 1) {
            throw new IllegalArgumentException("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                    + a.dim() + "D.");
        }
        double p = ord == null ? 2 : ((Number) ord).doubleValue();
        return Reductions.norm(a, p, dims, keepdim);
    }

    /** {@code linalg.cond(A, p)}: p null or ±2 from the singular values, else {@code norm(A, p) * norm(A^-1, p)}. */
    public static Tensor cond(Tensor a, Object p) {
        checkMatrix("linalg.cond", a, "A");
        if (p instanceof String) checkSquare("linalg.cond", a);
        if (a.numel() == 0) {
            // PyTorch (and NumPy's convention it follows): 0 for each empty matrix, in the real dtype
            long[] s = a.shapeArray();
            return Creation.full(java.util.Arrays.copyOf(s, s.length - 2), 0, a.dtype().toReal(), a.device());
        }
        if (p == null || p instanceof Number n && Math.abs(n.doubleValue()) == 2) {
            Tensor s = LinalgFunctions.svdvals(a);
            Tensor hi = s.narrow(-1, 0, 1).squeeze(-1), lo = s.narrow(-1, s.size(-1) - 1, 1).squeeze(-1);
            return p != null && ((Number) p).doubleValue() < 0 ? lo.div(hi) : hi.div(lo);
        }
        checkSquare("linalg.cond", a);
        Tensor[] inv = invEx(a);
        Tensor r = matrixNorm(a, p, new long[] {-2, -1}, false).mul(matrixNorm(inv[0], p, new long[] {-2, -1}, false));
        // a singular matrix has condition number inf (PyTorch's cond through inv_ex)
        return r.where(inv[1].eq(0L), Double.POSITIVE_INFINITY);
    }

    /** {@code linalg.inv_ex(A)}: {@code {inverse, info}}, no error for singular matrices (their inverse is inf/NaN). */
    public static Tensor[] invEx(Tensor a) {
        checkSquare("linalg.inv_ex", a);
        Tensor[] r;
        try (var g = GradMode.noGrad()) {
            Tensor[] luf = LinalgFunctions.luFactorEx(a);
            Tensor eye = Creation.eye(a.size(-1), a.size(-1), a.dtype(), a.device());
            r = new Tensor[] {LinalgFunctions.luSolve(luf[0], luf[1], eye.expand(a.shapeArray()), true, false), luf[2]};
        }
        if (Decompositions.recording(a)) r[0] = DecompositionsGrad.inv(a, r[0]);
        return r;
    }

    /** {@code linalg.matrix_rank(A, atol, rtol, hermitian)}: how many singular values exceed the tolerance (int64). */
    public static Tensor matrixRank(Tensor a, Double atol, Double rtol, boolean hermitian) {
        checkMatrix("linalg.matrix_rank", a, "A");
        double at = atol == null ? 0 : atol;
        double rt = rtol != null ? rtol : atol != null && atol > 0 ? 0 : LinalgFunctions.eps(a.dtype()) * Math.max(a.size(-2), a.size(-1));
        try (var g = GradMode.noGrad()) {
            Tensor s = hermitian ? LinalgFunctions.eigvalsh(a, "L").abs() : LinalgFunctions.svdvals(a);
            if (s.size(-1) == 0) return Dispatch.empty(Decompositions.batchOf(a), DType.INT64, a.device());
            Tensor tol = s.amax(-1, true).mul(rt).clampMin(at);
            return s.gt(tol).sum(new long[] {-1}, false, DType.INT64);
        }
    }

    // ---------------------------------------------------------------- products

    /** {@code linalg.matrix_power(A, n)}: repeated squaring; n &lt; 0 powers the inverse; n = 0 gives identities. */
    public static Tensor matrixPower(Tensor a, long n) {
        String op = "linalg.matrix_power";
        if (a.dim() < 2) throw new IllegalArgumentException(op + ": The input tensor A must have at least 2 dimensions.");
        if (a.size(-2) != a.size(-1)) {
            throw new IllegalArgumentException(op + ": A must be batches of square matrices, but they are " + a.size(-2)
                    + " by " + a.size(-1) + " matrices");
        }
        if (n == 0) {  // PyTorch's form: a copy of A overwritten with identities (so its gradient is zero, not absent)
            return a.clone().copy_(Creation.eye(a.size(-1), a.size(-1), a.dtype(), a.device()).expand(a.shapeArray()));
        }
        if (n < 0) {
            checkFloating(op, a);
            a = LinalgFunctions.inv(a);
            n = -n;
        }
        if (n == 1) return a.clone();
        Tensor result = null, base = a;
        while (true) {
            if ((n & 1) == 1) result = result == null ? base : result.matmul(base);
            n >>= 1;
            if (n == 0) return result;
            base = base.matmul(base);
        }
    }

    /** {@code linalg.multi_dot(tensors)}: the chain product in the cheapest order (first/last may be vectors). */
    public static Tensor multiDot(List<Tensor> ts) {
        int n = ts.size();
        if (n < 2) throw new IllegalArgumentException("multi_dot(): expected at least 2 tensors but got " + n);
        Tensor[] m = ts.toArray(new Tensor[0]);
        boolean firstVec = m[0].dim() == 1, lastVec = m[n - 1].dim() == 1;
        if (firstVec) m[0] = m[0].unsqueeze(0);
        if (lastVec) m[n - 1] = m[n - 1].unsqueeze(1);
        for (int i = 0; i < n; i++) {
            if (m[i].dim() != 2) {
                String which = i == 0 ? "first" : i == n - 1 ? "last" : null;
                throw new IllegalArgumentException(which != null
                        ? "multi_dot(): the " + which + " tensor must be 1D or 2D but got " + ts.get(i).dim() + "D"
                        : "multi_dot(): tensor " + i + " must be 2D but got " + ts.get(i).dim() + "D");
            }
            if (i > 0 && m[i - 1].size(1) != m[i].size(0)) {
                throw new IllegalArgumentException("multi_dot(): tensors " + (i - 1) + " and " + i + " with shapes "
                        + Shapes.str(ts.get(i - 1).shapeArray()) + " and " + Shapes.str(ts.get(i).shapeArray()) + " cannot be multiplied");
            }
        }
        long[] p = new long[n + 1];
        for (int i = 0; i < n; i++) p[i] = m[i].size(0);
        p[n] = m[n - 1].size(1);
        // the classic matrix-chain order: cost[i][j] = cheapest product of m[i..j]
        long[][] cost = new long[n][n];
        int[][] split = new int[n][n];
        for (int len = 1; len < n; len++) {
            for (int i = 0; i + len < n; i++) {
                int j = i + len;
                cost[i][j] = Long.MAX_VALUE;
                for (int k = i; k < j; k++) {
                    long c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1];
                    if (c < cost[i][j]) {
                        cost[i][j] = c;
                        split[i][j] = k;
                    }
                }
            }
        }
        Tensor r = chain(m, split, 0, n - 1);
        if (firstVec) r = r.squeeze(0);
        if (lastVec) r = r.squeeze(-1);
        return r;
    }

    private static Tensor chain(Tensor[] m, int[][] split, int i, int j) {
        if (i == j) return m[i];
        return chain(m, split, i, split[i][j]).mm(chain(m, split, split[i][j] + 1, j));
    }

    /** {@code linalg.cross(a, b, dim)}: the cross product of 3-vectors along dim (broadcasting the rest). */
    public static Tensor cross(Tensor a, Tensor b, long dim) {
        if (AutocastMode.active()) return AutocastMode.apply(AutocastMode.Op.PROMOTE, x -> cross(x[0], x[1], dim), a, b);
        long[] shape = Shapes.broadcast("linalg.cross", a.shapeArray(), b.shapeArray());
        if (a.dtype() != b.dtype()) {   // PyTorch's kernel takes one dtype
            throw new IllegalArgumentException("linalg.cross: expected scalar type " + a.dtype().scalarTypeName() + " but found "
                    + b.dtype().scalarTypeName());
        }
        int d = (int) Shapes.wrapDim(dim, shape.length);
        long la = a.dim() == shape.length ? a.size(d) : -1, lb = b.dim() == shape.length ? b.size(d) : -1;
        if (shape[d] != 3 || la != 3 && la != -1 || lb != 3 && lb != -1 || a.dim() != b.dim()) {
            throw new IllegalArgumentException("linalg.cross: inputs dimension " + dim + " must have length 3. Got "
                    + (a.dim() > 0 ? a.size(Math.min(d, a.dim() - 1)) : 0) + " and " + (b.dim() > 0 ? b.size(Math.min(d, b.dim() - 1)) : 0));
        }
        Tensor x = a.expand(shape), y = b.expand(shape);
        Tensor i120 = Creation.wrap(new long[] {1, 2, 0}, new long[] {3}, DType.INT64).to(a.device());
        Tensor i201 = Creation.wrap(new long[] {2, 0, 1}, new long[] {3}, DType.INT64).to(a.device());
        return x.indexSelect(d, i120).mul(y.indexSelect(d, i201)).sub(x.indexSelect(d, i201).mul(y.indexSelect(d, i120)));
    }

    /** {@code linalg.vecdot(x, y, dim)}: {@code sum(conj(x) * y, dim)} (PyTorch 2.x's; conj is nothing for real x). */
    public static Tensor vecdot(Tensor x, Tensor y, long dim) { return (x.isComplex() ? x.conj() : x).mul(y).sum(dim, false); }

    /** {@code linalg.vander(x, N)}: columns {@code x^0, x^1, ..., x^(N-1)} (N defaults to x's length). */
    public static Tensor vander(Tensor x, Long n) {
        if (x.dim() < 1) throw new IllegalArgumentException("linalg.vander: x must have at least one dimension.");
        long cols = n == null ? x.size(-1) : n;
        if (cols <= 1) {
            if (cols < 0) throw new IllegalArgumentException("N must be greater than 1.");
            return Creation.full(Decompositions.concat(x.shapeArray(), cols), 1, x.dtype(), x.device());
        }
        long[] s = x.shapeArray();
        long[] es = Arrays.copyOf(s, s.length + 1);
        es[s.length] = cols - 1;
        Tensor powers = x.unsqueeze(-1).expand(es).cumprod(-1);
        Tensor ones = Creation.full(Decompositions.concat(s, 1), 1, x.dtype(), x.device());
        return Joining.cat(List.of(ones, powers), -1);
    }

    // ---------------------------------------------------------------- Householder products and tensor solves

    /**
     * {@code linalg.householder_product(A, tau)}: the first n columns of {@code H_1 ... H_k}, {@code H_i = I - tau_i
     * v_i v_i^H} with {@code v_i} column i of A below the diagonal and 1 on it (geqrf's storage of Q; real or complex).
     */
    public static Tensor householderProduct(Tensor a, Tensor tau) {
        String op = "torch.linalg.householder_product";
        checkMatrix(op, a, "input");
        long m = a.size(-2), n = a.size(-1), k = tau.size(-1);
        if (m < n) throw new IllegalArgumentException(op + ": input.shape[-2] must be greater than or equal to input.shape[-1]");
        if (k > n) throw new IllegalArgumentException(op + ": input.shape[-1] must be greater than or equal to tau.shape[-1]");
        if (tau.dim() != a.dim() - 1) {
            throw new IllegalArgumentException(op + ": Expected tau to have one dimension less than input, but got tau.ndim equal to "
                    + tau.dim() + " and input.ndim is equal to " + a.dim());
        }
        Tensor q = Creation.eye(m, n, a.dtype(), a.device()).expand(a.shapeArray());
        for (long i = k - 1; i >= 0; i--) {
            double[] below = new double[(int) m], unit = new double[(int) m];
            for (long r = i + 1; r < m; r++) below[(int) r] = 1;
            unit[(int) i] = 1;
            Tensor v = a.select(-1, i).mul(Creation.wrap(below, new long[] {m}, DType.FLOAT64).to(a.device(), a.dtype()))
                    .add(Creation.wrap(unit, new long[] {m}, DType.FLOAT64).to(a.device(), a.dtype())).unsqueeze(-1);  // [..., m, 1]
            Tensor t = tau.select(-1, i).unsqueeze(-1).unsqueeze(-1);
            q = q.sub(v.mul(t).matmul(v.mH().matmul(q)));
        }
        return q;
    }

    /** {@code linalg.tensorinv(A, ind)}: the inverse of A read as a matrix of its first ind dims by the rest. */
    public static Tensor tensorinv(Tensor a, int ind) {
        if (ind <= 0) throw new IllegalArgumentException("Expected a strictly positive integer for 'ind', but got " + ind);
        long[] s = a.shapeArray();
        long[] head = Arrays.copyOf(s, ind), tail = Arrays.copyOfRange(s, ind, s.length);
        long rows = Shapes.numel(head), cols = Shapes.numel(tail);
        if (rows != cols) {
            throw new IllegalArgumentException("Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), "
                    + "but got " + cols + " != " + rows);
        }
        long[] out = Arrays.copyOf(tail, tail.length + head.length);
        System.arraycopy(head, 0, out, tail.length, head.length);
        return LinalgFunctions.inv(a.reshape(rows, cols)).reshape(out);
    }

    /** {@code linalg.tensorsolve(A, B, dims)}: X with {@code tensordot(A, X, X.ndim) == B} (dims of A moved last first). */
    public static Tensor tensorsolve(Tensor a, Tensor b, long[] dims) {
        Tensor x = a;
        if (dims != null) {
            long[] dest = new long[dims.length];
            for (int i = 0; i < dims.length; i++) dest[i] = a.dim() - dims.length + i;
            x = Shaping.movedim(a, dims, dest);
        }
        long[] s = x.shapeArray();
        long[] result = Arrays.copyOfRange(s, b.dim(), s.length);
        long rows = b.numel(), cols = Shapes.numel(result);
        if (rows != cols) {
            throw new IllegalArgumentException("Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), "
                    + "but got " + cols + " != " + rows);
        }
        return LinalgFunctions.solve(x.reshape(rows, cols), b.reshape(rows), true).reshape(result);
    }

    // ---------------------------------------------------------------- matrix exponential

    private static final double[] PADE13 = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
        1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0,
        960960.0, 16380.0, 182.0, 1.0};
    private static final double THETA13 = 5.371920351148152;

    /**
     * {@code linalg.matrix_exp(A)}: scaling and squaring with the degree-13 Pade approximant (Higham 2005), each
     * matrix scaled by its own power of two. Its derivative is PyTorch's: the upper-right block of
     * {@code exp([[A^T, G], [0, A^T]])}, itself differentiable.
     */
    public static Tensor matrixExp(Tensor a) {
        String op = "linalg.matrix_exp";
        if (a.dim() < 2) throw new IllegalArgumentException(op + ": The input tensor A must have at least 2 dimensions.");
        if (a.size(-2) != a.size(-1)) {
            throw new IllegalArgumentException(op + ": A must be batches of square matrices, but they are " + a.size(-2)
                    + " by " + a.size(-1) + " matrices");
        }
        checkFloating(op, a);
        Tensor r;
        try (var g = GradMode.noGrad()) {
            r = padeExp(a);
        }
        return Decompositions.recording(a) ? DecompositionsGrad.matrixExp(a, r) : r;
    }

    private static Tensor padeExp(Tensor a) {
        long n = a.size(-1);
        if (n == 0 || a.numel() == 0) return a.clone();
        Tensor eye = Creation.eye(n, n, a.dtype(), a.device());
        // s per matrix: the smallest power of two that brings the 1-norm under theta_13
        double[] norms = a.abs().sum(-2, false).amax(-1, false).cpu().toDoubleArray();
        double[] sv = new double[norms.length], scale = new double[norms.length];
        long maxS = 0;
        for (int i = 0; i < norms.length; i++) {
            double q = norms[i] / THETA13;
            sv[i] = q > 1 && Double.isFinite(q) ? Math.ceil(Math.log(q) / Math.log(2)) : 0;
            if (Double.isFinite(q) && Math.scalb(q, (int) -sv[i]) > 1) sv[i]++;  // log's rounding
            scale[i] = Math.scalb(1.0, (int) -sv[i]);
            maxS = Math.max(maxS, (long) sv[i]);
        }
        long[] batch = Decompositions.batchOf(a);
        Tensor s = Creation.wrap(sv, batch, DType.FLOAT64).to(a.device());
        Tensor x = a.mul(Creation.wrap(scale, batch, DType.FLOAT64).to(a.device(), a.dtype()).unsqueeze(-1).unsqueeze(-1));
        Tensor x2 = x.matmul(x), x4 = x2.matmul(x2), x6 = x4.matmul(x2);
        double[] b = PADE13;
        Tensor u = x.matmul(x6.matmul(x6.mul(b[13]).add(x4.mul(b[11])).add(x2.mul(b[9])))
                .add(x6.mul(b[7])).add(x4.mul(b[5])).add(x2.mul(b[3])).add(eye.mul(b[1])));
        Tensor v = x6.matmul(x6.mul(b[12]).add(x4.mul(b[10])).add(x2.mul(b[8])))
                .add(x6.mul(b[6])).add(x4.mul(b[4])).add(x2.mul(b[2])).add(eye.mul(b[0]));
        Tensor r = LinalgFunctions.solve(v.sub(u), v.add(u), true);
        for (long k = 0; k < maxS; k++) {
            Tensor squared = r.matmul(r);
            r = squared.where(s.gt((double) k).unsqueeze(-1).unsqueeze(-1), r);
        }
        return r;
    }

    // ---------------------------------------------------------------- least squares and Cholesky solves

    /**
     * {@code linalg.lstsq(A, B, rcond, driver)}: {@code {solution, residuals, rank, singular_values}}. The solution
     * is the minimum-norm one through the SVD (what gelsd computes; it equals gelsy's for full-rank A); the other
     * three are filled as PyTorch fills them for the driver (default "gelsy": rank only).
     */
    public static Tensor[] lstsq(Tensor a, Tensor b, Double rcond, String driver) {
        String op = "torch.linalg.lstsq";
        String drv = driver == null ? "gelsy" : driver;
        if (!List.of("gels", "gelsy", "gelsd", "gelss").contains(drv)) {
            throw new IllegalArgumentException(op + ": parameter `driver` should be one of (gels, gelsy, gelsd, gelss)");
        }
        checkMatrix(op, a, "A");
        checkFloating(op, b);
        checkSameDtypeDevice(op, a, b);
        boolean vector = b.dim() == a.dim() - 1;
        Tensor bm = vector ? b.unsqueeze(-1) : b;
        if (bm.size(-2) != a.size(-2)) {
            throw new IllegalArgumentException(op + ": input.size(-2) should match other.size(-2)");
        }
        long m = a.size(-2), n = a.size(-1);
        double rc = rcond != null && rcond > 0 ? rcond : LinalgFunctions.eps(a.dtype()) * Math.max(m, n);
        Tensor x = LinalgFunctions.pinv(a, 0.0, rc, false).matmul(bm);
        Tensor empty = Dispatch.empty(new long[] {0}, a.dtype().toReal(), a.device());  // residuals and values are real
        Tensor rank = Dispatch.empty(new long[] {0}, DType.INT64, a.device()), sv = empty, residuals = empty;
        try (var g = GradMode.noGrad()) {
            if (!drv.equals("gels")) rank = matrixRank(a, 0.0, rc, false);
            if (drv.equals("gelsd") || drv.equals("gelss")) sv = LinalgFunctions.svdvals(a);
        }
        if (m > n && !drv.equals("gelsy")) {
            boolean fullRank;
            try (var g = GradMode.noGrad()) {
                fullRank = (drv.equals("gels") ? matrixRank(a, 0.0, rc, false) : rank).eq(n).all().itemBool();
            }
            if (fullRank) {  // squared norms of the residual columns: real also for complex A and B
                Tensor d = a.matmul(x).sub(bm);
                residuals = (d.isComplex() ? d.abs() : d).square().sum(-2, false);
            }
        }
        return new Tensor[] {vector ? x.squeeze(-1) : x, residuals, rank, sv};
    }

    /**
     * {@code torch.cholesky_solve(B, L, upper)}: {@code A^-1 B} for {@code A = L L^H} (or {@code U^H U}), real or complex. Its
     * derivative for L is PyTorch's, which treats L as a full matrix (the triangle it does not read gets a gradient
     * too).
     */
    public static Tensor choleskySolve(Tensor b, Tensor l, boolean upper) {
        checkMatrix("cholesky_solve", b, "B");
        checkSquare("cholesky_solve", l);
        checkSameDtypeDevice("cholesky_solve", l, b);
        Tensor x;
        try (var g = GradMode.noGrad()) {
            Tensor lower = upper ? l.mH() : l;
            x = LinalgFunctions.solveTriangular(lower.mH(), LinalgFunctions.solveTriangular(lower, b, false, true, false), true, true, false);
        }
        return Decompositions.recording(b, l) ? DecompositionsGrad.choleskySolve(b, l, x, upper) : x;
    }

    /** {@code torch.cholesky_inverse(L, upper)}: {@code (L L^H)^-1} from its factor (PyTorch's derivative, as above). */
    public static Tensor choleskyInverse(Tensor l, boolean upper) {
        checkSquare("cholesky_inverse", l);
        Tensor inv;
        try (var g = GradMode.noGrad()) {
            inv = choleskySolve(Creation.eye(l.size(-1), l.size(-1), l.dtype(), l.device()).expand(l.shapeArray()), l, upper);
        }
        return Decompositions.recording(l) ? DecompositionsGrad.choleskyInverse(l, inv, upper) : inv;
    }

    /**
     * {@code torch.logdet(A)}: {@code log(det(A))}, NaN for a negative determinant; for complex A the complex
     * logarithm {@code log(sign) + logabsdet}, as PyTorch 2.x computes it.
     */
    public static Tensor logdet(Tensor a) {
        Tensor[] sl = LinalgFunctions.slogdet(a);
        if (a.isComplex()) return sl[0].log().add(sl[1]);
        return sl[1].where(sl[0].ge(0.0), Double.NaN);
    }

    /** {@code torch.inner(a, b)}: the sum over the last dims of both (a product when either is 0-d). */
    public static Tensor inner(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) return a.mul(b);
        if (a.size(-1) != b.size(-1)) {
            throw new IllegalArgumentException("inner() the last dimension must match on both input tensors but got shapes "
                    + a.shape().toString().replace("torch.Size(", "").replace(")", "") + " and "
                    + b.shape().toString().replace("torch.Size(", "").replace(")", ""));
        }
        return Shaping.tensordot(a, b, new long[] {-1}, new long[] {-1});
    }

    /**
     * {@code torch.vander(x, N, increasing)}: columns {@code x^(N-1), ..., x^0} (or increasing powers) by a running
     * product, as PyTorch computes them; N null means {@code len(x)}.
     */
    public static Tensor vander(Tensor x, Long n, boolean increasing) {
        if (x.dim() != 1) throw new IllegalArgumentException("x must be a one-dimensional tensor.");
        long cols = n == null ? x.size(0) : n;
        if (cols < 0) throw new IllegalArgumentException("N must be non-negative.");
        DType dt = x.dtype() == DType.BOOL ? DType.INT64 : x.dtype();
        Tensor r = Creation.full(new long[] {x.size(0), cols}, 1, dt, x.device());
        if (cols > 1) {
            Tensor ones = Creation.full(new long[] {x.size(0), 1}, 1, dt, x.device());
            r = Joining.cat(java.util.List.of(ones, x.to(dt).unsqueeze(1).expand(x.size(0), cols - 1)), 1).cumprod(1);
        }
        return increasing ? r : r.flip(1);
    }
}
