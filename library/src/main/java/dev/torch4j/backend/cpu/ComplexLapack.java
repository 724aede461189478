package dev.torch4j.backend.cpu;

import static dev.torch4j.backend.cpu.Lapack.call;
import static dev.torch4j.backend.cpu.Lapack.chr;
import static dev.torch4j.backend.cpu.Lapack.ints;
import static dev.torch4j.backend.cpu.Lapack.newLike;
import static dev.torch4j.backend.cpu.Lapack.p;
import static dev.torch4j.backend.cpu.Lapack.seg;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * LAPACK's complex factorizations (cgetrf/zgetrf, cgesv/zgesv, cpotrf/zpotrf) and BLAS's ctrsm/ztrsm from the
 * OpenBLAS that {@link OpenBlas} loaded, bound as {@link Lapack} binds the real ones (same thread, same by-reference
 * arguments over the caller's heap arrays). A complex tensor's interleaved real view is LAPACK's complex layout, so the
 * arrays go in as they are; only the row-major order needs care. LU and gesv transpose in and out. potrf needs no
 * transpose: the row-major array read column-major is {@code A^T = conj(A)} for a Hermitian A, and the column-major upper
 * factor of {@code conj(A) = conj(L) L^T} is {@code L^T}, whose row-major reading is L (the upper case likewise gives U).
 */
final class ComplexLapack implements ComplexSolver {
    /** The bound routines, or null when OpenBLAS is missing or lacks one of them. */
    static final ComplexLapack INSTANCE = bind();

    /** Index 0: complex64 (c...), 1: complex128 (z...). */
    private final MethodHandle[] getrf, gesv, potrf, trsm;

    private ComplexLapack(MethodHandle[] getrf, MethodHandle[] gesv, MethodHandle[] potrf, MethodHandle[] trsm) {
        this.getrf = getrf;
        this.gesv = gesv;
        this.potrf = potrf;
        this.trsm = trsm;
    }

    private static ComplexLapack bind() {
        SymbolLookup lib = OpenBlas.LIB;
        if (lib == null || Lapack.INSTANCE == null) return null;
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle[] getrf = Lapack.fortran(linker, lib, "cz", "getrf_", 6, 0);
            MethodHandle[] gesv = Lapack.fortran(linker, lib, "cz", "gesv_", 8, 0);
            MethodHandle[] potrf = Lapack.fortran(linker, lib, "cz", "potrf_", 5, 1);
            MethodHandle[] trsm = new MethodHandle[2];
            for (int p = 0; p < 2; p++) {
                MemorySegment sym = lib.find(p == 0 ? "cblas_ctrsm" : "cblas_ztrsm").orElse(null);
                if (sym == null) return null;
                // complex cblas routines take alpha by pointer
                trsm[p] = linker.downcallHandle(sym, FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.critical(true));
            }
            if (getrf == null || gesv == null || potrf == null) return null;
            return new ComplexLapack(getrf, gesv, potrf, trsm);
        } catch (RuntimeException e) {
            return null;  // e.g. native access not enabled: the Java fallback serves
        }
    }

    /** The [rows, cols] row-major complex matrix in {@code src} as [cols, rows] in {@code dst}. */
    static void transpose(Object src, int rows, int cols, Object dst) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d[2 * (j * rows + i)] = s[2 * (i * cols + j)];
                    d[2 * (j * rows + i) + 1] = s[2 * (i * cols + j) + 1];
                }
            }
        } else {
            double[] s = (double[]) src, d = (double[]) dst;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    d[2 * (j * rows + i)] = s[2 * (i * cols + j)];
                    d[2 * (j * rows + i) + 1] = s[2 * (i * cols + j) + 1];
                }
            }
        }
    }

    @Override
    public int lu(Object a, int m, int n, int[] piv) { return Lapack.getrf(getrf[p(a)], ComplexLapack::transpose, 2, a, m, n, piv); }

    @Override
    public int solve(Object a, int n, Object b, int k) { return Lapack.gesv(gesv[p(a)], ComplexLapack::transpose, 2, a, n, b, k); }

    @Override
    public int cholesky(Object a, int n, boolean upper) {
        int[] info = {0};
        call(potrf[p(a)], "potrf", chr(upper ? 'L' : 'U'), ints(n), seg(a), ints(Math.max(1, n)), ints(info), 1L);
        for (int i = 0; i < n; i++) {  // zero the triangle potrf did not write
            int from = 2 * (i * n + (upper ? 0 : i + 1)), to = 2 * (i * n + (upper ? i : n));
            if (a instanceof float[] f) Arrays.fill(f, from, to, 0f);
            else Arrays.fill((double[]) a, from, to, 0d);
        }
        return info[0];
    }

    @Override
    public void solveTriangular(Object a, int n, Object b, int k, boolean upper, boolean unit) {
        if (n == 0 || k == 0) return;
        OpenBlas.setNumThreads(Parallel.numThreads());
        Object one = newLike(a, 2);
        if (one instanceof float[] f) f[0] = 1;
        else ((double[]) one)[0] = 1;
        try {
            trsm[p(a)].invokeExact(Lapack.ROW_MAJOR, Lapack.LEFT, upper ? Lapack.UPPER : Lapack.LOWER, Lapack.NO_TRANS,
                    unit ? Lapack.UNIT : Lapack.NON_UNIT, n, k, seg(one), seg(a), n, seg(b), k);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas trsm failed", e);
        }
    }
}
