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
 * LAPACK's complex factorizations (getrf, gesv, potrf, geqrf/ungqr, heevd, geev, gesdd in their c and z forms) and
 * BLAS's ctrsm/ztrsm from the OpenBLAS that {@link OpenBlas} loaded, bound as {@link Lapack} binds the real ones (same
 * thread, same by-reference arguments over the caller's heap arrays). A complex tensor's interleaved real view is
 * LAPACK's complex layout, so the arrays go in as they are; only the row-major order needs care. LU, gesv, QR, heevd
 * and geev transpose in (and out), so that LAPACK sees A as PyTorch hands it over (heevd with PyTorch's UPLO, so the
 * eigenvectors' phases are LAPACK's for A). potrf needs no transpose: the row-major array read column-major is
 * {@code A^T = conj(A)} for a Hermitian A, and the column-major upper factor of {@code conj(A) = conj(L) L^T} is
 * {@code L^T}, whose row-major reading is L (the upper case likewise gives U). gesdd runs on the column-major reading
 * {@code A^T = conj(V) S U^T}, as the real SVD does: its U read row-major is A's Vh and its VT read row-major is A's U.
 */
final class ComplexLapack implements ComplexSolver {
    /** The bound routines, or null when OpenBLAS is missing or lacks one of them. */
    static final ComplexLapack INSTANCE = bind();

    /** Index 0: complex64 (c...), 1: complex128 (z...). */
    private final MethodHandle[] getrf, gesv, potrf, trsm, geqrf, ungqr, heevd, geev, gesdd;

