package dev.torch4j;

import dev.torch4j.ops.LinalgComposites;
import dev.torch4j.ops.LinalgFunctions;

import java.util.List;

/**
 * The {@code torch.linalg} namespace: {@code Torch.linalg().solve(A, B)}, or {@code Linalg.get()}. Inputs are
 * float32 or float64 tensors with the matrices in their last two dims (any leading batch dims); results are on the
 * input's device (the factorizations themselves run on the CPU: LAPACK from OpenBLAS when it is installed, else
 * Java). Every function is differentiable where PyTorch's is, with PyTorch's formulas.
 *
 * <p>complex64 and complex128 matrices are accepted by the factorizations and what builds on them (not yet by the LDL^T
 * functions), with PyTorch's complex derivatives (a real loss's gradient at a complex input is
 * {@code dL/dRe + i dL/dIm}): the LU and Cholesky families, QR (R's diagonal real, as LAPACK's zgeqrf makes it), eigh/eigvalsh of Hermitian matrices and
 * svd/svdvals (real eigen- and singular values, complex vectors), eig/eigvals, and what is built on them (pinv, lstsq,
 * matrixRank, cond, the norms). Eigen- and singular vectors are unique only up to a unit phase {@code e^{i phi}} per
 * column: a loss through them must not depend on it, and their backward throws where it does, as PyTorch's.
 * <pre>{@code
 * Tensor a = Torch.randn(Size.of(3, 3), Torch.dtype(DType.COMPLEX128));
 * Tensor x = Torch.linalg().solve(a, Torch.ones(Size.of(3), Torch.dtype(DType.COMPLEX128)));
 * }</pre>
 */
public final class Linalg {
    static final Linalg INSTANCE = new Linalg();

    private Linalg() {}

    /** The namespace object (also {@link Torch#linalg()}). */
    public static Linalg get() { return INSTANCE; }

    /** {@code linalg.slogdet}'s result: the determinant's sign and the log of its absolute value. */
    public record Slogdet(Tensor sign, Tensor logabsdet) {}

    /** {@code linalg.lu_factor}'s result: L and U packed in one matrix, and LAPACK's 1-based row interchanges (int32). */
    public record LUFactor(Tensor LU, Tensor pivots) {}

    /** {@code linalg.lu_factor_ex}'s result: as {@link LUFactor}, plus LAPACK's info per matrix (int32). */
    public record LUFactorEx(Tensor LU, Tensor pivots, Tensor info) {}

    /**
     * {@code linalg.ldl_factor}'s result: L and D of {@code A = P L D L^T P^T} packed in LD's lower triangle as LAPACK's
     * sytrf stores them, and its 1-based interchanges (int32), both entries of a 2x2 block of D negative.
     */
    public record LDLFactor(Tensor LD, Tensor pivots) {}

    /** {@code linalg.ldl_factor_ex}'s result: as {@link LDLFactor}, plus LAPACK's info per matrix (int32). */
    public record LDLFactorEx(Tensor LD, Tensor pivots, Tensor info) {}

    /** {@code linalg.lu}'s result: {@code A = P L U}. */
    public record LU(Tensor P, Tensor L, Tensor U) {}

    /** {@code linalg.qr}'s result. */
    public record QR(Tensor Q, Tensor R) {}

    /** {@code linalg.eigh}'s result: eigenvalues in ascending order and the eigenvectors as columns. */
    public record Eigh(Tensor eigenvalues, Tensor eigenvectors) {}

    /**
     * {@code linalg.eig}'s result: complex eigenvalues (in LAPACK's order, unsorted) and the eigenvectors as columns,
     * each of norm 1.
     */
    public record Eig(Tensor eigenvalues, Tensor eigenvectors) {}

    /** {@code linalg.svd}'s result: {@code A = U diag(S) Vh}, S descending. */
    public record SVD(Tensor U, Tensor S, Tensor Vh) {}

    /** A result and LAPACK's info per matrix (int32; 0 where the computation succeeded): the {@code _ex} functions. */
    public record WithInfo(Tensor result, Tensor info) {}

    /** {@code linalg.lstsq}'s result (residuals, rank and singular values are empty where the driver gives none). */
    public record Lstsq(Tensor solution, Tensor residuals, Tensor rank, Tensor singularValues) {}

    // ---------------------------------------------------------------- solves and inverses

    /** {@code linalg.solve(A, B)}: X with {@code A X = B}; B a matrix (batch) or a vector (batch). */
    public Tensor solve(Tensor A, Tensor B) { return LinalgFunctions.solve(A, B, true); }

