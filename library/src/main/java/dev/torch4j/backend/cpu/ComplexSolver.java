package dev.torch4j.backend.cpu;

/**
 * One complex matrix at a time: the complex factorizations {@link CpuLinalg} runs over a batch. A matrix is a row-major
 * {@code float[]} (complex64) or {@code double[]} (complex128) array of {@code 2 * rows * cols} elements, real and
 * imaginary parts interleaved: a complex tensor's real view, which is also LAPACK's complex layout. {@link ComplexLapack}
 * computes with OpenBLAS's c/z routines in the tensor's precision; {@link JavaComplexLapack} in plain Java, in double.
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
}
