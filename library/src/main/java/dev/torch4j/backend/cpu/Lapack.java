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
 * Each matrix is copied, transposed, into a confined off-heap buffer of the routine's precision and back, so the
 * caller's row-major arrays never cross the boundary. Workspace sizes come from LAPACK's own queries (lwork = -1).
 *
 * <p>Note [stack]: OpenBLAS's getrf keeps buffers on the calling thread's stack, more than a Java thread's default
 * 1 MB (a 256 x 256 LU overflowed it and killed the JVM; 4096 x 4096 needs more than 4 MB). Every call therefore runs
 * on one daemon thread of this class, created with a {@value #STACK_BYTES}-byte stack ({@link #run}); the stack is
 * reserved address space, touched only as deep as a call goes.
 */
final class Lapack implements DenseSolver {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, UPPER = 121, LOWER = 122, NON_UNIT = 131, UNIT = 132,
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
    private final MethodHandle[] getrf, potrf, geqrf, orgqr, syevd, gesdd, trsm;

    private Lapack(MethodHandle[][] h) {
        getrf = h[0];
        potrf = h[1];
        geqrf = h[2];
        orgqr = h[3];
        syevd = h[4];
        gesdd = h[5];
        trsm = h[6];
    }

    private static Lapack bind() {
        SymbolLookup lib = OpenBlas.LIB;
        if (lib == null) return null;
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle[][] h = {
                fortran(linker, lib, "getrf_", 6, 0), fortran(linker, lib, "potrf_", 5, 1),
                fortran(linker, lib, "geqrf_", 8, 0), fortran(linker, lib, "orgqr_", 9, 0),
                fortran(linker, lib, "syevd_", 11, 2), fortran(linker, lib, "gesdd_", 14, 1), null};
            MethodHandle[] t = new MethodHandle[2];
            for (int p = 0; p < 2; p++) {
                MemorySegment sym = lib.find((p == 0 ? "cblas_strsm" : "cblas_dtrsm")).orElse(null);
                if (sym == null) return null;
                MemoryLayout scalar = p == 0 ? JAVA_FLOAT : JAVA_DOUBLE;
                t[p] = linker.downcallHandle(sym, FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_INT, JAVA_INT, JAVA_INT, scalar, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
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
        MemoryLayout[] args = new MemoryLayout[pointers + lengths];
        Arrays.fill(args, 0, pointers, ADDRESS);
        Arrays.fill(args, pointers, args.length, JAVA_LONG);
        MethodHandle[] pair = new MethodHandle[2];
        for (int p = 0; p < 2; p++) {
            MemorySegment sym = lib.find((p == 0 ? "s" : "d") + name).orElse(null);
            if (sym == null) return null;
            pair[p] = linker.downcallHandle(sym, FunctionDescriptor.ofVoid(args));
        }
        return pair;
    }

    private static void call(MethodHandle h, String name, Object... args) {
        OpenBlas.setNumThreads(Parallel.numThreads());
        try {
            h.invokeWithArguments(args);
        } catch (Throwable e) {
            throw new IllegalStateException("LAPACK " + name + " failed", e);
        }
    }

    // ---- buffers: column-major copies in the routine's precision

    private static MemorySegment ints(Arena ar, int... v) { return ar.allocateFrom(JAVA_INT, v); }

    private static MemorySegment chr(Arena ar, char c) { return ar.allocateFrom(String.valueOf(c)); }

    private static MemorySegment buffer(Arena ar, long n, boolean single) {
        return ar.allocate(Math.max(1, n) * (single ? 4 : 8), 8);
    }

    private static double get(MemorySegment s, long i, boolean single) {
        return single ? s.getAtIndex(JAVA_FLOAT, i) : s.getAtIndex(JAVA_DOUBLE, i);
    }

    private static void set(MemorySegment s, long i, double v, boolean single) {
        if (single) s.setAtIndex(JAVA_FLOAT, i, (float) v);
        else s.setAtIndex(JAVA_DOUBLE, i, v);
    }

    /** Row-major [m, n] from {@code a} into a new column-major buffer with leading dimension {@code ld >= m}. */
    private static MemorySegment columnMajor(Arena ar, double[] a, int m, int n, int ld, int cols, boolean single) {
        MemorySegment s = buffer(ar, (long) ld * cols, single);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) set(s, i + (long) j * ld, a[i * n + j], single);
        return s;
    }

    /** The column-major [m, n] of {@code s} (leading dimension ld) into row-major {@code out}. */
    private static void rowMajor(MemorySegment s, int ld, double[] out, int m, int n, boolean single) {
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) out[i * n + j] = get(s, i + (long) j * ld, single);
    }

    /** Runs a workspace query (lwork = -1 written by the caller) and returns a buffer of the size LAPACK asked. */
    private static MemorySegment workspace(Arena ar, MemorySegment query, MemorySegment lwork, boolean single) {
        int size = (int) Math.max(1, Math.ceil(get(query, 0, single)));
        lwork.set(JAVA_INT, 0, size);
        return buffer(ar, size, single);
    }

    private static int p(boolean single) { return single ? 0 : 1; }

    @Override
    public int lu(double[] a, int m, int n, int[] piv, boolean single) {
        try (Arena ar = Arena.ofConfined()) {
            int ld = Math.max(1, m);
            MemorySegment A = columnMajor(ar, a, m, n, ld, n, single), ip = ar.allocate(JAVA_INT, Math.max(1, piv.length));
            MemorySegment info = ints(ar, 0);
            call(getrf[p(single)], "getrf", ints(ar, m), ints(ar, n), A, ints(ar, ld), ip, info);
            rowMajor(A, ld, a, m, n, single);
            for (int k = 0; k < piv.length; k++) piv[k] = ip.getAtIndex(JAVA_INT, k);
            return info.get(JAVA_INT, 0);
        }
    }

    @Override
    public int cholesky(double[] a, int n, boolean upper, boolean single) {
        try (Arena ar = Arena.ofConfined()) {
            int ld = Math.max(1, n);
            MemorySegment A = columnMajor(ar, a, n, n, ld, n, single), info = ints(ar, 0);
            call(potrf[p(single)], "potrf", chr(ar, upper ? 'U' : 'L'), ints(ar, n), A, ints(ar, ld), info, 1L);
            rowMajor(A, ld, a, n, n, single);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (upper ? j < i : j > i) a[i * n + j] = 0;
            return info.get(JAVA_INT, 0);
        }
    }

    @Override
    public void qr(double[] a, int m, int n, double[] q, int kq, double[] r, int kr, boolean single) {
        int k = Math.min(m, n), ld = Math.max(1, m);
        try (Arena ar = Arena.ofConfined()) {
            MemorySegment A = columnMajor(ar, a, m, n, ld, n, single), tau = buffer(ar, k, single);
            MemorySegment info = ints(ar, 0), lwork = ints(ar, -1), query = buffer(ar, 1, single);
            MethodHandle f = geqrf[p(single)];
            call(f, "geqrf", ints(ar, m), ints(ar, n), A, ints(ar, ld), tau, query, lwork, info);
            call(f, "geqrf", ints(ar, m), ints(ar, n), A, ints(ar, ld), tau, workspace(ar, query, lwork, single), lwork, info);
            Arrays.fill(r, 0);
            for (int i = 0; i < Math.min(kr, k); i++) for (int j = i; j < n; j++) r[i * n + j] = get(A, i + (long) j * ld, single);
            if (q == null || m == 0) return;
            // orgqr builds Q's first kq columns from the k reflectors stored below A's diagonal
            MemorySegment Q = buffer(ar, (long) ld * kq, single);
            MemorySegment.copy(A, 0, Q, 0, (long) ld * Math.min(kq, n) * (single ? 4 : 8));
            MethodHandle g = orgqr[p(single)];
            lwork.set(JAVA_INT, 0, -1);
            call(g, "orgqr", ints(ar, m), ints(ar, kq), ints(ar, k), Q, ints(ar, ld), tau, query, lwork, info);
            call(g, "orgqr", ints(ar, m), ints(ar, kq), ints(ar, k), Q, ints(ar, ld), tau,
                    workspace(ar, query, lwork, single), lwork, info);
            rowMajor(Q, ld, q, m, kq, single);
        }
    }

    @Override
    public int eigh(double[] a, int n, boolean upper, double[] w, boolean vectors, boolean single) {
        try (Arena ar = Arena.ofConfined()) {
            int ld = Math.max(1, n);
            MemorySegment A = columnMajor(ar, a, n, n, ld, n, single), W = buffer(ar, n, single), info = ints(ar, 0);
            MemorySegment lwork = ints(ar, -1), liwork = ints(ar, -1), query = buffer(ar, 1, single), iquery = ints(ar, 0);
            MemorySegment jobz = chr(ar, vectors ? 'V' : 'N'), uplo = chr(ar, upper ? 'U' : 'L');
            MethodHandle f = syevd[p(single)];
            call(f, "syevd", jobz, uplo, ints(ar, n), A, ints(ar, ld), W, query, lwork, iquery, liwork, info, 1L, 1L);
            MemorySegment work = workspace(ar, query, lwork, single);
            int isize = Math.max(1, iquery.get(JAVA_INT, 0));
            liwork.set(JAVA_INT, 0, isize);
            call(f, "syevd", jobz, uplo, ints(ar, n), A, ints(ar, ld), W, work, lwork, ar.allocate(JAVA_INT, isize),
                    liwork, info, 1L, 1L);
            for (int i = 0; i < n; i++) w[i] = get(W, i, single);
            if (vectors) rowMajor(A, ld, a, n, n, single);
            return info.get(JAVA_INT, 0);
        }
    }

    @Override
    public int svd(double[] a, int m, int n, double[] u, int ku, double[] s, double[] vh, int kv, boolean single) {
        int k = Math.min(m, n), ld = Math.max(1, m);
        boolean vectors = u != null, full = vectors && (ku > k || kv > k);
        try (Arena ar = Arena.ofConfined()) {
            MemorySegment A = columnMajor(ar, a, m, n, ld, n, single), S = buffer(ar, k, single), info = ints(ar, 0);
            int ldu = Math.max(1, m), ldvt = Math.max(1, vectors ? kv : 1);
            MemorySegment U = buffer(ar, vectors ? (long) ldu * ku : 1, single), VT = buffer(ar, vectors ? (long) ldvt * n : 1, single);
            MemorySegment jobz = chr(ar, !vectors ? 'N' : full ? 'A' : 'S'), iwork = ar.allocate(JAVA_INT, Math.max(1, 8L * k));
            MemorySegment lwork = ints(ar, -1), query = buffer(ar, 1, single);
            MethodHandle f = gesdd[p(single)];
            call(f, "gesdd", jobz, ints(ar, m), ints(ar, n), A, ints(ar, ld), S, U, ints(ar, ldu), VT, ints(ar, ldvt),
                    query, lwork, iwork, info, 1L);
            call(f, "gesdd", jobz, ints(ar, m), ints(ar, n), A, ints(ar, ld), S, U, ints(ar, ldu), VT, ints(ar, ldvt),
                    workspace(ar, query, lwork, single), lwork, iwork, info, 1L);
            for (int i = 0; i < k; i++) s[i] = get(S, i, single);
            if (vectors) {
                rowMajor(U, ldu, u, m, ku, single);
                rowMajor(VT, ldvt, vh, kv, n, single);
            }
            return info.get(JAVA_INT, 0);
        }
    }

    @Override
    public void solveTriangular(double[] a, int n, double[] b, int k, boolean upper, boolean unit, boolean single) {
        if (n == 0 || k == 0) return;
        OpenBlas.setNumThreads(Parallel.numThreads());
        try (Arena ar = Arena.ofConfined()) {
            // row-major is native to cblas: plain copies in the routine's precision
            MemorySegment A = buffer(ar, (long) n * n, single), B = buffer(ar, (long) n * k, single);
            for (int i = 0; i < n * n; i++) set(A, i, a[i], single);
            for (int i = 0; i < n * k; i++) set(B, i, b[i], single);
            if (single) {
                trsm[0].invokeExact(ROW_MAJOR, LEFT, upper ? UPPER : LOWER, NO_TRANS, unit ? UNIT : NON_UNIT, n, k,
                        1f, A, n, B, k);
            } else {
                trsm[1].invokeExact(ROW_MAJOR, LEFT, upper ? UPPER : LOWER, NO_TRANS, unit ? UNIT : NON_UNIT, n, k,
                        1d, A, n, B, k);
            }
            for (int i = 0; i < n * k; i++) b[i] = get(B, i, single);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas trsm failed", e);
        }
    }
}
