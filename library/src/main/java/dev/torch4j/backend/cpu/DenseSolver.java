package dev.torch4j.backend.cpu;

/**
 * One matrix at a time: the factorizations {@link CpuLinalg} runs over a batch. Matrices are row-major {@code float[]}
 * or {@code double[]} arrays (the tensor's precision), read and overwritten in place; vectors of results
 * ({@code w}, {@code s}) are arrays of the same type. {@link Lapack} computes in that precision with OpenBLAS's LAPACK,
 * as PyTorch does; {@link JavaLapack} in plain Java, always in double.
 */
interface DenseSolver {
    /** getrf: {@code a} [m, n] in place; {@code piv} gets min(m, n) 1-based interchanges; returns info. */
    int lu(Object a, int m, int n, int[] piv);

    /** gesv: {@code b} [n, k] overwritten by {@code A^-1 b}; {@code a} [n, n] destroyed; returns info. */
    int solve(Object a, int n, Object b, int k);

    /** potrf: {@code a} [n, n] in place, the other triangle zeroed; returns info. */
    int cholesky(Object a, int n, boolean upper);

    /** geqrf + orgqr: {@code a} [m, n] destroyed; {@code r} [kr, n]; {@code q} [m, kq] or null. */
    void qr(Object a, int m, int n, Object q, int kq, Object r, int kr);

    /** geqrf of one row-major {@code [m, n]} matrix in place, tau of {@code min(m, n)} elements. */
    void geqrf(Object a, int m, int n, Object tau);

    /** syevd: {@code a} [n, n] symmetric, eigenvectors (columns) in its place when {@code vectors}; returns info. */
    int eigh(Object a, int n, boolean upper, Object w, boolean vectors);

    /**
     * geev: {@code a} [n, n] destroyed; {@code w} [2n] the eigenvalues as (re, im) pairs; {@code v} [n, n, 2] (null
     * for the values alone) the unit right eigenvectors as columns, complex as w; returns info.
     */
    int eig(Object a, int n, Object w, Object v);

    /**
     * gesdd: {@code a} [m, n] destroyed; {@code s} [min(m, n)] descending; {@code u} [m, ku] and {@code vh} [kv, n]
     * (ku = kv = min(m, n), or m and n for full matrices) unless null; returns info.
     */
    int svd(Object a, int m, int n, Object u, int ku, Object s, Object vh, int kv);

    /** trsm: {@code b} [n, k] overwritten by {@code A^-1 b}, A [n, n] triangular. */
    void solveTriangular(Object a, int n, Object b, int k, boolean upper, boolean unit);

    /**
     * sytrf with the lower triangle (Bunch-Kaufman diagonal pivoting): {@code a} [n, n], only its lower triangle read,
     * overwritten there by L (unit diagonal implicit) and the 1x1 and 2x2 blocks of D, as LAPACK stores them;
     * {@code piv} gets n 1-based interchanges, both entries of a 2x2 block negative; returns info (k > 0: D[k-1, k-1]
     * is exactly zero, the factorization still complete).
     */
    int ldl(Object a, int n, int[] piv);

    /** sytrs with the lower triangle: {@code b} [n, k] overwritten by {@code A^-1 b}, A given by {@link #ldl}'s output. */
    void ldlSolve(Object a, int n, int[] piv, Object b, int k);
}
