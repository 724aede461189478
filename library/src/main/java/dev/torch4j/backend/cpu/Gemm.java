package dev.torch4j.backend.cpu;

import java.util.Locale;

/**
 * Row-major matrix multiply over Java arrays: {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is
 * {@code X} or its transpose, {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n} and {@code C} is
 * {@code m x n}. Element {@code (i, j)} of a stored matrix {@code X} is {@code x[xOff + i * ldx + j]}, as in CBLAS
 * with {@code CblasRowMajor}. As in BLAS, {@code beta == 0} means C is only written (NaN or infinity already in C
 * does not survive), and {@code alpha == 0} or {@code k == 0} means A and B are not read.
 *
 * <p>Two paths compute it: OpenBLAS through the FFM API when a {@code libopenblas} loads (see {@link OpenBlas}),
 * and a pure-Java Vector API kernel ({@link JavaGemm}) for products too small to repay a native call (m*n*k below
 * 32), for calls made inside a {@link Parallel} region (OpenBLAS's own threads would oversubscribe the cores; this
 * includes the small matrices of a batch spread over threads), and when no BLAS is found.
 * {@code -Dtorch4j.blas=java} (or the environment variable {@code TORCH4J_BLAS=java}) forces the Java path. The JVM
 * needs {@code --add-modules jdk.incubator.vector}, and {@code --enable-native-access=ALL-UNNAMED} (or the
 * module's name) for the native path.
 *
 * <p>Every index that a call would touch is checked first: bad arguments raise {@link IllegalArgumentException}
 * (or {@link IndexOutOfBoundsException}) and never reach native code.
 */
public final class Gemm {
    /**
     * Products with fewer multiply-adds ({@code m*n*k}) than this run on the Java kernel even when OpenBLAS is
     * loaded. Measured on Zen 4 with OpenBLAS 0.3.21 ({@code matmul_vs_numpy.sh --crossover}, docs/PERFORMANCE.md):
     * a whole 1x1x1 call through the critical downcall costs ~30 ns against ~12 ns in Java, but OpenBLAS's
     * small-matrix kernels win from 4x4x4 on (1.4x there, 2-4x at 8-64).
     */
    static final long NATIVE_MIN_MACS = Long.getLong("torch4j.gemm.nativeMin", 32);

    /**
     * Batched products whose single matrix has fewer multiply-adds than this are spread over the batch (one Java
     * kernel per matrix and thread) instead of multiplying one matrix at a time with all threads: below it one
     * product cannot keep several threads busy (the Java kernel's own threshold, about 200x200x200).
     */
    static final long BATCH_SPLIT_MAX_MACS = Long.getLong("torch4j.gemm.batchSplitMax", JavaGemm.PARALLEL_MIN_MACS);

    /**
     * With OpenBLAS loaded, matrices with fewer multiply-adds than this are multiplied one after another by
     * OpenBLAS (its small-matrix kernels on one thread beat the Java kernel on all threads there).
     */
    static final long BATCH_SPLIT_MIN_NATIVE_MACS = Long.getLong("torch4j.gemm.batchSplitMin", 48L * 48 * 48);

    /** A batch is split over threads only when it holds at least this many multiply-adds in all. */
    static final long BATCH_PARALLEL_MIN_MACS = 1L << 20;

    private static final boolean USE_NATIVE = selectNative(System.getProperty("torch4j.blas"),
            System.getenv("TORCH4J_BLAS"));

    /**
     * OpenBLAS chose a kernel set with narrower vectors than the JVM's (an AVX2 core such as Haswell on a CPU with
     * AVX-512 that this OpenBLAS does not know: 0.3.21 on Zen 5). The Java kernel then runs products from
     * {@link #JAVA_OVER_NATIVE_MIN_MACS} on (convolutions' from {@link #JAVA_OVER_NATIVE_CONV_MIN_MACS}): measured on Zen 5, 1.2x OpenBLAS's Haswell kernel at 64^3 and 1.7x at
     * 256^3 and above on one thread (docs/PERFORMANCE.md, ResNet-50 inference). {@code -Dtorch4j.gemm.javaOverNative=
     * true/false} overrides the choice.
     */
    private static final boolean JAVA_OVER_NATIVE = USE_NATIVE && javaOverNative(OpenBlas.coreName(),
            JavaGemm.FS.vectorBitSize(), System.getProperty("torch4j.gemm.javaOverNative"));

