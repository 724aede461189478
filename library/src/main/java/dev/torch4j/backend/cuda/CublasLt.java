package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.torch4j.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * cuBLASLt through the FFM API, for what one plain cuBLAS call cannot do: a GEMM whose epilogue adds a bias vector,
 * so addmm with a 1-d input (every {@code nn.Linear}) is one kernel, as PyTorch's addmm is on CUDA. Descriptors
 * are made per call (host work only); the algorithm cuBLASLt's heuristic picks is cached per shape, layout,
 * alignment and math mode. Optional: without the library, or when it declines the operands, callers compose the
 * product and the addition ({@code TORCH4J_DISABLE_CUBLASLT=1} turns it off, like PyTorch's
 * {@code DISABLE_ADDMM_CUDA_LT}).
 */
final class CublasLt {
    private CublasLt() {}

    // cublasLtMatmulDescAttributes_t, cublasLtEpilogue_t, cublasLtMatmulPreferenceAttributes_t (cublasLt.h)
    static final int DESC_TRANSA = 3, DESC_TRANSB = 4, DESC_EPILOGUE = 7, DESC_BIAS_POINTER = 8;
    static final int EPILOGUE_BIAS = 4;
    static final int PREF_MAX_WORKSPACE_BYTES = 1, PREF_MIN_ALIGNMENT_A = 5;
    // cublasComputeType_t and cudaDataType_t
    static final int COMPUTE_32F = 68, COMPUTE_32F_FAST_TF32 = 77, COMPUTE_64F = 70, R_32F = 0, R_64F = 1;
    /** cublasStatus_t values after which the caller composes instead (the operands are the reason, not a fault). */
    private static final int INVALID_VALUE = 7, ARCH_MISMATCH = 8, NOT_SUPPORTED = 15;
    /** sizeof(cublasLtMatmulHeuristicResult_t): the 64-byte algo, size_t workspaceSize, int state, float waves, int[4]. */
    static final int HEURISTIC_BYTES = 96;
    private static final int WORKSPACE_OFFSET = 64, STATE_OFFSET = 72;
    /** Workspace offered to the heuristic (PyTorch offers cuBLASLt a few MiB as well). */
    static final long MAX_WORKSPACE = 4L << 20;

    private static final boolean DISABLED = "1".equals(System.getenv("TORCH4J_DISABLE_CUBLASLT"));

    /** The bindings, initialised on first use; {@code null} LOOKUP when cuBLASLt is absent. */
    private static final class Lib {
        static final SymbolLookup LOOKUP = DISABLED ? null : CudaLibs.cublasLtFound().lookup();
        static final MethodHandle CREATE, DESC_CREATE, DESC_DESTROY, DESC_SET, LAYOUT_CREATE, LAYOUT_DESTROY,
                PREF_CREATE, PREF_DESTROY, PREF_SET, HEURISTIC, MATMUL;
        static final Map<Integer, MemorySegment> HANDLES = new ConcurrentHashMap<>();
        /** Heuristic results by {@link Key}: the algorithm and its workspace size. */
        static final Map<Key, byte[]> ALGOS = new ConcurrentHashMap<>();

        static {
            Linker l = Linker.nativeLinker();
            boolean ok = LOOKUP != null;
            CREATE = ok ? bind(l, "cublasLtCreate", ADDRESS) : null;
            DESC_CREATE = ok ? bind(l, "cublasLtMatmulDescCreate", ADDRESS, JAVA_INT, JAVA_INT) : null;
            DESC_DESTROY = ok ? bind(l, "cublasLtMatmulDescDestroy", ADDRESS) : null;
            DESC_SET = ok ? bind(l, "cublasLtMatmulDescSetAttribute", ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG) : null;
            LAYOUT_CREATE = ok ? bind(l, "cublasLtMatrixLayoutCreate", ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG) : null;
            LAYOUT_DESTROY = ok ? bind(l, "cublasLtMatrixLayoutDestroy", ADDRESS) : null;
            PREF_CREATE = ok ? bind(l, "cublasLtMatmulPreferenceCreate", ADDRESS) : null;
            PREF_DESTROY = ok ? bind(l, "cublasLtMatmulPreferenceDestroy", ADDRESS) : null;
            PREF_SET = ok ? bind(l, "cublasLtMatmulPreferenceSetAttribute", ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG) : null;
            // (handle, desc, Adesc, Bdesc, Cdesc, Ddesc, pref, requested, results, returned count)
            HEURISTIC = ok ? bind(l, "cublasLtMatmulAlgoGetHeuristic", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                    ADDRESS, JAVA_INT, ADDRESS, ADDRESS) : null;
            // (handle, desc, alpha, A, Adesc, B, Bdesc, beta, C, Cdesc, D, Ddesc, algo, workspace, workspace bytes, stream)
            MATMUL = ok ? bind(l, "cublasLtMatmul", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS,
                    JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG) : null;
        }

