package dev.torch4j.backend.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * LAPACK's factorizations (and BLAS's trsm) from the OpenBLAS that {@link OpenBlas} loaded, through the FFM API.
 *
 * <p>LAPACK is Fortran: every argument is passed by reference, matrices are column-major, and gfortran appends one
 * hidden length per CHARACTER argument (passed here as 1; a callee built without them ignores the extra registers).
 * The downcalls are {@code critical(true)}: the caller's heap arrays (in the tensor's precision) go to LAPACK as they
 * are, as for GEMM (see {@link OpenBlas}). A row-major array read column-major is the transpose, which the symmetric
 * routines and the SVD use instead of copying: potrf and syevd run on it with the other triangle named, and gesdd of
 * A^T returns A's U and Vh in each other's buffers; LU and QR transpose in and out, geev in. Workspace sizes come from
 * LAPACK's own queries (lwork = -1).
 *
 * <p>Note [stack]: OpenBLAS's getrf keeps buffers on the calling thread's stack, more than a Java thread's default
 * 1 MB (a 256 x 256 LU overflowed it and killed the JVM; 4096 x 4096 needs more than 4 MB). Every call therefore runs
 * on one daemon thread of this class, created with a {@value #STACK_BYTES}-byte stack ({@link #run}); the stack is
 * reserved address space, touched only as deep as a call goes.
 */
final class Lapack implements DenseSolver {
    static final int ROW_MAJOR = 101, NO_TRANS = 111, UPPER = 121, LOWER = 122, NON_UNIT = 131, UNIT = 132,
            LEFT = 141;

    static final long STACK_BYTES = 256L << 20;
    private static final java.util.concurrent.ExecutorService THREAD = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "torch4j-lapack", STACK_BYTES);
        t.setDaemon(true);
        return t;
    });
    private static volatile Thread lapackThread;

    /** Runs {@code body} on the LAPACK thread (directly when already there); its exceptions propagate. */
    static <T> T run(java.util.function.Supplier<T> body) {
        if (Thread.currentThread() == lapackThread) return body.get();
        java.util.concurrent.Future<T> f = THREAD.submit(() -> {
            lapackThread = Thread.currentThread();
            return body.get();
        });
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for LAPACK", e);
        }
    }

    /** The bound routines, or null when OpenBLAS is missing or lacks one of them. */
    static final Lapack INSTANCE = bind();

    /** Index 0: single precision (s...), 1: double (d...). */
    private final MethodHandle[] getrf, potrf, geqrf, orgqr, syevd, gesdd, trsm, gesv, geev, sytrf, sytrs;

    private Lapack(MethodHandle[][] h) {
        getrf = h[0];
        potrf = h[1];
        geqrf = h[2];
        orgqr = h[3];
        syevd = h[4];
        gesdd = h[5];
        trsm = h[6];
        gesv = h[7];
        geev = h[8];
        sytrf = h[9];
        sytrs = h[10];
    }

    private static Lapack bind() {
        SymbolLookup lib = OpenBlas.LIB;
        if (lib == null) return null;
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle[][] h = {
                fortran(linker, lib, "getrf_", 6, 0), fortran(linker, lib, "potrf_", 5, 1),
                fortran(linker, lib, "geqrf_", 8, 0), fortran(linker, lib, "orgqr_", 9, 0),
                fortran(linker, lib, "syevd_", 11, 2), fortran(linker, lib, "gesdd_", 14, 1), null,
                fortran(linker, lib, "gesv_", 8, 0), fortran(linker, lib, "geev_", 14, 2),
                fortran(linker, lib, "sytrf_", 8, 1), fortran(linker, lib, "sytrs_", 9, 1)};
            MethodHandle[] t = new MethodHandle[2];
            for (int p = 0; p < 2; p++) {
                MemorySegment sym = lib.find((p == 0 ? "cblas_strsm" : "cblas_dtrsm")).orElse(null);
                if (sym == null) return null;
                MemoryLayout scalar = p == 0 ? JAVA_FLOAT : JAVA_DOUBLE;
                t[p] = linker.downcallHandle(sym, FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_INT, JAVA_INT, JAVA_INT, scalar, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.critical(true));
            }
            h[6] = t;
            for (MethodHandle[] pair : h) if (pair == null) return null;
            return new Lapack(h);
        } catch (RuntimeException e) {
            return null;  // e.g. native access not enabled: the Java fallback serves
        }
    }

    /** {@code s<name>} and {@code d<name>}: {@code pointers} by-reference arguments, then {@code lengths} hidden lengths. */
    private static MethodHandle[] fortran(Linker linker, SymbolLookup lib, String name, int pointers, int lengths) {
        return fortran(linker, lib, "sd", name, pointers, lengths);
    }

    /**
     * The single- and double-precision routines {@code <prefixes[0]><name>} and {@code <prefixes[1]><name>} ("sd" for
     * real, "cz" for complex), or null when OpenBLAS lacks one.
     */
    static MethodHandle[] fortran(Linker linker, SymbolLookup lib, String prefixes, String name, int pointers, int lengths) {
        MemoryLayout[] args = new MemoryLayout[pointers + lengths];
        Arrays.fill(args, 0, pointers, ADDRESS);
        Arrays.fill(args, pointers, args.length, JAVA_LONG);
        MethodHandle[] pair = new MethodHandle[2];
        for (int p = 0; p < 2; p++) {
            MemorySegment sym = lib.find(prefixes.charAt(p) + name).orElse(null);
            if (sym == null) return null;
            pair[p] = linker.downcallHandle(sym, FunctionDescriptor.ofVoid(args), Linker.Option.critical(true));
        }
        return pair;
    }

    /** One LAPACK call, on the LAPACK thread (see Note [stack]); {@link CpuLinalg} runs whole batches there. */
    static void call(MethodHandle h, String name, Object... args) {
        OpenBlas.setNumThreads(Parallel.numThreads());
        run(() -> {
            try {
                h.invokeWithArguments(args);
            } catch (Throwable e) {
                throw new IllegalStateException("LAPACK " + name + " failed", e);
            }
            return null;
        });
    }

    // ---- heap arguments: Fortran takes every scalar by reference

    static MemorySegment seg(Object array) {
        return array instanceof float[] f ? MemorySegment.ofArray(f) : MemorySegment.ofArray((double[]) array);
    }

    static MemorySegment ints(int... v) { return MemorySegment.ofArray(v); }

    static MemorySegment chr(char c) { return MemorySegment.ofArray(new byte[] {(byte) c}); }

    private static boolean single(Object a) { return a instanceof float[]; }

    static int p(Object a) { return single(a) ? 0 : 1; }

    static Object newLike(Object a, int n) { return single(a) ? new float[Math.max(1, n)] : new double[Math.max(1, n)]; }

    static double get(Object a, int i) { return a instanceof float[] f ? f[i] : ((double[]) a)[i]; }

    /** A workspace of the size a query (lwork = -1) wrote into {@code query[0]}, its size stored in {@code lwork[0]}. */
    private static Object workspace(Object like, Object query, int[] lwork) {
        lwork[0] = (int) Math.max(1, Math.ceil(get(query, 0)));
        return newLike(like, lwork[0]);
    }

    /** The [rows, cols] row-major matrix in {@code src} as [cols, rows] in {@code dst} (ld = rows), in blocks. */
    static void transpose(Object src, int rows, int cols, Object dst) {
        final int bs = 32;
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i0 = 0; i0 < rows; i0 += bs) {
                for (int j0 = 0; j0 < cols; j0 += bs) {
                    for (int i = i0; i < Math.min(rows, i0 + bs); i++) {
                        for (int j = j0; j < Math.min(cols, j0 + bs); j++) d[j * rows + i] = s[i * cols + j];
                    }
                }
            }
        } else {
            double[] s = (double[]) src, d = (double[]) dst;
            for (int i0 = 0; i0 < rows; i0 += bs) {
                for (int j0 = 0; j0 < cols; j0 += bs) {
                    for (int i = i0; i < Math.min(rows, i0 + bs); i++) {
                        for (int j = j0; j < Math.min(cols, j0 + bs); j++) d[j * rows + i] = s[i * cols + j];
                    }
                }
            }
        }
    }

    private static void zeroTriangle(Object a, int n, boolean upperPart) {
        for (int i = 0; i < n; i++) {
            int from = upperPart ? i + 1 : 0, to = upperPart ? n : i;
            if (a instanceof float[] f) Arrays.fill(f, i * n + from, i * n + to, 0f);
            else Arrays.fill((double[]) a, i * n + from, i * n + to, 0d);
        }
    }

    @Override
    public int lu(Object a, int m, int n, int[] piv) { return getrf(getrf[p(a)], Lapack::transpose, 1, a, m, n, piv); }

    @Override
    public int solve(Object a, int n, Object b, int k) { return gesv(gesv[p(a)], Lapack::transpose, 1, a, n, b, k); }

    /** A row-major [rows, cols] matrix written column-major (real, or complex pairs). */
    interface Transpose {
        void apply(Object src, int rows, int cols, Object dst);
    }

    /** getrf (s/d/c/z by {@code h}) of a row-major matrix of {@code width}-element entries, transposed in and out. */
    static int getrf(MethodHandle h, Transpose transpose, int width, Object a, int m, int n, int[] piv) {
        Object t = newLike(a, width * m * n);  // column-major A
        transpose.apply(a, m, n, t);
        int[] info = {0};
        call(h, "getrf", ints(m), ints(n), seg(t), ints(Math.max(1, m)), ints(piv.length == 0 ? new int[1] : piv), ints(info));
        transpose.apply(t, n, m, a);
        return info[0];
    }

    /** gesv, as {@link #getrf}: A^T's factorization would not solve A X = B, so A, B and X are transposed. */
    static int gesv(MethodHandle h, Transpose transpose, int width, Object a, int n, Object b, int k) {
        Object at = newLike(a, width * n * n), bt = newLike(b, width * n * k);
        transpose.apply(a, n, n, at);
        transpose.apply(b, n, k, bt);
        int[] info = {0};
        call(h, "gesv", ints(n), ints(k), seg(at), ints(Math.max(1, n)), ints(new int[Math.max(1, n)]), seg(bt),
                ints(Math.max(1, n)), ints(info));
        if (info[0] == 0) transpose.apply(bt, k, n, b);
        return info[0];
    }

    @Override
    public int cholesky(Object a, int n, boolean upper) {
        // A is symmetric, so its column-major reading is A: the row-major lower factor is the column-major upper one
        int[] info = {0};
        call(potrf[p(a)], "potrf", chr(upper ? 'L' : 'U'), ints(n), seg(a), ints(Math.max(1, n)), ints(info), 1L);
        zeroTriangle(a, n, !upper);
        return info[0];
    }

    @Override
    public void geqrf(Object a, int m, int n, Object tau) {
        int ld = Math.max(1, m);
        Object t = newLike(a, m * n), query = newLike(a, 1);
        transpose(a, m, n, t);
        int[] info = {0}, lwork = {-1};
        MethodHandle f = geqrf[p(a)];
        call(f, "geqrf", ints(m), ints(n), seg(t), ints(ld), seg(tau), seg(query), ints(lwork), ints(info));
        call(f, "geqrf", ints(m), ints(n), seg(t), ints(ld), seg(tau), seg(workspace(a, query, lwork)), ints(lwork), ints(info));
        transpose(t, n, m, a);
    }

    @Override
    public void qr(Object a, int m, int n, Object q, int kq, Object r, int kr) {
        int k = Math.min(m, n), ld = Math.max(1, m);
        Object t = newLike(a, m * n), tau = newLike(a, k), query = newLike(a, 1);
        transpose(a, m, n, t);
        int[] info = {0}, lwork = {-1};
        MethodHandle f = geqrf[p(a)];
        call(f, "geqrf", ints(m), ints(n), seg(t), ints(ld), seg(tau), seg(query), ints(lwork), ints(info));
        call(f, "geqrf", ints(m), ints(n), seg(t), ints(ld), seg(tau), seg(workspace(a, query, lwork)), ints(lwork), ints(info));
        for (int i = 0; i < kr; i++) {  // R: the upper triangle of the first rows, zero below (and past row k)
            for (int j = 0; j < n; j++) {
                double v = i < k && j >= i ? get(t, j * m + i) : 0;
                if (r instanceof float[] rf) rf[i * n + j] = (float) v;
                else ((double[]) r)[i * n + j] = v;
            }
        }
        if (q == null || m == 0) return;
        Object qt = newLike(a, m * kq);  // column-major Q: the reflectors, then orgqr
        System.arraycopy(t, 0, qt, 0, m * Math.min(kq, n));
        MethodHandle g = orgqr[p(a)];
        lwork[0] = -1;
        call(g, "orgqr", ints(m), ints(kq), ints(k), seg(qt), ints(ld), seg(tau), seg(query), ints(lwork), ints(info));
        call(g, "orgqr", ints(m), ints(kq), ints(k), seg(qt), ints(ld), seg(tau), seg(workspace(a, query, lwork)), ints(lwork),
                ints(info));
        transpose(qt, kq, m, q);
    }

    @Override
    public int eigh(Object a, int n, boolean upper, Object w, boolean vectors) {
        // the row-major lower triangle is the column-major upper one; the eigenvectors come back as columns of a
        // column-major matrix, i.e. as rows of the array, and are transposed into place
        int[] info = {0}, lwork = {-1}, liwork = {-1}, iquery = {0};
        Object query = newLike(a, 1);
        MemorySegment jobz = chr(vectors ? 'V' : 'N'), uplo = chr(upper ? 'L' : 'U');
        MethodHandle f = syevd[p(a)];
        call(f, "syevd", jobz, uplo, ints(n), seg(a), ints(Math.max(1, n)), seg(w), seg(query), ints(lwork), ints(iquery),
                ints(liwork), ints(info), 1L, 1L);
        Object work = workspace(a, query, lwork);
        liwork[0] = Math.max(1, iquery[0]);
        call(f, "syevd", jobz, uplo, ints(n), seg(a), ints(Math.max(1, n)), seg(w), seg(work), ints(lwork),
                ints(new int[liwork[0]]), ints(liwork), ints(info), 1L, 1L);
        if (vectors) {
            Object t = newLike(a, n * n);
            transpose(a, n, n, t);
            System.arraycopy(t, 0, a, 0, n * n);
        }
        return info[0];
    }

    @Override
    public int eig(Object a, int n, Object w, Object v) {
        // geev reads A column-major, so A is transposed in; VR comes back column-major, one eigenvector per column,
        // conjugate pairs packed as geev packs them (GeneralEigen.pack unpacks them)
        Object t = newLike(a, n * n), wr = newLike(a, n), wi = newLike(a, n), vr = newLike(a, v == null ? 1 : n * n);
        transpose(a, n, n, t);
        int[] info = {0}, lwork = {-1};
        Object query = newLike(a, 1), vl = newLike(a, 1);
        MemorySegment jobvl = chr('N'), jobvr = chr(v == null ? 'N' : 'V');
        int ld = Math.max(1, n), ldvr = v == null ? 1 : ld;
        MethodHandle f = geev[p(a)];
        call(f, "geev", jobvl, jobvr, ints(n), seg(t), ints(ld), seg(wr), seg(wi), seg(vl), ints(1), seg(vr), ints(ldvr),
                seg(query), ints(lwork), ints(info), 1L, 1L);
        call(f, "geev", jobvl, jobvr, ints(n), seg(t), ints(ld), seg(wr), seg(wi), seg(vl), ints(1), seg(vr), ints(ldvr),
                seg(workspace(a, query, lwork)), ints(lwork), ints(info), 1L, 1L);
        GeneralEigen.pack(n, doubles(wr, n), doubles(wi, n), v == null || info[0] != 0 ? null : doubles(vr, n * n), w,
                info[0] != 0 ? null : v);
        return info[0];
    }

    /** The first {@code len} elements of a float[] or double[] as a double[]. */
    private static double[] doubles(Object a, int len) {
        double[] d = new double[len];
        for (int i = 0; i < len; i++) d[i] = get(a, i);
        return d;
    }

    @Override
    public int svd(Object a, int m, int n, Object u, int ku, Object s, Object vh, int kv) {
        // gesdd of the column-major reading A^T = V S U^T: its U is A's V (read row-major: Vh), its VT is A's U^T
        // (read row-major: U); so A's vh buffer takes its U and A's u buffer its VT
        int k = Math.min(m, n);
        boolean vectors = u != null, full = vectors && (ku > k || kv > k);
        int[] info = {0}, lwork = {-1};
        Object query = newLike(a, 1);
        int ldu = Math.max(1, n), ldvt = Math.max(1, vectors ? ku : 1);
        Object uu = vectors ? vh : newLike(a, 1), vt = vectors ? u : newLike(a, 1);
        MemorySegment jobz = chr(!vectors ? 'N' : full ? 'A' : 'S');
        int[] iwork = new int[Math.max(1, 8 * k)];
        MethodHandle f = gesdd[p(a)];
        call(f, "gesdd", jobz, ints(n), ints(m), seg(a), ints(Math.max(1, n)), seg(s), seg(uu), ints(ldu), seg(vt), ints(ldvt),
                seg(query), ints(lwork), ints(iwork), ints(info), 1L);
        call(f, "gesdd", jobz, ints(n), ints(m), seg(a), ints(Math.max(1, n)), seg(s), seg(uu), ints(ldu), seg(vt), ints(ldvt),
                seg(workspace(a, query, lwork)), ints(lwork), ints(iwork), ints(info), 1L);
        return info[0];
    }

    @Override
    public void solveTriangular(Object a, int n, Object b, int k, boolean upper, boolean unit) {
        if (n == 0 || k == 0) return;
        OpenBlas.setNumThreads(Parallel.numThreads());
        try {
            // row-major is native to cblas
            if (single(a)) {
                trsm[0].invokeExact(ROW_MAJOR, LEFT, upper ? UPPER : LOWER, NO_TRANS, unit ? UNIT : NON_UNIT, n, k,
                        1f, seg(a), n, seg(b), k);
            } else {
                trsm[1].invokeExact(ROW_MAJOR, LEFT, upper ? UPPER : LOWER, NO_TRANS, unit ? UNIT : NON_UNIT, n, k,
                        1d, seg(a), n, seg(b), k);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cblas trsm failed", e);
        }
    }

    @Override
    public int ldl(Object a, int n, int[] piv) {
        // PyTorch factors the column-major matrix with uplo 'L': the row-major array goes in transposed
        Object t = newLike(a, n * n), query = newLike(a, 1);
        transpose(a, n, n, t);
        int[] info = {0}, lwork = {-1}, ipiv = piv.length == 0 ? new int[1] : piv;
        MethodHandle f = sytrf[p(a)];
        call(f, "sytrf", chr('L'), ints(n), seg(t), ints(Math.max(1, n)), ints(ipiv), seg(query), ints(lwork), ints(info), 1L);
        call(f, "sytrf", chr('L'), ints(n), seg(t), ints(Math.max(1, n)), ints(ipiv), seg(workspace(a, query, lwork)), ints(lwork),
                ints(info), 1L);
        transpose(t, n, n, a);
        return info[0];
    }

    @Override
    public void ldlSolve(Object a, int n, int[] piv, Object b, int k) {
        Object at = newLike(a, n * n), bt = newLike(b, n * k);
        transpose(a, n, n, at);
        transpose(b, n, k, bt);
        int[] info = {0};
        call(sytrs[p(a)], "sytrs", chr('L'), ints(n), ints(k), seg(at), ints(Math.max(1, n)), ints(piv.length == 0 ? new int[1] : piv),
                seg(bt), ints(Math.max(1, n)), ints(info), 1L);
        transpose(bt, k, n, b);
    }
}