    /**
     * From how many multiply-adds a product called through {@link #sgemm}/{@link #dgemm} takes the Java kernel under
     * {@link #JAVA_OVER_NATIVE}. On one thread it wins from 64^3 on, but with two threads OpenBLAS kept up on the
     * MNIST MLP's products (128 x 784 x 256 and smaller: the training step 1.0-2.1 ms against 0.9-2.1 ms in seven
     * alternations), so only larger products switch here; convolutions ask from {@link #JAVA_OVER_NATIVE_CONV_MIN_MACS}.
     */
    static final long JAVA_OVER_NATIVE_MIN_MACS = Long.getLong("torch4j.gemm.javaOverNativeMin", 1L << 25);

    /** Where the Java kernel overtakes an AVX2 OpenBLAS core on an AVX-512 CPU (32^3 ties, 64^3 wins). */
    static final long JAVA_OVER_NATIVE_CONV_MIN_MACS = 1L << 17;

    private Gemm() {}

    /**
     * Whether the native path is wanted, given the {@code torch4j.blas} property and the {@code TORCH4J_BLAS}
     * environment variable: "java" in either forces the Java kernel; otherwise OpenBLAS is used when it loads.
     */
    static boolean selectNative(String property, String env) {
        if (property != null && property.trim().equalsIgnoreCase("java")) return false;
        if (property == null || property.isBlank()) {
            if (env != null && env.trim().equalsIgnoreCase("java")) return false;
        }
        return OpenBlas.AVAILABLE;
    }

    /** True when large products go to OpenBLAS. */
    public static boolean usesNative() { return USE_NATIVE; }

    /**
     * Whether the Java kernel is preferred to an OpenBLAS core of this name when the JVM's float vectors have this
     * many bits: only 512-bit vectors against a core without AVX-512 kernels; {@code override} ("true"/"false") wins.
     */
    static boolean javaOverNative(String core, int vectorBits, String override) {
        if (override != null && !override.isBlank()) return Boolean.parseBoolean(override.trim());
        if (core == null || vectorBits < 512) return false;
        String c = core.toLowerCase(Locale.ROOT);
        return !(c.contains("skylakex") || c.contains("cooperlake") || c.contains("sapphirerapids"));
    }

    /**
     * Whether an {@code m x n x k} product, called outside a parallel region, runs on OpenBLAS. Under
     * {@link #JAVA_OVER_NATIVE}, products with fewer than 16 rows or columns stay there (a matrix-vector product,
     * such as a linear layer on one sample, fills one row of the Java kernel's 6-row strips: 1.4 against 0.7 ms for
     * ResNet-50's classifier).
     */
    static boolean nativeRuns(int m, int n, int k) {
        long macs = (long) m * n * k;
        return USE_NATIVE && macs >= NATIVE_MIN_MACS && !javaOverNative(m, n, k, JAVA_OVER_NATIVE_MIN_MACS);
    }

    /** Under {@link #JAVA_OVER_NATIVE}, whether an {@code m x n x k} product of at least {@code min} multiply-adds takes the Java kernel. */
    static boolean javaOverNative(int m, int n, int k, long min) {
        return JAVA_OVER_NATIVE && (long) m * n * k >= min && m >= 16 && n >= 16;
    }