    /** {@code linalg.solve(A, B, left=left)}: {@code X A = B} when left is false. */
    public Tensor solve(Tensor A, Tensor B, boolean left) { return LinalgFunctions.solve(A, B, left); }

    /** {@code linalg.solve_ex(A, B)}: no error for singular matrices (their X is not computed); see info. */
    public WithInfo solveEx(Tensor A, Tensor B) {
        Tensor[] r = LinalgFunctions.solveEx(A, B, true);
        return new WithInfo(r[0], r[1]);
    }

    /** {@code linalg.solve_triangular(A, B, upper=upper)}. */
    public Tensor solveTriangular(Tensor A, Tensor B, boolean upper) {
        return LinalgFunctions.solveTriangular(A, B, upper, true, false);
    }

    /** {@code linalg.solve_triangular(A, B, upper=, left=, unitriangular=)}. */
    public Tensor solveTriangular(Tensor A, Tensor B, boolean upper, boolean left, boolean unitriangular) {
        return LinalgFunctions.solveTriangular(A, B, upper, left, unitriangular);
    }

    /** {@code linalg.inv(A)}; fails for singular matrices. */
    public Tensor inv(Tensor A) { return LinalgFunctions.inv(A); }

    /** {@code linalg.inv_ex(A)}: no error for singular matrices; see info. */
    public WithInfo invEx(Tensor A) {
        Tensor[] r = LinalgComposites.invEx(A);
        return new WithInfo(r[0], r[1]);
    }

    /** {@code linalg.pinv(A)}: the Moore-Penrose pseudo-inverse through the SVD. */
    public Tensor pinv(Tensor A) { return LinalgFunctions.pinv(A, null, null, false); }

    /** {@code linalg.pinv(A, atol=, rtol=, hermitian=)} (null tolerances take PyTorch's defaults). */
    public Tensor pinv(Tensor A, Double atol, Double rtol, boolean hermitian) {
        return LinalgFunctions.pinv(A, atol, rtol, hermitian);
    }

    /** {@code linalg.lstsq(A, B)} (driver gelsy's outputs). */
    public Lstsq lstsq(Tensor A, Tensor B) { return lstsq(A, B, null, null); }

    /** {@code linalg.lstsq(A, B, rcond=, driver=)}; null takes PyTorch's default. */
    public Lstsq lstsq(Tensor A, Tensor B, Double rcond, String driver) {
        Tensor[] r = LinalgComposites.lstsq(A, B, rcond, driver);
        return new Lstsq(r[0], r[1], r[2], r[3]);
    }

    // ---------------------------------------------------------------- determinants

    /** {@code linalg.det(A)}. */
    public Tensor det(Tensor A) { return LinalgFunctions.det(A); }

    /** {@code linalg.slogdet(A)}. */
    public Slogdet slogdet(Tensor A) {
        Tensor[] r = LinalgFunctions.slogdet(A);
        return new Slogdet(r[0], r[1]);
    }

    // ---------------------------------------------------------------- factorizations

    /** {@code linalg.cholesky(A)}: the lower factor L with {@code A = L L^H} (L^T for real A). */
    public Tensor cholesky(Tensor A) { return LinalgFunctions.cholesky(A, false); }

    /** {@code linalg.cholesky(A, upper=upper)}. */
    public Tensor cholesky(Tensor A, boolean upper) { return LinalgFunctions.cholesky(A, upper); }

    /** {@code linalg.cholesky_ex(A, upper=)}: no error for matrices that are not positive-definite; see info. */
    public WithInfo choleskyEx(Tensor A, boolean upper) {
        Tensor[] r = LinalgFunctions.choleskyEx(A, upper);
        return new WithInfo(r[0], r[1]);
    }

    /** {@code linalg.lu_factor(A)}. */
    public LUFactor luFactor(Tensor A) {
        Tensor[] r = LinalgFunctions.luFactor(A);
        return new LUFactor(r[0], r[1]);
    }

    /** {@code linalg.lu_factor_ex(A)}: no error where U has a zero on its diagonal; see info. */
    public LUFactorEx luFactorEx(Tensor A) {
        Tensor[] r = LinalgFunctions.luFactorEx(A);
        return new LUFactorEx(r[0], r[1], r[2]);
    }

    /** {@code linalg.lu(A)}. */
    public LU lu(Tensor A) {
        Tensor[] r = LinalgFunctions.lu(A);
        return new LU(r[0], r[1], r[2]);
    }

