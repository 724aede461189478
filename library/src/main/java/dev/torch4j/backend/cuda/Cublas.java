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
import java.util.concurrent.ConcurrentHashMap;

/**
 * cuBLAS's strided batched GEMM through the FFM API: S/D GEMM, and GemmEx with float32 sums for float16 and
 * bfloat16 (tensor cores). Column-major, as cuBLAS is; {@link CudaMatmul} maps row-major operands onto it. One
 * handle per device, created on first use; before each call its stream is set to the current stream and its math
 * mode to {@link #allowTf32}'s. The library comes from {@link CudaLibs#cublas()} and is bound only when the first
 * GEMM runs, so setting the flag needs no GPU.
 */
public final class Cublas {
    /**
     * Whether float32 products may use TF32 tensor cores (PyTorch's {@code torch.backends.cuda.matmul.allow_tf32},
     * default false): faster, but inputs are rounded to 10 mantissa bits.
     */
    public static volatile boolean allowTf32 = false;

    static final int OP_N = 0, OP_T = 1;
    static final int DEFAULT_MATH = 0, PEDANTIC_MATH = 2, TF32_TENSOR_OP_MATH = 3;
    /** cudaDataType codes of float16 and bfloat16; cublasComputeType_t COMPUTE_32F; cublasGemmAlgo_t DEFAULT. */
    static final int CUDA_R_16F = 2, CUDA_R_16BF = 14, COMPUTE_32F = 68, GEMM_DEFAULT = -1;

    private Cublas() {}

    /** Each thread's host memory for a call's alpha and beta (8 bytes each; float32 uses the first 4 of each). */
    private static final ThreadLocal<MemorySegment> SCALARS = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    /** A device's handle; calls through it are serialised because its stream and math mode are per handle. */
    private static final class Handle {
        final MemorySegment ptr;
        int mathMode = -1;
        long stream = -1;

        Handle(MemorySegment ptr) { this.ptr = ptr; }
    }

    /** The bindings, initialised on first use (loading the library then). */
    private static final class Lib {
        static final MethodHandle CREATE, SET_STREAM, SET_MATH, SGEMM, DGEMM, GEMM_EX, STATUS_STRING;
        static final ConcurrentHashMap<Integer, Handle> HANDLES = new ConcurrentHashMap<>();