    private ComplexLapack(MethodHandle[][] h) {
        getrf = h[0];
        gesv = h[1];
        potrf = h[2];
        trsm = h[3];
        geqrf = h[4];
        ungqr = h[5];
        heevd = h[6];
        geev = h[7];
        gesdd = h[8];
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
            MethodHandle[][] h = {getrf, gesv, potrf, trsm, Lapack.fortran(linker, lib, "cz", "geqrf_", 8, 0),
                Lapack.fortran(linker, lib, "cz", "ungqr_", 9, 0), Lapack.fortran(linker, lib, "cz", "heevd_", 13, 2),
                Lapack.fortran(linker, lib, "cz", "geev_", 14, 2), Lapack.fortran(linker, lib, "cz", "gesdd_", 15, 1)};
            for (MethodHandle[] pair : h) if (pair == null) return null;
            return new ComplexLapack(h);
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

    // ---- QR, eigendecompositions and the SVD. Workspace queries (lwork = -1) return a complex size in work[0]

    /** A complex workspace of the size a query wrote into {@code query[0]} (its real part), the size into {@code lwork[0]}. */
    private static Object workspace(Object like, Object query, int[] lwork) {
        lwork[0] = (int) Math.max(1, Math.ceil(Lapack.get(query, 0)));
        return newLike(like, 2 * lwork[0]);
    }

    /** A real workspace of the size a query wrote into {@code query[0]}, the size into {@code lrwork[0]}. */
    private static Object realWorkspace(Object like, Object query, int[] lrwork) {
        lrwork[0] = (int) Math.max(1, Math.ceil(Lapack.get(query, 0)));
        return newLike(like, lrwork[0]);
    }

    /** geqrf of the column-major {@code t} [m, n] in place, its scalars into tau. */
    private void geqrfColumnMajor(Object t, int m, int n, Object tau) {
        int[] info = {0}, lwork = {-1};
        Object query = newLike(t, 2);
        MethodHandle f = geqrf[p(t)];
        call(f, "geqrf", ints(m), ints(n), seg(t), ints(Math.max(1, m)), seg(tau), seg(query), ints(lwork), ints(info));
        call(f, "geqrf", ints(m), ints(n), seg(t), ints(Math.max(1, m)), seg(tau), seg(workspace(t, query, lwork)), ints(lwork),
                ints(info));
    }

    @Override
    public void geqrf(Object a, int m, int n, Object tau) {
        Object t = newLike(a, 2 * m * n);
        transpose(a, m, n, t);
        geqrfColumnMajor(t, m, n, tau);
        transpose(t, n, m, a);
    }

    @Override
    public void qr(Object a, int m, int n, Object q, int kq, Object r, int kr) {
        int k = Math.min(m, n);
        Object t = newLike(a, 2 * m * n), tau = newLike(a, 2 * k);
        transpose(a, m, n, t);
        geqrfColumnMajor(t, m, n, tau);
        for (int i = 0; i < kr; i++) {  // R: the upper triangle of the first rows, zero below (and past row k)
            for (int j = 0; j < n; j++) {
                boolean upper = i < k && j >= i;
                for (int c = 0; c < 2; c++) {
                    double v = upper ? Lapack.get(t, 2 * (j * m + i) + c) : 0;
                    if (r instanceof float[] rf) rf[2 * (i * n + j) + c] = (float) v;
                    else ((double[]) r)[2 * (i * n + j) + c] = v;
                }
            }
        }
        if (q == null || m == 0) return;
        Object qt = newLike(a, 2 * m * kq);  // column-major Q: the reflectors, then ungqr
        System.arraycopy(t, 0, qt, 0, 2 * m * Math.min(kq, n));
        int[] info = {0}, lwork = {-1};
        Object query = newLike(a, 2);
        MethodHandle g = ungqr[p(a)];
        int ld = Math.max(1, m);
        call(g, "ungqr", ints(m), ints(kq), ints(k), seg(qt), ints(ld), seg(tau), seg(query), ints(lwork), ints(info));
        call(g, "ungqr", ints(m), ints(kq), ints(k), seg(qt), ints(ld), seg(tau), seg(workspace(a, query, lwork)), ints(lwork),
                ints(info));
        transpose(qt, kq, m, q);
    }

    @Override
    public int eigh(Object a, int n, boolean upper, Object w, boolean vectors) {
        // column-major A with PyTorch's UPLO (a Hermitian matrix read column-major from row-major memory would be
        // conj(A), whose eigenvectors are A's conjugated: right up to phases, but not LAPACK's phases for A)
        Object t = newLike(a, 2 * n * n), query = newLike(a, 2), rquery = newLike(a, 1);
        transpose(a, n, n, t);
        int[] info = {0}, lwork = {-1}, lrwork = {-1}, liwork = {-1}, iquery = {0};
        MemorySegment jobz = chr(vectors ? 'V' : 'N'), uplo = chr(upper ? 'U' : 'L');
        MethodHandle f = heevd[p(a)];
        int ld = Math.max(1, n);
        call(f, "heevd", jobz, uplo, ints(n), seg(t), ints(ld), seg(w), seg(query), ints(lwork), seg(rquery), ints(lrwork),
                ints(iquery), ints(liwork), ints(info), 1L, 1L);
        Object work = workspace(a, query, lwork), rwork = realWorkspace(a, rquery, lrwork);
        liwork[0] = Math.max(1, iquery[0]);
        call(f, "heevd", jobz, uplo, ints(n), seg(t), ints(ld), seg(w), seg(work), ints(lwork), seg(rwork), ints(lrwork),
                ints(new int[liwork[0]]), ints(liwork), ints(info), 1L, 1L);
        if (vectors) transpose(t, n, n, a);
        return info[0];
    }

    @Override
    public int eig(Object a, int n, Object w, Object v) {
        Object t = newLike(a, 2 * n * n), vr = newLike(a, v == null ? 2 : 2 * n * n), vl = newLike(a, 2);
        Object query = newLike(a, 2), rwork = newLike(a, 2 * n);
        transpose(a, n, n, t);
        int[] info = {0}, lwork = {-1};
        MemorySegment jobvl = chr('N'), jobvr = chr(v == null ? 'N' : 'V');
        int ld = Math.max(1, n), ldvr = v == null ? 1 : ld;
        MethodHandle f = geev[p(a)];
        call(f, "geev", jobvl, jobvr, ints(n), seg(t), ints(ld), seg(w), seg(vl), ints(1), seg(vr), ints(ldvr), seg(query),
                ints(lwork), seg(rwork), ints(info), 1L, 1L);
        call(f, "geev", jobvl, jobvr, ints(n), seg(t), ints(ld), seg(w), seg(vl), ints(1), seg(vr), ints(ldvr),
                seg(workspace(a, query, lwork)), ints(lwork), seg(rwork), ints(info), 1L, 1L);
        if (v != null && info[0] == 0) transpose(vr, n, n, v);  // column-major VR to row-major: the vectors stay columns
        return info[0];
    }

    @Override
    public int svd(Object a, int m, int n, Object u, int ku, Object s, Object vh, int kv) {
        int k = Math.min(m, n), mx = Math.max(m, n);
        boolean vectors = u != null, full = vectors && (ku > k || kv > k);
        int[] info = {0}, lwork = {-1};
        Object query = newLike(a, 2);
        int ldu = Math.max(1, n), ldvt = Math.max(1, vectors ? ku : 1);
        Object uu = vectors ? vh : newLike(a, 2), vt = vectors ? u : newLike(a, 2);
        MemorySegment jobz = chr(!vectors ? 'N' : full ? 'A' : 'S');
        // rwork as zgesdd documents it (the largest of its versions' bounds)
        long lrwork = vectors ? Math.max(5L * k * k + 5L * k, 2L * mx * k + 2L * k * k + k) : 7L * k;
        Object rwork = newLike(a, Math.toIntExact(Math.max(1, lrwork)));
        int[] iwork = new int[Math.max(1, 8 * k)];
        MethodHandle f = gesdd[p(a)];
        call(f, "gesdd", jobz, ints(n), ints(m), seg(a), ints(Math.max(1, n)), seg(s), seg(uu), ints(ldu), seg(vt), ints(ldvt),
                seg(query), ints(lwork), seg(rwork), ints(iwork), ints(info), 1L);
        call(f, "gesdd", jobz, ints(n), ints(m), seg(a), ints(Math.max(1, n)), seg(s), seg(uu), ints(ldu), seg(vt), ints(ldvt),
                seg(workspace(a, query, lwork)), ints(lwork), seg(rwork), ints(iwork), ints(info), 1L);
        return info[0];
    }
}