    /** {@code linalg.lu_solve(LU, pivots, B)}. */
    public Tensor luSolve(Tensor LU, Tensor pivots, Tensor B) { return LinalgFunctions.luSolve(LU, pivots, B, true, false); }

    /** {@code linalg.lu_solve(LU, pivots, B, left=, adjoint=)}. */
    public Tensor luSolve(Tensor LU, Tensor pivots, Tensor B, boolean left, boolean adjoint) {
        return LinalgFunctions.luSolve(LU, pivots, B, left, adjoint);
    }

    /**
     * {@code linalg.ldl_factor(A)}: the Bunch-Kaufman factorization {@code A = P L D L^T P^T} of a symmetric
     * (possibly indefinite) real matrix, batched; only A's lower triangle is read. Fails where D has an exactly zero
     * pivot (see {@link #ldlFactorEx}). Not differentiable, as PyTorch's; complex input is not supported here.
     * <pre>{@code
     * var f = linalg().ldlFactor(tensor(new double[][] {{0, 1}, {1, 0}}));  // one 2x2 pivot
     * f.pivots();  // tensor([-2, -2], dtype=torch.int32)
     * }</pre>
     */
    public LDLFactor ldlFactor(Tensor A) { return ldlFactor(A, false); }

    /** {@code linalg.ldl_factor(A, hermitian=)}: for real A hermitian changes nothing. */
    public LDLFactor ldlFactor(Tensor A, boolean hermitian) {
        Tensor[] r = LinalgFunctions.ldlFactor(A, hermitian);
        return new LDLFactor(r[0], r[1]);
    }

    /** {@code linalg.ldl_factor_ex(A)}: no error where D has a zero pivot; see info. */
    public LDLFactorEx ldlFactorEx(Tensor A) { return ldlFactorEx(A, false); }

    /** {@code linalg.ldl_factor_ex(A, hermitian=)}. */
    public LDLFactorEx ldlFactorEx(Tensor A, boolean hermitian) {
        Tensor[] r = LinalgFunctions.ldlFactorEx(A, hermitian);
        return new LDLFactorEx(r[0], r[1], r[2]);
    }

    /** {@code linalg.ldl_solve(LD, pivots, B)}: X with {@code A X = B} from {@link #ldlFactor}'s result. */
    public Tensor ldlSolve(Tensor LD, Tensor pivots, Tensor B) { return LinalgFunctions.ldlSolve(LD, pivots, B, false); }

    /** {@code linalg.ldl_solve(LD, pivots, B, hermitian=)}. */
    public Tensor ldlSolve(Tensor LD, Tensor pivots, Tensor B, boolean hermitian) {
        return LinalgFunctions.ldlSolve(LD, pivots, B, hermitian);
    }

    /** {@code linalg.qr(A)} (mode "reduced"). */
    public QR qr(Tensor A) { return qr(A, "reduced"); }

    /** {@code linalg.qr(A, mode=)}: "reduced", "complete" or "r" (Q is then empty). */
    public QR qr(Tensor A, String mode) {
        Tensor[] r = LinalgFunctions.qr(A, mode);
        return new QR(r[0], r[1]);
    }

    /**
     * {@code linalg.eigh(A)} of symmetric (or complex Hermitian) matrices (lower triangle read): eigenvalues ascending,
     * real (float32 or float64 also for complex input), orthonormal eigenvectors as columns, each free up to a sign (a
     * unit phase for complex input).
     */
    public Eigh eigh(Tensor A) { return eigh(A, "L"); }

    /** {@code linalg.eigh(A, UPLO=)}: "L" or "U", the triangle read. */
    public Eigh eigh(Tensor A, String UPLO) {
        Tensor[] r = LinalgFunctions.eigh(A, UPLO);
        return new Eigh(r[0], r[1]);
    }

    /** {@code linalg.eigvalsh(A)}. */
    public Tensor eigvalsh(Tensor A) { return LinalgFunctions.eigvalsh(A, "L"); }

    /** {@code linalg.eigvalsh(A, UPLO=)}. */
    public Tensor eigvalsh(Tensor A, String UPLO) { return LinalgFunctions.eigvalsh(A, UPLO); }

