package dev.torch4j.backend.cpu;

/**
 * One complex matrix at a time: the complex factorizations {@link CpuLinalg} runs over a batch. A matrix is a row-major
 * {@code float[]} (complex64) or {@code double[]} (complex128) array of {@code 2 * rows * cols} elements, real and
 * imaginary parts interleaved: a complex tensor's real view, which is also LAPACK's complex layout. {@link ComplexLapack}
 * computes with OpenBLAS's c/z routines in the tensor's precision; {@link JavaComplexLapack} in plain Java, in double.
 * Real results (eigenvalues of Hermitian matrices, singular values) are plain arrays of the same precision.
 */
interface ComplexSolver {
    /** getrf: {@code a} [m, n] in place; {@code piv} gets min(m, n) 1-based interchanges; returns info. */
    int lu(Object a, int m, int n, int[] piv);

    /** gesv: {@code b} [n, k] overwritten by {@code A^-1 b}; {@code a} [n, n] destroyed; returns info. */
    int solve(Object a, int n, Object b, int k);

    /** potrf of a Hermitian matrix: {@code a} [n, n] in place, the other triangle zeroed; returns info. */
    int cholesky(Object a, int n, boolean upper);

    /** trsm: {@code b} [n, k] overwritten by {@code A^-1 b}, A [n, n] triangular. */
    void solveTriangular(Object a, int n, Object b, int k, boolean upper, boolean unit);

    /**
     * geqrf + ungqr: {@code a} [m, n] destroyed; {@code r} [kr, n] (its diagonal real, LAPACK's signs); {@code q}
     * [m, kq] unitary columns, or null.
     */
    void qr(Object a, int m, int n, Object q, int kq, Object r, int kr);

    /** geqrf of one [m, n] matrix in place; {@code tau} gets min(m, n) complex scalars (2 min(m, n) elements). */
    void geqrf(Object a, int m, int n, Object tau);

    /**
     * heevd: {@code a} [n, n] Hermitian (only the lower triangle read, or the upper with {@code upper}; the diagonal's
     * imaginary parts ignored); {@code w} [n] real, ascending; with {@code vectors} the orthonormal eigenvectors as
     * columns in a's place; returns info.
     */
    int eigh(Object a, int n, boolean upper, Object w, boolean vectors);

    /**
     * geev: {@code a} [n, n] destroyed; {@code w} [n] complex eigenvalues; {@code v} [n, n] (null for the values
     * alone) the right eigenvectors as columns, each of unit norm with its largest component real and positive;
     * returns info.
     */
    int eig(Object a, int n, Object w, Object v);

    /**
     * gesdd: {@code a} [m, n] destroyed; {@code s} [min(m, n)] real, descending; {@code u} [m, ku] and {@code vh}
     * [kv, n] (ku = kv = min(m, n), or m and n for full matrices) unless null; returns info.
     */
    int svd(Object a, int m, int n, Object u, int ku, Object s, Object vh, int kv);
}