        private static MethodHandle bind(Linker l, String name, java.lang.foreign.MemoryLayout... args) {
            MemorySegment sym = LOOKUP.find(name).orElseThrow(() -> new IllegalStateException("cuBLASLt has no symbol " + name));
            return l.downcallHandle(sym, FunctionDescriptor.of(JAVA_INT, args));
        }
    }

    /** What the heuristic's choice depends on. */
    private record Key(int device, DType dtype, boolean tf32, int transA, int transB, int m, int n, int k, int lda,
                       int ldb, int ldd, int alignA, int alignB, int alignD, int alignBias) {}

    /** Bias GEMMs cuBLASLt has run (tests check that addmm takes this path). */
    private static final java.util.concurrent.atomic.LongAdder RAN = new java.util.concurrent.atomic.LongAdder();

    static long biasGemmsRun() { return RAN.sum(); }

    /** Whether cuBLASLt loaded (and is not turned off). */
    static boolean available() { return Lib.LOOKUP != null; }

    /**
     * Column-major {@code D = alpha * op(A) * op(B) + bias} (bias: m elements, added to every column) for one
     * float32/float64 matrix D of m x n with leading dimension ldd, on the current stream with {@code device} made
     * current. False, with nothing written, when cuBLASLt is absent or declines these operands; the caller then
     * composes the product and the addition.
     */
    static boolean matmulBias(int device, DType dtype, int transA, int transB, int m, int n, int k, double alpha,
                              long a, int lda, long b, int ldb, long bias, long d, int ldd) {
        if (!available() || dtype != DType.FLOAT32 && dtype != DType.FLOAT64) return false;
        boolean dbl = dtype == DType.FLOAT64;
        boolean tf32 = !dbl && Cublas.allowTf32;
        CudaRuntime.use(device);
        Key key = new Key(device, dtype, tf32, transA, transB, m, n, k, lda, ldb, ldd, alignment(a), alignment(b),
                alignment(d), alignment(bias));
        int type = dbl ? R_64F : R_32F;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cublasLtMatmulDescCreate", (int) Lib.DESC_CREATE.invokeExact(out,
                    dbl ? COMPUTE_64F : tf32 ? COMPUTE_32F_FAST_TF32 : COMPUTE_32F, type));
            MemorySegment desc = out.get(ADDRESS, 0);
            MemorySegment la = MemorySegment.NULL, lb = MemorySegment.NULL, ld = MemorySegment.NULL, pref = MemorySegment.NULL;
            try {
                setInt(arena, Lib.DESC_SET, desc, DESC_TRANSA, transA);
                setInt(arena, Lib.DESC_SET, desc, DESC_TRANSB, transB);
                setInt(arena, Lib.DESC_SET, desc, DESC_EPILOGUE, EPILOGUE_BIAS);
                setLong(arena, Lib.DESC_SET, desc, DESC_BIAS_POINTER, bias);
                la = layout(arena, type, transA == Cublas.OP_N ? m : k, transA == Cublas.OP_N ? k : m, lda);
                lb = layout(arena, type, transB == Cublas.OP_N ? k : n, transB == Cublas.OP_N ? n : k, ldb);
                ld = layout(arena, type, m, n, ldd);
                MemorySegment handle = handle(device);
                byte[] algo = Lib.ALGOS.get(key);
                if (algo == null) {
                    check("cublasLtMatmulPreferenceCreate", (int) Lib.PREF_CREATE.invokeExact(out));
                    pref = out.get(ADDRESS, 0);
                    setLong(arena, Lib.PREF_SET, pref, PREF_MAX_WORKSPACE_BYTES, MAX_WORKSPACE);
                    // the pointers' actual alignments (the default assumes 256 bytes), A, B, C and D in order
                    int[] aligns = {key.alignA(), key.alignB(), key.alignD(), key.alignD()};
                    for (int i = 0; i < 4; i++) setInt(arena, Lib.PREF_SET, pref, PREF_MIN_ALIGNMENT_A + i, aligns[i]);
                    MemorySegment result = arena.allocate(HEURISTIC_BYTES, 8), count = arena.allocate(JAVA_INT);
                    int rc = (int) Lib.HEURISTIC.invokeExact(handle, desc, la, lb, ld, ld, pref, 1, result, count);
                    // no algorithm for these operands (whatever the status says): nothing ran, the caller composes
                    if (rc != 0 || count.get(JAVA_INT, 0) < 1 || result.get(JAVA_INT, STATE_OFFSET) != 0) return false;
                    algo = result.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                    if (Lib.ALGOS.size() > 4096) Lib.ALGOS.clear(); // bounded: shapes seen once stop accumulating
                    Lib.ALGOS.put(key, algo);
                }
                MemorySegment chosen = arena.allocate(HEURISTIC_BYTES, 8).copyFrom(MemorySegment.ofArray(algo));
                long wsBytes = chosen.get(JAVA_LONG, WORKSPACE_OFFSET);
                MemorySegment scalars = arena.allocate(16, 8);
                if (dbl) {
                    scalars.set(JAVA_DOUBLE, 0, alpha);
                    scalars.set(JAVA_DOUBLE, 8, 0.0);
                } else {
                    scalars.set(JAVA_FLOAT, 0, (float) alpha);
                    scalars.set(JAVA_FLOAT, 8, 0f);
                }
                CudaStorage ws = wsBytes > 0 ? CudaStorage.allocate(device, DType.UINT8, wsBytes, false) : null;
                try {
                    int rc = (int) Lib.MATMUL.invokeExact(handle, desc, scalars.asSlice(0, 8), a, la, b, lb,
                            scalars.asSlice(8, 8), d, ld, d, ld, chosen.asSlice(0, 64), ws == null ? 0L : ws.address(),
                            wsBytes, CudaRuntime.currentStream());
                    if (declines(rc)) return false;
                    check("cublasLtMatmul", rc, " (transa=" + transA + " transb=" + transB + " m=" + m + " n=" + n
                            + " k=" + k + " lda=" + lda + " ldb=" + ldb + " ldd=" + ldd + ")");
                } finally {
                    if (ws != null) ws.release(); // stream-ordered: the GEMM is done with it before it is reused
                }
                RAN.increment();
                return true;
            } finally {
                destroy(Lib.LAYOUT_DESTROY, la);
                destroy(Lib.LAYOUT_DESTROY, lb);
                destroy(Lib.LAYOUT_DESTROY, ld);
                destroy(Lib.PREF_DESTROY, pref);
                destroy(Lib.DESC_DESTROY, desc);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cuBLASLt call failed", t);
        }
    }

    /** The largest power of two (up to 256) dividing a device address: cuBLASLt picks algorithms by it. */
    static int alignment(long address) {
        int a = 256;
        while (a > 1 && (address & (a - 1)) != 0) a >>= 1;
        return a;
    }

    private static boolean declines(int status) {
        return status == NOT_SUPPORTED || status == INVALID_VALUE || status == ARCH_MISMATCH;
    }

    private static MemorySegment layout(Arena arena, int type, long rows, long cols, long ld) throws Throwable {
        MemorySegment out = arena.allocate(ADDRESS);
        check("cublasLtMatrixLayoutCreate", (int) Lib.LAYOUT_CREATE.invokeExact(out, type, rows, cols, ld));
        return out.get(ADDRESS, 0);
    }

    private static void setInt(Arena arena, MethodHandle set, MemorySegment obj, int attr, int v) throws Throwable {
        check("cuBLASLt set attribute " + attr, (int) set.invokeExact(obj, attr, arena.allocateFrom(JAVA_INT, v), 4L));
    }

    private static void setLong(Arena arena, MethodHandle set, MemorySegment obj, int attr, long v) throws Throwable {
        check("cuBLASLt set attribute " + attr, (int) set.invokeExact(obj, attr, arena.allocateFrom(JAVA_LONG, v), 8L));
    }

    private static void destroy(MethodHandle h, MemorySegment obj) throws Throwable {
        if (!obj.equals(MemorySegment.NULL)) {
            int ignored = (int) h.invokeExact(obj); // nothing to do about a failed destroy
        }
    }

    /** The device's handle, created (with the device current) on first use. */
    private static MemorySegment handle(int device) {
        return Lib.HANDLES.computeIfAbsent(device, d -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ADDRESS);
                check("cublasLtCreate", (int) Lib.CREATE.invokeExact(out));
                return out.get(ADDRESS, 0);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("cublasLtCreate failed", t);
            }
        });
    }

    private static void check(String call, int status) { check(call, status, ""); }

    private static void check(String call, int status, String detail) {
        if (status != 0) throw new IllegalStateException(call + " failed: " + Cublas.statusName(status) + detail);
    }
}