    /**
     * {@code linalg.eig(A)}: the eigendecomposition {@code A V = V diag(L)} of general (not necessarily symmetric)
     * real or complex square matrices, batched over leading dims. L and V are complex (complex64 for float32 input,
     * complex128 for float64, the input's dtype for complex input), L unsorted (LAPACK geev's order: for real input a
     * conjugate pair consecutive, positive imaginary part first); each column of V has norm 1 and its largest
     * component real (and positive for complex input, as zgeev makes it). An eigenvector is unique only up to a
     * complex factor {@code e^{i phi}}, so a loss through V must not depend on it: backward throws where it does, as
     * PyTorch's.
     *
     * <pre>{@code
     * var r = linalg().eig(tensor(new double[][] {{0, -1}, {1, 0}}));  // a rotation by 90 degrees
     * r.eigenvalues();  // tensor([0.+1.j, 0.-1.j])
     * }</pre>
     *
     * @see <a href="https://pytorch.org/docs/stable/generated/torch.linalg.eig.html">torch.linalg.eig</a>
     */
    public Eig eig(Tensor A) {
        Tensor[] r = LinalgFunctions.eig(A);
        return new Eig(r[0], r[1]);
    }

    /**
     * {@code linalg.eigvals(A)}: the eigenvalues of {@link #eig}, complex, without the vectors (which are still
     * computed when A requires grad, since the derivative needs them).
     *
     * @see <a href="https://pytorch.org/docs/stable/generated/torch.linalg.eigvals.html">torch.linalg.eigvals</a>
     */
    public Tensor eigvals(Tensor A) { return LinalgFunctions.eigvals(A); }

    /**
     * {@code linalg.svd(A)} (full_matrices=True, PyTorch's default): U, S (descending, real also for complex input)
     * and Vh; each pair of singular vectors is free up to a sign (a common unit phase for complex input).
     */
    public SVD svd(Tensor A) { return svd(A, true); }

    /** {@code linalg.svd(A, full_matrices=)}. */
    public SVD svd(Tensor A, boolean fullMatrices) {
        Tensor[] r = LinalgFunctions.svd(A, fullMatrices);
        return new SVD(r[0], r[1], r[2]);
    }

    /** {@code linalg.svdvals(A)}: singular values, descending. */
    public Tensor svdvals(Tensor A) { return LinalgFunctions.svdvals(A); }

    // ---------------------------------------------------------------- norms and numbers

    /** {@code linalg.norm(A)}: the 2-norm of all elements. */
    public Tensor norm(Tensor A) { return LinalgComposites.norm(A, null, null, false); }

    /** {@code linalg.norm(A, ord)}: a vector norm of a 1-D or a matrix norm of a 2-D input. */
    public Tensor norm(Tensor A, double ord) { return LinalgComposites.norm(A, ord, null, false); }

    /** {@code linalg.norm(A, ord)} with ord "fro" or "nuc". */
    public Tensor norm(Tensor A, String ord) { return LinalgComposites.norm(A, ord, null, false); }

    /** {@code linalg.norm(A, ord, dim, keepdim)}: a matrix norm over two dims, a vector norm over one. */
    public Tensor norm(Tensor A, double ord, long[] dim, boolean keepdim) { return LinalgComposites.norm(A, ord, dim, keepdim); }

    /** {@code linalg.vector_norm(x, ord)} over all elements. */
    public Tensor vectorNorm(Tensor x, double ord) { return dev.torch4j.ops.Reductions.norm(x, ord, null, false); }

    /** {@code linalg.vector_norm(x, ord, dim, keepdim)}. */
    public Tensor vectorNorm(Tensor x, double ord, long[] dim, boolean keepdim) {
        return dev.torch4j.ops.Reductions.norm(x, ord, dim, keepdim);
    }

    /** {@code linalg.matrix_norm(A)}: the Frobenius norm over the last two dims. */
    public Tensor matrixNorm(Tensor A) { return LinalgComposites.matrixNorm(A, "fro", new long[] {-2, -1}, false); }

    /** {@code linalg.matrix_norm(A, ord)}: ord "fro" or "nuc". */
    public Tensor matrixNorm(Tensor A, String ord) { return LinalgComposites.matrixNorm(A, ord, new long[] {-2, -1}, false); }

    /** {@code linalg.matrix_norm(A, ord)}: ord ±1, ±2 or ±inf. */
    public Tensor matrixNorm(Tensor A, double ord) { return LinalgComposites.matrixNorm(A, ord, new long[] {-2, -1}, false); }

    /** {@code linalg.matrix_norm(A, ord, dim, keepdim)}. */
    public Tensor matrixNorm(Tensor A, double ord, long[] dim, boolean keepdim) {
        return LinalgComposites.matrixNorm(A, ord, dim, keepdim);
    }