    /**
     * {@link #sgemm} for the convolution kernels, which call it with arguments they have checked: the Java kernel
     * from {@link #JAVA_OVER_NATIVE_CONV_MIN_MACS} on where {@link #JAVA_OVER_NATIVE} holds (ResNet-50's
     * convolutions: 12.8M-231M multiply-adds at batch 1).
     */
    static void sgemmConv(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                          int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (javaOverNative(m, n, k, JAVA_OVER_NATIVE_CONV_MIN_MACS)) {
            JavaGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** One line saying which implementation runs: the OpenBLAS library, version and core, or why it is not used. */
    public static String describe() {
        String java = String.format(Locale.ROOT, "Java Vector API kernel (%d-bit vectors, %dx%d float tile)",
                JavaGemm.FS.vectorBitSize(), JavaGemm.MR, JavaGemm.FNR);
        if (USE_NATIVE) {
            if (JAVA_OVER_NATIVE) {
                return "OpenBLAS " + OpenBlas.loadedFrom() + " [" + OpenBlas.config() + ", core " + OpenBlas.coreName()
                        + "] for " + NATIVE_MIN_MACS + " <= m*n*k < " + JAVA_OVER_NATIVE_MIN_MACS + "; " + java
                        + " otherwise (its vectors are wider than the OpenBLAS core's)";
            }
            return "OpenBLAS " + OpenBlas.loadedFrom() + " [" + OpenBlas.config() + ", core " + OpenBlas.coreName()
                    + "] for m*n*k >= " + NATIVE_MIN_MACS + "; " + java + " below that and inside parallel regions";
        }
        return java + (OpenBlas.AVAILABLE ? " (forced by torch4j.blas / TORCH4J_BLAS)"
                : "; " + OpenBlas.loadError());
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C} in float32; see the class comment for the layout. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                             int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        checkDims("sgemm", m, n, k);
        lda = checkMatrix("sgemm", "A", transA, m, k, aOff, lda, a.length);
        ldb = checkMatrix("sgemm", "B", transB, k, n, bOff, ldb, b.length);
        ldc = checkMatrix("sgemm", "C", false, m, n, cOff, ldc, c.length);
        checkNoOverlap("sgemm", a == c, transA, m, k, aOff, lda, m, n, cOff, ldc, "A");
        checkNoOverlap("sgemm", b == c, transB, k, n, bOff, ldb, m, n, cOff, ldc, "B");
        sgemmUnchecked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C} in float64; see the class comment for the layout. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                             int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        checkDims("dgemm", m, n, k);
        lda = checkMatrix("dgemm", "A", transA, m, k, aOff, lda, a.length);
        ldb = checkMatrix("dgemm", "B", transB, k, n, bOff, ldb, b.length);
        ldc = checkMatrix("dgemm", "C", false, m, n, cOff, ldc, c.length);
        checkNoOverlap("dgemm", a == c, transA, m, k, aOff, lda, m, n, cOff, ldc, "A");
        checkNoOverlap("dgemm", b == c, transB, k, n, bOff, ldb, m, n, cOff, ldc, "B");
        dgemmUnchecked(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@code batch} independent float32 products; matrix {@code i} of A starts at {@code aOff + i * strideA}
     * (likewise B and C). Strides are non-negative; {@code strideA} or {@code strideB} may be 0 (broadcast), but
     * the C matrices must not overlap. Small matrices are spread over the batch, large ones multiplied in turn
     * with all threads.
     */
    public static void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                                    int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
                                    int ldc, int batch, long strideA, long strideB, long strideC) {
        checkDims("sgemmBatched", m, n, k);
        if (batch < 0) throw new IllegalArgumentException("sgemmBatched: batch must be >= 0, got " + batch);
        if (batch == 0) return;
        lda = checkBatch("sgemmBatched", "A", transA, m, k, aOff, lda, a.length, batch, strideA);
        ldb = checkBatch("sgemmBatched", "B", transB, k, n, bOff, ldb, b.length, batch, strideB);
        ldc = checkBatch("sgemmBatched", "C", false, m, n, cOff, ldc, c.length, batch, strideC);
        checkOutputStride("sgemmBatched", m, n, ldc, batch, strideC);
        checkBatchNoOverlap("sgemmBatched", a == c, transA, m, k, aOff, lda, strideA, m, n, cOff, ldc, strideC,
                batch, "A");
        checkBatchNoOverlap("sgemmBatched", b == c, transB, k, n, bOff, ldb, strideB, m, n, cOff, ldc, strideC,
                batch, "B");
        final int lda_ = lda, ldb_ = ldb, ldc_ = ldc;
        forBatch(batch, (long) m * n * k, i -> sgemmUnchecked(transA, transB, m, n, k, alpha,
                a, (int) (aOff + i * strideA), lda_, b, (int) (bOff + i * strideB), ldb_,
                beta, c, (int) (cOff + i * strideC), ldc_));
    }

