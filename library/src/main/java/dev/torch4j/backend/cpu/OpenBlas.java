package dev.torch4j.backend.cpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm}, reached through the FFM API.
 *
 * <p>The library is looked for in this order: the path in the {@code TORCH4J_BLAS} environment variable (or the
 * {@code torch4j.blas.path} system property), {@code libopenblas.so.0} through the dynamic loader, Debian's
 * {@code /usr/lib/x86_64-linux-gnu/libopenblas.so.0}, then {@code libopenblas.so}. When none loads,
 * {@link #AVAILABLE} is false and {@link #loadError()} lists every path tried.
 *
 * <p>Note [heap arrays]: the downcalls are {@code critical(true)}, so {@code MemorySegment.ofArray} slices of the
 * Java arrays go to OpenBLAS as they are, with no copy. A critical call cannot reach a safepoint until it returns, so
 * a GC that another thread asks for waits until the GEMM is done (tens of milliseconds for n=2048).
 *
 * <p>Note [threads]: OpenBLAS keeps its own pthread pool. Before each call its thread count is set to
 * {@link Parallel#numThreads()}, so both pools together never ask for more cores than the user allowed. The
 * caller ({@link Gemm}) never calls OpenBLAS from inside a parallel region. After a call OpenBLAS's workers spin
 * for {@code 2^OPENBLAS_THREAD_TIMEOUT} cycles waiting for the next one (2^28 by default: ~0.1 s), and a spinning
 * worker takes a core from {@link Parallel}'s team: the MNIST CNN training step, whose Linear layer calls OpenBLAS
 * between two convolutions on the team, took 13.7 ms a step with two threads, against 9.8 ms with the spin cut
 * (docs/PERFORMANCE.md). So before loading the library this class sets {@code OPENBLAS_THREAD_TIMEOUT} to
 * {@value #THREAD_TIMEOUT} (2^17 cycles, ~30 us: about as long as the team's own workers spin) unless the
 * environment already has it; {@code -Dtorch4j.blas.threadTimeout=N} sets another value. It only takes effect when
 * this class is the first to load OpenBLAS in the process.
 */
final class OpenBlas {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    /** True when a libopenblas with {@code cblas_sgemm} and {@code cblas_dgemm} was loaded. */
    static final boolean AVAILABLE;
    private static final String LOADED_FROM;
    private static final String LOAD_ERROR;
    private static final MethodHandle SGEMM, DGEMM, SET_THREADS, GET_THREADS, GET_CONFIG, GET_CORENAME;
    /** The loaded library's symbols (null when none loaded): {@link Lapack} binds LAPACK's routines from it. */
    static final SymbolLookup LIB;

    /** Thread count last handed to {@code openblas_set_num_threads}; 0 before the first call. */
    private static volatile int threadsSet;

    /** The OpenBLAS spin timeout (log2 of cycles) set unless the environment or torch4j.blas.threadTimeout has one. */
    static final int THREAD_TIMEOUT = 17;

    static {
        limitSpin();
        List<String> tried = new ArrayList<>();
        SymbolLookup lib = null;
        String from = null;
        for (String candidate : candidates()) {
            try {
                SymbolLookup l = SymbolLookup.libraryLookup(candidate, Arena.global());
                if (l.find("cblas_sgemm").isPresent() && l.find("cblas_dgemm").isPresent()) {
                    lib = l;
                    from = candidate;
                    break;
                }
                tried.add(candidate + " (no cblas_sgemm/cblas_dgemm)");
            } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
                tried.add(candidate + " (" + e.getMessage() + ")");
            }
        }
        MethodHandle s = null, d = null, t = null, gt = null, cfg = null, core = null;
        String error = null;
        if (lib != null) {
            try {
                Linker linker = Linker.nativeLinker();
                Linker.Option critical = Linker.Option.critical(true);
                s = linker.downcallHandle(lib.find("cblas_sgemm").orElseThrow(), FunctionDescriptor.ofVoid(
                        JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT,
                        ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT), critical);
                d = linker.downcallHandle(lib.find("cblas_dgemm").orElseThrow(), FunctionDescriptor.ofVoid(
                        JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT,
                        ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT), critical);
                t = optional(linker, lib, "openblas_set_num_threads", FunctionDescriptor.ofVoid(JAVA_INT));
                gt = optional(linker, lib, "openblas_get_num_threads", FunctionDescriptor.of(JAVA_INT));
                cfg = optional(linker, lib, "openblas_get_config", FunctionDescriptor.of(ADDRESS));
                core = optional(linker, lib, "openblas_get_corename", FunctionDescriptor.of(ADDRESS));
            } catch (RuntimeException e) {
                // e.g. IllegalCallerException when native access is not enabled for this module
                error = "found " + from + " but could not bind it: " + e;
                s = d = t = gt = cfg = core = null;
                from = null;
            }
        } else {
            error = "no OpenBLAS found; tried " + String.join(", ", tried);
        }
        SGEMM = s;
        DGEMM = d;
        SET_THREADS = t;
        GET_THREADS = gt;
        GET_CONFIG = cfg;
        GET_CORENAME = core;
        LOADED_FROM = from;
        LOAD_ERROR = error;
        LIB = from == null ? null : lib;
        AVAILABLE = s != null && d != null;
    }

    private OpenBlas() {}

    /**
     * Sets {@code OPENBLAS_THREAD_TIMEOUT} in the process environment (libc's {@code setenv}, which OpenBLAS's
     * initialiser reads when the library loads) unless it is already set; see Note [threads].
     */
    private static void limitSpin() {
        if (System.getenv("OPENBLAS_THREAD_TIMEOUT") != null || System.getenv("GOTO_THREAD_TIMEOUT") != null) return;
        String value = String.valueOf(Integer.getInteger("torch4j.blas.threadTimeout", THREAD_TIMEOUT));
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> setenv = linker.defaultLookup().find("setenv");
            if (setenv.isEmpty()) return;
            MethodHandle h = linker.downcallHandle(setenv.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
            int unused = (int) h.invokeExact(arena.allocateFrom("OPENBLAS_THREAD_TIMEOUT"), arena.allocateFrom(value), 0);
        } catch (Throwable e) {
            // no native access or no libc setenv: OpenBLAS keeps its default spin, which costs speed, not results
        }
    }

    private static List<String> candidates() {
        List<String> c = new ArrayList<>();
        String prop = System.getProperty("torch4j.blas.path");
        if (prop != null && !prop.isBlank()) c.add(prop);
        String env = System.getenv("TORCH4J_BLAS");
        if (env != null && !env.isBlank() && !env.equalsIgnoreCase("java") && !env.equalsIgnoreCase("native")) {
            c.add(env);
        }
        c.add("libopenblas.so.0");
        c.add("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");
        c.add("libopenblas.so");
        return c;
    }

    private static MethodHandle optional(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        Optional<MemorySegment> sym = lib.find(name);
        return sym.map(a -> linker.downcallHandle(a, fd)).orElse(null);
    }

    /** Path or name the library was loaded from, or null. */
    static String loadedFrom() { return LOADED_FROM; }

    /** Why no library is in use, or null when one is. */
    static String loadError() { return LOAD_ERROR; }

    /** {@code openblas_get_config()} (version and build options), or null. */
    static String config() { return cString(GET_CONFIG); }

    /** {@code openblas_get_corename()} (the kernel set chosen for this CPU), or null. */
    static String coreName() { return cString(GET_CORENAME); }

    private static String cString(MethodHandle h) {
        if (h == null) return null;
        try {
            MemorySegment p = (MemorySegment) h.invokeExact();
            return p.equals(MemorySegment.NULL) ? null : p.reinterpret(4096).getString(0);
        } catch (Throwable e) {
            return null;
        }
    }

    /** {@code openblas_get_num_threads()}, or -1 when unknown. */
    static int numThreads() {
        if (GET_THREADS == null) return -1;
        try {
            return (int) GET_THREADS.invokeExact();
        } catch (Throwable e) {
            return -1;
        }
    }

    /** Sets OpenBLAS's thread count to {@code n} when it differs from the last value set. */
    static void setNumThreads(int n) {
        if (SET_THREADS == null || threadsSet == n) return;
        synchronized (OpenBlas.class) {
            if (threadsSet == n) return;
            try {
                SET_THREADS.invokeExact(n);
            } catch (Throwable e) {
                throw new IllegalStateException("openblas_set_num_threads failed", e);
            }
            threadsSet = n;
        }
    }

    /** Row-major {@code cblas_sgemm}; arguments must have been checked (see {@link Gemm}). */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        setNumThreads(Parallel.numThreads());
        // The slices are heap segments over the caller's arrays: OpenBLAS reads a and b and writes c in place
        // (critical downcall, see Note [heap arrays]); the arrays stay owned by the caller.
        try {
            SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    MemorySegment.ofArray(a).asSlice(4L * aOff), lda, MemorySegment.ofArray(b).asSlice(4L * bOff),
                    ldb, beta, MemorySegment.ofArray(c).asSlice(4L * cOff), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemm failed", e);
        }
    }

    /** Row-major {@code cblas_dgemm}; arguments must have been checked (see {@link Gemm}). */
    static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        setNumThreads(Parallel.numThreads());
        try {
            DGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    MemorySegment.ofArray(a).asSlice(8L * aOff), lda, MemorySegment.ofArray(b).asSlice(8L * bOff),
                    ldb, beta, MemorySegment.ofArray(c).asSlice(8L * cOff), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_dgemm failed", e);
        }
    }
}