    /** {@code linalg.matrix_norm(A, ord, dim, keepdim)} with ord "fro" or "nuc". */
    public Tensor matrixNorm(Tensor A, String ord, long[] dim, boolean keepdim) {
        return LinalgComposites.matrixNorm(A, ord, dim, keepdim);
    }

    /** {@code linalg.cond(A)}: the 2-norm condition number. */
    public Tensor cond(Tensor A) { return LinalgComposites.cond(A, null); }

    /** {@code linalg.cond(A, p)} for p ±1, ±2, ±inf. */
    public Tensor cond(Tensor A, double p) { return LinalgComposites.cond(A, p); }

    /** {@code linalg.cond(A, p)} for p "fro" or "nuc". */
    public Tensor cond(Tensor A, String p) { return LinalgComposites.cond(A, p); }

    /** {@code linalg.matrix_rank(A)}. */
    public Tensor matrixRank(Tensor A) { return LinalgComposites.matrixRank(A, null, null, false); }

    /** {@code linalg.matrix_rank(A, atol=, rtol=, hermitian=)}. */
    public Tensor matrixRank(Tensor A, Double atol, Double rtol, boolean hermitian) {
        return LinalgComposites.matrixRank(A, atol, rtol, hermitian);
    }

    // ---------------------------------------------------------------- products

    /** {@code linalg.matrix_power(A, n)}. */
    public Tensor matrixPower(Tensor A, long n) { return LinalgComposites.matrixPower(A, n); }

    /** {@code linalg.householder_product(A, tau)}: Q from geqrf's reflectors (the first n columns). */
    public Tensor householderProduct(Tensor A, Tensor tau) { return LinalgComposites.householderProduct(A, tau); }

    /** {@code linalg.tensorinv(A, ind=2)}. */
    public Tensor tensorinv(Tensor A) { return LinalgComposites.tensorinv(A, 2); }

    /** {@code linalg.tensorinv(A, ind)}: the inverse of A read as a (first ind dims) x (rest) matrix. */
    public Tensor tensorinv(Tensor A, int ind) { return LinalgComposites.tensorinv(A, ind); }

    /** {@code linalg.tensorsolve(A, B)}: X with {@code tensordot(A, X, X.ndim) == B}. */
    public Tensor tensorsolve(Tensor A, Tensor B) { return LinalgComposites.tensorsolve(A, B, null); }

    /** {@code linalg.tensorsolve(A, B, dims)}: the dims of A moved last first. */
    public Tensor tensorsolve(Tensor A, Tensor B, long[] dims) { return LinalgComposites.tensorsolve(A, B, dims); }

    /** {@code linalg.matrix_exp(A)}: the exponential of each matrix. */
    public Tensor matrixExp(Tensor A) { return LinalgComposites.matrixExp(A); }

    /** {@code linalg.multi_dot(tensors)}. */
    public Tensor multiDot(List<Tensor> tensors) { return LinalgComposites.multiDot(tensors); }

    /** {@code linalg.multi_dot(tensors)}. */
    public Tensor multiDot(Tensor... tensors) { return LinalgComposites.multiDot(List.of(tensors)); }

    /** {@code linalg.cross(a, b)} along the last dim. */
    public Tensor cross(Tensor a, Tensor b) { return LinalgComposites.cross(a, b, -1); }

    /** {@code linalg.cross(a, b, dim=)}. */
    public Tensor cross(Tensor a, Tensor b, long dim) { return LinalgComposites.cross(a, b, dim); }

    /** {@code linalg.vecdot(x, y)} along the last dim. */
    public Tensor vecdot(Tensor x, Tensor y) { return LinalgComposites.vecdot(x, y, -1); }

    /** {@code linalg.vecdot(x, y, dim=)}. */
    public Tensor vecdot(Tensor x, Tensor y, long dim) { return LinalgComposites.vecdot(x, y, dim); }

    /** {@code linalg.matmul(a, b)}. */
    public Tensor matmul(Tensor a, Tensor b) { return a.matmul(b); }

    /** {@code linalg.diagonal(A)}: the main diagonal of the last two dims (a view). */
    public Tensor diagonal(Tensor A) { return A.diagonal(0, -2, -1); }

    /** {@code linalg.vander(x)}: powers 0..n-1 of x's elements as columns. */
    public Tensor vander(Tensor x) { return LinalgComposites.vander(x, null); }

    /** {@code linalg.vander(x, N=)}. */
    public Tensor vander(Tensor x, long N) { return LinalgComposites.vander(x, N); }
}
