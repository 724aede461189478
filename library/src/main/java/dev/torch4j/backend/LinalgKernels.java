package dev.torch4j.backend;

/**
 * The matrix factorizations behind {@code torch.linalg} (LAPACK's getrf, potrf, geqrf/orgqr, syevd, geev, gesdd and
 * BLAS's trsm, and their complex forms). Every operand is a contiguous, row-major batch of matrices {@code [B, rows, cols]} of one floating dtype
 * (float32 or float64) that the op layer allocated for the call; inputs are overwritten. The complex forms take complex
 * batches through their real views. Each method returns LAPACK's
 * {@code info} per matrix where the factorization can fail (0: success).
 */
public interface LinalgKernels {
    /**
     * LU with partial pivoting of each {@code [m, n]} matrix of {@code a}, in place: the unit lower factor below the
     * diagonal, U on and above it; {@code pivots} (int32 {@code [B, min(m, n)]}) receives LAPACK's 1-based row
     * interchanges. Info {@code k > 0}: {@code U[k-1, k-1]} is exactly zero (the factorization is still complete).
     */
    int[] lu(Strided a, Strided pivots);

    /**
     * Solves {@code A X = B} for each {@code [n, n]} matrix of {@code a} (destroyed) and {@code [n, k]} matrix of
     * {@code b} (overwritten by X), by LU with partial pivoting (LAPACK's gesv). Info {@code k > 0}: A is singular
     * ({@code U[k-1, k-1]} is zero) and that matrix's X is not computed.
     */
    int[] solve(Strided a, Strided b);

    /**
     * Cholesky factor of each symmetric positive-definite {@code [n, n]} matrix of {@code a} (only the lower triangle,
     * or with {@code upper} the upper one, is read), in place; the other triangle is zeroed. Info {@code k > 0}: the
     * leading minor of order k is not positive-definite.
     */
    int[] cholesky(Strided a, boolean upper);

    /**
     * Householder QR of each {@code [m, n]} matrix of {@code a} (destroyed) with LAPACK's signs: {@code r} is
     * {@code [k, n]} and {@code q} (null when not wanted) {@code [m, k]}, where k is {@code m} (complete) or
     * {@code min(m, n)} (reduced) as the shapes given say.
     */
    void qr(Strided a, Strided q, Strided r);

    /**
     * LAPACK's geqrf of each {@code [m, n]} matrix of {@code a}, in place: R on and above the diagonal, the Householder
     * vectors below it (their leading 1 implicit), and the reflectors' scalars in {@code tau} ({@code [B, min(m, n)]}).
     */
    void geqrf(Strided a, Strided tau);

    /**
     * Eigenvalues, ascending, of each symmetric {@code [n, n]} matrix of {@code a} into {@code w} ({@code [B, n]}),
     * reading the lower triangle (or the upper with {@code upper}); with {@code vectors} {@code a} then holds the
     * orthonormal eigenvectors as columns. Info {@code > 0}: the algorithm did not converge.
     */
    int[] eigh(Strided a, Strided w, boolean upper, boolean vectors);

    /**
     * Eigenvalues of each general (non-symmetric) {@code [n, n]} matrix of {@code a} (destroyed) into {@code w}
     * ({@code [B, n, 2]}: real and imaginary parts, in LAPACK geev's order, a conjugate pair with its positive
     * imaginary part first); unless {@code v} is null, the right eigenvectors as the columns of {@code v}
     * ({@code [B, n, n, 2]}, complex as w), each of Euclidean norm 1 with its largest component real. Info
     * {@code > 0}: the QR algorithm did not converge.
     */
    int[] eig(Strided a, Strided w, Strided v);

    /**
     * Singular values, descending, of each {@code [m, n]} matrix of {@code a} (destroyed) into {@code s}
     * ({@code [B, min(m, n)]}); with {@code u} and {@code vh} (both null for the values alone) the singular vectors,
     * {@code u} {@code [m, m]} and {@code vh} {@code [n, n]} (full) or {@code [m, k]} and {@code [k, n]}
     * (reduced, {@code k = min(m, n)}) as their shapes say. Info {@code > 0}: the algorithm did not converge.
     */
    int[] svd(Strided a, Strided u, Strided s, Strided vh);

