package dev.torch4j.backend.cpu;

/**
 * One matrix at a time, row-major {@code double[]} in and out: the factorizations {@link CpuLinalg} runs over a batch.
 * {@link Lapack} computes them with OpenBLAS's LAPACK (in float32 when {@code single}, as PyTorch does),
 * {@link JavaLapack} in plain Java (always in double).
 */
interface DenseSolver {
    /** getrf: {@code a} [m, n] in place; {@code piv} gets min(m, n) 1-based interchanges; returns info. */
    int lu(double[] a, int m, int n, int[] piv, boolean single);

    /** potrf: {@code a} [n, n] in place, the other triangle zeroed; returns info. */
    int cholesky(double[] a, int n, boolean upper, boolean single);

    /** geqrf + orgqr: {@code a} [m, n] destroyed; {@code r} [kr, n]; {@code q} [m, kq] or null. */
    void qr(double[] a, int m, int n, double[] q, int kq, double[] r, int kr, boolean single);

    /** syevd: {@code a} [n, n] symmetric, eigenvectors (columns) in its place when {@code vectors}; returns info. */
    int eigh(double[] a, int n, boolean upper, double[] w, boolean vectors, boolean single);

    /**
     * gesdd: {@code a} [m, n] destroyed; {@code s} [min(m, n)] descending; {@code u} [m, ku] and {@code vh} [kv, n]
     * (ku = kv = min(m, n), or m and n for full matrices) unless null; returns info.
     */
    int svd(double[] a, int m, int n, double[] u, int ku, double[] s, double[] vh, int kv, boolean single);

    /** trsm: {@code b} [n, k] overwritten by {@code A^-1 b}, A [n, n] triangular. */
    void solveTriangular(double[] a, int n, double[] b, int k, boolean upper, boolean unit, boolean single);
}