        static {
            SymbolLookup lib = CudaLibs.cublas();
            Linker linker = Linker.nativeLinker();
            CREATE = bind(linker, lib, "cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            SET_STREAM = bind(linker, lib, "cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            SET_MATH = bind(linker, lib, "cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            FunctionDescriptor gemm = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS,
                    JAVA_INT, JAVA_LONG, JAVA_INT);
            SGEMM = bind(linker, lib, "cublasSgemmStridedBatched", gemm);
            DGEMM = bind(linker, lib, "cublasDgemmStridedBatched", gemm);
            // (handle, transa, transb, m, n, k, alpha, A, Atype, lda, strideA, B, Btype, ldb, strideB, beta, C, Ctype,
            // ldc, strideC, batch, computeType, algo)
            GEMM_EX = bind(linker, lib, "cublasGemmStridedBatchedEx", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS,
                    JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT,
                    JAVA_INT));
            // optional: only for error messages
            STATUS_STRING = lib.find("cublasGetStatusString")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ADDRESS, JAVA_INT))).orElse(null);
        }

        private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
            MemorySegment sym = lib.find(name)
                    .orElseThrow(() -> new IllegalStateException("cuBLAS has no symbol " + name));
            return linker.downcallHandle(sym, fd);
        }
    }

    /** {@link #gemmStridedBatched} with alpha 1 and beta 0: {@code C = op(A) * op(B)}. */
    static void gemmStridedBatched(int device, DType dtype, int transA, int transB, int m, int n, int k,
                                   long a, int lda, long strideA, long b, int ldb, long strideB,
                                   long c, int ldc, long strideC, int batch) {
        gemmStridedBatched(device, dtype, transA, transB, m, n, k, 1, a, lda, strideA, b, ldb, strideB, 0, c, ldc,
                strideC, batch);
    }

    /**
     * Column-major {@code C = alpha * op(A) * op(B) + beta * C} for each of {@code batch} matrices ({@code op(A)} is
     * m x k, {@code op(B)} k x n, C m x n with leading dimension ldc; beta 0 only writes C), on the current stream,
     * with {@code device} made current. Pointers are device addresses; strides are in elements.
     */
    static void gemmStridedBatched(int device, DType dtype, int transA, int transB, int m, int n, int k, double alpha,
                                   long a, int lda, long strideA, long b, int ldb, long strideB, double beta,
                                   long c, int ldc, long strideC, int batch) {
        int halfType = switch (dtype) { // float16 and bfloat16 go through GemmEx, accumulating in float32
            case FLOAT32, FLOAT64 -> -1;
            case FLOAT16 -> CUDA_R_16F;
            case BFLOAT16 -> CUDA_R_16BF;
            default -> throw new IllegalArgumentException("cuBLAS GEMM: floating dtypes only, got " + dtype);
        };
        boolean dbl = dtype == DType.FLOAT64;
        CudaRuntime.use(device); // cuBLAS (through the runtime API) works on the context current to the thread
        Handle h = handle(device);
        long stream = CudaRuntime.currentStream();
        int mode = allowTf32 ? TF32_TENSOR_OP_MATH : DEFAULT_MATH;
        synchronized (h) {
            // alpha and beta in host memory (the default pointer mode): cuBLAS reads them before the call returns
            MemorySegment scalars = SCALARS.get();
            MemorySegment pAlpha = scalars.asSlice(0, 8), pBeta = scalars.asSlice(8, 8);
            if (dbl) {
                pAlpha.set(JAVA_DOUBLE, 0, alpha);
                pBeta.set(JAVA_DOUBLE, 0, beta);
            } else {
                pAlpha.set(JAVA_FLOAT, 0, (float) alpha);
                pBeta.set(JAVA_FLOAT, 0, (float) beta);
            }
            try {
                if (h.stream != stream) {
                    check("cublasSetStream_v2", (int) Lib.SET_STREAM.invokeExact(h.ptr, MemorySegment.ofAddress(stream)));
                    h.stream = stream;
                }
                if (h.mathMode != mode) {
                    check("cublasSetMathMode", (int) Lib.SET_MATH.invokeExact(h.ptr, mode));
                    h.mathMode = mode;
                }
                MemorySegment pa = MemorySegment.ofAddress(a), pb = MemorySegment.ofAddress(b),
                        pc = MemorySegment.ofAddress(c);
                int status = halfType >= 0
                        ? (int) Lib.GEMM_EX.invokeExact(h.ptr, transA, transB, m, n, k, pAlpha, pa, halfType, lda,
                                strideA, pb, halfType, ldb, strideB, pBeta, pc, halfType, ldc, strideC, batch,
                                COMPUTE_32F, GEMM_DEFAULT)
                        : dbl
                        ? (int) Lib.DGEMM.invokeExact(h.ptr, transA, transB, m, n, k, pAlpha, pa, lda, strideA, pb,
                                ldb, strideB, pBeta, pc, ldc, strideC, batch)
                        : (int) Lib.SGEMM.invokeExact(h.ptr, transA, transB, m, n, k, pAlpha, pa, lda, strideA, pb,
                                ldb, strideB, pBeta, pc, ldc, strideC, batch);
                String call = halfType >= 0 ? "cublasGemmStridedBatchedEx" : dbl ? "cublasDgemmStridedBatched"
                        : "cublasSgemmStridedBatched";
                check(call, status, () ->
                        " (transa=" + transA + " transb=" + transB + " m=" + m + " n=" + n + " k=" + k + " lda=" + lda
                                + " ldb=" + ldb + " ldc=" + ldc + " batch=" + batch + ")");
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cuBLAS call failed", e);
            }
        }
    }

    /** The handle of {@code device}, created (on the current device) on first use. */
    private static Handle handle(int device) {
        Handle h = Lib.HANDLES.get(device);
        if (h != null) return h;
        synchronized (Lib.HANDLES) {
            h = Lib.HANDLES.get(device);
            if (h != null) return h;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ADDRESS);
                check("cublasCreate_v2", (int) Lib.CREATE.invokeExact(out));
                h = new Handle(out.get(ADDRESS, 0));
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cublasCreate_v2 failed", e);
            }
            Lib.HANDLES.put(device, h);
            return h;
        }
    }

    private static void check(String call, int status) { check(call, status, () -> ""); }

    private static void check(String call, int status, java.util.function.Supplier<String> detail) {
        if (status != 0) {
            throw new IllegalStateException(call + " failed: " + statusName(status) + detail.get());
        }
    }

    /** cuBLAS's name for a status code. */
    static String statusName(int status) {
        if (Lib.STATUS_STRING != null) {
            try {
                MemorySegment s = (MemorySegment) Lib.STATUS_STRING.invokeExact(status);
                if (!s.equals(MemorySegment.NULL)) return s.reinterpret(256).getString(0) + " (" + status + ")";
            } catch (Throwable ignored) {
                // fall through to the number
            }
        }
        return "cublasStatus_t " + status;
    }
}