    /** The float64 form of {@link #sgemmBatched}. */
    public static void dgemmBatched(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                                    int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c,
                                    int cOff, int ldc, int batch, long strideA, long strideB, long strideC) {
        checkDims("dgemmBatched", m, n, k);
        if (batch < 0) throw new IllegalArgumentException("dgemmBatched: batch must be >= 0, got " + batch);
        if (batch == 0) return;
        lda = checkBatch("dgemmBatched", "A", transA, m, k, aOff, lda, a.length, batch, strideA);
        ldb = checkBatch("dgemmBatched", "B", transB, k, n, bOff, ldb, b.length, batch, strideB);
        ldc = checkBatch("dgemmBatched", "C", false, m, n, cOff, ldc, c.length, batch, strideC);
        checkOutputStride("dgemmBatched", m, n, ldc, batch, strideC);
        checkBatchNoOverlap("dgemmBatched", a == c, transA, m, k, aOff, lda, strideA, m, n, cOff, ldc, strideC,
                batch, "A");
        checkBatchNoOverlap("dgemmBatched", b == c, transB, k, n, bOff, ldb, strideB, m, n, cOff, ldc, strideC,
                batch, "B");
        final int lda_ = lda, ldb_ = ldb, ldc_ = ldc;
        forBatch(batch, (long) m * n * k, i -> dgemmUnchecked(transA, transB, m, n, k, alpha,
                a, (int) (aOff + i * strideA), lda_, b, (int) (bOff + i * strideB), ldb_,
                beta, c, (int) (cOff + i * strideC), ldc_));
    }

    // ------------------------------------------------------------------------------------------- dispatch

    private static boolean nativeFor(int m, int n, int k) {
        long macs = (long) m * n * k;
        // Not from inside a parallel region: OpenBLAS's threads would compete with ours, and even its
        // single-threaded small products slow down when two of our threads call it at once (measured 1.7-4x).
        if (!nativeRuns(m, n, k) || Parallel.inParallelRegion()) return false;
        if (macs >= OPENBLAS_THREADED_MACS) Parallel.yieldCores();
        return true;
    }

    /**
     * Whether a product of this size, called now, goes through OpenBLAS's level-3 driver, which for beta 0 clears C
     * in a pass of its own and then adds {@code alpha * op(A) * op(B)} into it: into a C that already holds zeros,
     * beta 1 gives the same bits without that pass. Not below ~1e6 multiply-adds, where OpenBLAS may take a
     * small-matrix kernel that writes C without reading it when beta is 0 (beta 1 would add a read), nor on the
     * Java kernel (the same; it also takes the matrices of a batch spread over threads).
     */
    static boolean addsIntoC(int batch, int m, int n, int k) {
        long macs = (long) m * n * k;
        return nativeRuns(m, n, k) && macs >= ADDS_INTO_C_MIN_MACS && (batch == 1 || macs >= BATCH_SPLIT_MAX_MACS)
                && !Parallel.inParallelRegion();
    }

    private static final long ADDS_INTO_C_MIN_MACS = 1L << 21;

    /** Products from about this size on run on several OpenBLAS threads, which need the cores our workers hold. */
    private static final long OPENBLAS_THREADED_MACS = 64L * 64 * 64;