    /**
     * Solves {@code A X = B} in place of each {@code [n, k]} matrix of {@code b}, A the {@code [n, n]} matrices of
     * {@code a} read as triangular (upper or lower, with an implicit unit diagonal when asked); no check for zeros on
     * the diagonal (they give inf and NaN, as BLAS's trsm).
     */
    void solveTriangular(Strided a, Strided b, boolean upper, boolean unitDiagonal);

    /**
     * LAPACK's sytrf with the lower triangle (Bunch-Kaufman LDL^T) of each symmetric {@code [n, n]} matrix of {@code a}
     * (only its lower triangle read), in place: L (unit diagonal implicit) and the 1x1 and 2x2 blocks of D in the lower
     * triangle, the strict upper triangle left as it was; {@code pivots} (int32 {@code [B, n]}) receives LAPACK's
     * 1-based interchanges, both entries of a 2x2 block negative. Info {@code k > 0}: {@code D[k-1, k-1]} is exactly
     * zero (the factorization is still complete).
     */
    int[] ldl(Strided a, Strided pivots);

    /**
     * LAPACK's sytrs with the lower triangle: each {@code [n, k]} matrix of {@code b} overwritten by {@code A^-1 b}, A
     * given by {@link #ldl}'s factors {@code a} ({@code [B, n, n]}) and {@code pivots} ({@code [B, n]}, int32).
     */
    void ldlSolve(Strided a, Strided pivots, Strided b);

    // ---- complex batches. Each operand is the real view {@code [..., rows, cols, 2]} of a contiguous complex batch
    // (complex64 as float32, complex128 as float64; real and imaginary parts interleaved, LAPACK's complex layout).

    /** {@link #lu} of complex matrices (LAPACK's zgetrf): the same packed factors and 1-based pivots. */
    int[] luComplex(Strided a, Strided pivots);

    /** {@link #solve} of complex systems (zgesv). */
    int[] solveComplex(Strided a, Strided b);

    /**
     * {@link #cholesky} of complex Hermitian positive-definite matrices (zpotrf): {@code A = L L^H}, or {@code U^H U}
     * with {@code upper}; the factor's diagonal is real and positive.
     */
    int[] choleskyComplex(Strided a, boolean upper);

    /** {@link #solveTriangular} of complex systems (ztrsm). */
    void solveTriangularComplex(Strided a, Strided b, boolean upper, boolean unitDiagonal);

    /**
     * {@link #qr} of complex matrices (zgeqrf + zungqr): R's diagonal is real (zlarfg's beta, of the sign opposite to
     * the column's leading real part), Q's columns orthonormal.
     */
    void qrComplex(Strided a, Strided q, Strided r);

    /** {@link #geqrf} of complex matrices (zgeqrf); {@code tau} is the real view of the complex scalars. */
    void geqrfComplex(Strided a, Strided tau);

    /**
     * {@link #eigh} of complex Hermitian matrices (zheevd): {@code w} is real ({@code [B, n]}, the real dtype of a's
     * parts), ascending; the eigenvectors unitary columns, each free up to a unit phase.
     */
    int[] eighComplex(Strided a, Strided w, boolean upper, boolean vectors);

    /**
     * {@link #eig} of general complex matrices (zgeev): {@code w} the real view of the eigenvalues, {@code v} (null for
     * the values alone) of the right eigenvectors, each of Euclidean norm 1 with its largest component real and positive.
     */
    int[] eigComplex(Strided a, Strided w, Strided v);

    /** {@link #svd} of complex matrices (zgesdd): {@code s} real ({@code [B, min(m, n)]}), U and Vh complex. */
    int[] svdComplex(Strided a, Strided u, Strided s, Strided vh);
}