    private static void sgemmUnchecked(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                                       int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c,
                                       int cOff, int ldc) {
        if (nativeFor(m, n, k) && alpha != 0f) {
            OpenBlas.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            JavaGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static void dgemmUnchecked(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                       double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta,
                                       double[] c, int cOff, int ldc) {
        if (nativeFor(m, n, k) && alpha != 0d) {
            OpenBlas.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            JavaGemm.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @FunctionalInterface
    private interface BatchBody {
        void run(long i);
    }

    private static void forBatch(int batch, long macs, BatchBody body) {
        boolean split = batch > 1 && macs < BATCH_SPLIT_MAX_MACS && (!USE_NATIVE || macs >= BATCH_SPLIT_MIN_NATIVE_MACS)
                && Parallel.numThreads() > 1 && !Parallel.inParallelRegion();
        if (split) {
            // Each matrix on one thread: inside the region the dispatch picks the Java kernel, single-threaded.
            long grain = Math.max(1, BATCH_PARALLEL_MIN_MACS / Math.max(1, macs));
            Parallel.parallelFor(0, batch, grain, (b0, b1) -> {
                for (long i = b0; i < b1; i++) body.run(i);
            });
        } else {
            for (long i = 0; i < batch; i++) body.run(i);
        }
    }

    // ------------------------------------------------------------------------------------------- checks

    private static void checkDims(String op, int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must be non-negative, got m=" + m + ", n=" + n
                    + ", k=" + k);
        }
    }

    /**
     * Checks that every element of the {@code rows x cols} matrix op(X) lies in {@code [0, length)} and returns
     * the leading dimension to use (normalised when X has fewer than two stored rows, where it is never used).
     */
    private static int checkMatrix(String op, String name, boolean trans, int rows, int cols, long off, int ld,
                                   int length) {
        int sr = trans ? cols : rows, sc = trans ? rows : cols; // stored rows and columns
        if (sr <= 1 || sc == 0) ld = Math.max(1, sc);
        else if (ld < sc) {
            throw new IllegalArgumentException(op + ": ld" + name.toLowerCase(Locale.ROOT) + "=" + ld
                    + " is smaller than the " + sc + " columns of the stored " + name + " (" + sr + "x" + sc + ")");
        }
        if (sr == 0 || sc == 0) return ld;
        long last = off + (long) (sr - 1) * ld + sc - 1;
        if (off < 0 || last >= length) {
            throw new IndexOutOfBoundsException(op + ": " + name + " (" + sr + "x" + sc + ", offset " + off
                    + ", ld " + ld + ") spans elements [" + off + ", " + last + "] of an array of length " + length);
        }
        return ld;
    }

    private static int checkBatch(String op, String name, boolean trans, int rows, int cols, int off, int ld,
                                  int length, int batch, long stride) {
        if (stride < 0) throw new IllegalArgumentException(op + ": stride" + name + " must be >= 0, got " + stride);
        int ld0 = checkMatrix(op, name, trans, rows, cols, off, ld, length);
        checkMatrix(op, name, trans, rows, cols, off + (batch - 1) * stride, ld, length);
        return ld0;
    }

    private static void checkOutputStride(String op, int m, int n, int ldc, int batch, long strideC) {
        if (batch > 1 && m > 0 && n > 0 && strideC < (long) (m - 1) * ldc + n) {
            throw new IllegalArgumentException(op + ": strideC=" + strideC + " makes the " + m + "x" + n
                    + " outputs (ldc " + ldc + ") overlap");
        }
    }

    /** Rejects an input that shares elements with C: the result would depend on the order of the writes. */
    private static void checkNoOverlap(String op, boolean sameArray, boolean trans, int rows, int cols, long off,
                                       int ld, int m, int n, long cOff, int ldc, String name) {
        if (!sameArray || (long) rows * cols == 0 || (long) m * n == 0) return;
        int sr = trans ? cols : rows, sc = trans ? rows : cols;
        long xEnd = off + (long) (sr - 1) * ld + sc, cEnd = cOff + (long) (m - 1) * ldc + n;
        if (off < cEnd && cOff < xEnd) {
            throw new IllegalArgumentException(op + ": " + name + " and C overlap in the same array");
        }
    }

    private static void checkBatchNoOverlap(String op, boolean sameArray, boolean trans, int rows, int cols,
                                            long off, int ld, long stride, int m, int n, long cOff, int ldc,
                                            long strideC, int batch, String name) {
        if (!sameArray || (long) rows * cols == 0 || (long) m * n == 0) return;
        int sr = trans ? cols : rows, sc = trans ? rows : cols;
        long xEnd = off + (batch - 1) * stride + (long) (sr - 1) * ld + sc;
        long cEnd = cOff + (batch - 1) * strideC + (long) (m - 1) * ldc + n;
        if (off < cEnd && cOff < xEnd) {
            throw new IllegalArgumentException(op + ": " + name + " and C overlap in the same array");
        }
    }
}
