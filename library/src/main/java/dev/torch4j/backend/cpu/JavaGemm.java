package dev.torch4j.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pure-Java GEMM (Vector API): the reference path, the path for small products where a native call loses, and the
 * only path where no BLAS is found.
 *
 * <p>The structure is GotoBLAS's: for each {@code nc}-wide column panel and {@code kc}-deep slice of the inner
 * dimension, op(B) is packed into {@code NR}-wide strips (kept in L1 while one strip is used), then each
 * {@code mc}-high row block of op(A) is packed into {@code MR}-high strips (kept in L2) and a register-blocked
 * {@code MR x NR} micro-kernel runs over every strip pair. Packing absorbs transposes, strides and ragged edges
 * (zero padding), so the micro-kernel always sees the same contiguous layout. Row blocks (and, when there are fewer
 * of them than threads, column groups) are spread over {@link Parallel}.
 *
 * <p>Arguments are not checked here; {@link Gemm} checks them.
 */
final class JavaGemm {
    /** Rows of the micro-kernel. */
    static final int MR = 6;

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int FL = FS.length();
    /** Columns of the float micro-kernel: two vectors. */
    static final int FNR = 2 * FL;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final int DL = DS.length();
    static final int DNR = 2 * DL;

    /** Depth of a packed slice. Tuned on Zen 4 (32 KiB L1d, 1 MiB L2): a kc x NR strip of B is 32 KiB. */
    static final int KC = Integer.getInteger("torch4j.gemm.kc", 256);
    /** Rows of a packed A block (multiple of MR). */
    static final int MC = Integer.getInteger("torch4j.gemm.mc", 144);
    /** Columns of a packed B panel. */
    static final int NC = Integer.getInteger("torch4j.gemm.nc", 4096);
    /** Below this many multiply-adds a product runs on one thread: forking costs more than it saves. */
    static final long PARALLEL_MIN_MACS = Long.getLong("torch4j.gemm.parallelMin", 1L << 23);

    /** Products with at most this many multiply-adds skip packing (see {@code small}). */
    static final long SMALL_MACS = Long.getLong("torch4j.gemm.smallMacs", 256);

    /** B panels with fewer elements than this are packed by one thread. */
    static final long PARALLEL_PACK_MIN = 1L << 17;

    private JavaGemm() {}

    /** Per-thread packing buffers, grown on demand and reused. */
    private static final class Buffers {
        float[] fa = new float[0], fb = new float[0], ft = new float[MR * FNR];
        double[] da = new double[0], db = new double[0], dt = new double[MR * DNR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if ((long) m * n * k <= SMALL_MACS) {
            small(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int threads = Parallel.numThreads();
        if (threads > 1 && m <= COLUMN_SPLIT_MAX_ROWS && n >= COLUMN_SPLIT_MIN_COLUMNS * threads
                && (long) m * n * k >= PARALLEL_MIN_MACS && !Parallel.inParallelRegion()) {
            // each thread its own columns, start to end: one fork and join instead of two per depth panel
            int strips = ceilDiv(n, FNR);
            Parallel.parallelFor(0, threads, 1, (t0, t1) -> {
                for (long t = t0; t < t1; t++) {
                    int j0 = (int) (strips * t / threads) * FNR, j1 = Math.min(n, (int) (strips * (t + 1) / threads) * FNR);
                    if (j0 >= j1) continue;
                    new SgemmTask(transA, transB, m, j1 - j0, k, alpha, a, aOff, lda, b, transB ? bOff + j0 * ldb : bOff + j0,
                            ldb, beta, c, cOff + j0, ldc).run();
                }
            });
            return;
        }
        if (threads > 1 && n < COLUMN_SPLIT_MIN_COLUMNS * threads && m >= ROW_SPLIT_MIN_ROWS * threads
                && (long) m * n * k >= PARALLEL_MIN_MACS && !Parallel.inParallelRegion()) {
            // few columns (a convolution's late layers: 49-392): each thread its own rows and its own packed B
            int strips = ceilDiv(m, MR);
            Parallel.parallelFor(0, threads, 1, (t0, t1) -> {
                for (long t = t0; t < t1; t++) {
                    int i0 = (int) (strips * t / threads) * MR, i1 = Math.min(m, (int) (strips * (t + 1) / threads) * MR);
                    if (i0 >= i1) continue;
                    new SgemmTask(transA, transB, i1 - i0, n, k, alpha, a, transA ? aOff + i0 : aOff + i0 * lda, lda, b, bOff,
                            ldb, beta, c, cOff + i0 * ldc, ldc).run();
                }
            });
            return;
        }
        new SgemmTask(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc).run();
    }

    /**
     * Float products with fewer than {@link #COLUMN_SPLIT_MIN_COLUMNS} columns per thread and at least this many
     * rows per thread split their rows over the threads the same way (one fork and join; B, small here, packed by
     * each thread).
     */
    static final int ROW_SPLIT_MIN_ROWS = Integer.getInteger("torch4j.gemm.rowSplitMin", 64);

    /**
     * Float products with at most this many rows and at least {@link #COLUMN_SPLIT_MIN_COLUMNS} columns per thread
     * (convolutions of one image: 64-512 output channels by 784-12544 positions) split their columns over the
     * threads, each thread packing its own B and all of A: the panel-by-panel split below forks and joins twice
     * per 256-deep panel, and a thread that the machine's scheduler delays holds up every join.
     */
    static final int COLUMN_SPLIT_MAX_ROWS = 512;
    static final int COLUMN_SPLIT_MIN_COLUMNS = Integer.getInteger("torch4j.gemm.columnSplitMin", 256);

    /**
     * Tiny products without packing: four rows of C at a time, one vector of columns, accumulated in registers
     * (accumulating in C itself chains every step through a store and a load, ~4x slower).
     */
    private static void small(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                              int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int sa = transA ? 1 : lda, ka = transA ? lda : 1; // A(i, p) = a[aOff + i*sa + p*ka]
        int jv = transB ? 0 : FS.loopBound(n);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            for (int j = 0; j < jv; j += FL) {
                FloatVector c0 = FloatVector.zero(FS), c1 = c0, c2 = c0, c3 = c0;
                int ai = aOff + i * sa;
                for (int p = 0; p < k; p++, ai += ka) {
                    FloatVector bv = FloatVector.fromArray(FS, b, bOff + p * ldb + j);
                    c0 = FloatVector.broadcast(FS, a[ai]).fma(bv, c0);
                    c1 = FloatVector.broadcast(FS, a[ai + sa]).fma(bv, c1);
                    c2 = FloatVector.broadcast(FS, a[ai + 2 * sa]).fma(bv, c2);
                    c3 = FloatVector.broadcast(FS, a[ai + 3 * sa]).fma(bv, c3);
                }
                int co = cOff + i * ldc + j;
                smallStore(c, co, alpha, beta, c0);
                smallStore(c, co + ldc, alpha, beta, c1);
                smallStore(c, co + 2 * ldc, alpha, beta, c2);
                smallStore(c, co + 3 * ldc, alpha, beta, c3);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < jv; j += FL) {
                FloatVector c0 = FloatVector.zero(FS);
                int ai = aOff + i * sa;
                for (int p = 0; p < k; p++, ai += ka) {
                    c0 = FloatVector.broadcast(FS, a[ai]).fma(FloatVector.fromArray(FS, b, bOff + p * ldb + j), c0);
                }
                smallStore(c, cOff + i * ldc + j, alpha, beta, c0);
            }
        }
        // The columns that the vector loop left (all of them when B is transposed).
        for (int r = 0; r < m; r++) {
            for (int j = jv; j < n; j++) {
                float sum = 0;
                int ai = aOff + r * sa;
                for (int p = 0; p < k; p++, ai += ka) {
                    sum += a[ai] * (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                }
                int idx = cOff + r * ldc + j;
                c[idx] = beta == 0f ? alpha * sum : alpha * sum + beta * c[idx];
            }
        }
    }

    private static void smallStore(float[] c, int co, float alpha, float beta, FloatVector v) {
        v = v.mul(alpha);
        if (beta != 0f) v = FloatVector.fromArray(FS, c, co).mul(beta).add(v);
        v.intoArray(c, co);
    }

    static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0d) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if ((long) m * n * k <= SMALL_MACS) {
            small(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        new DgemmTask(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc).run();
    }

    /**
     * Tiny products without packing: four rows of C at a time, one vector of columns, accumulated in registers
     * (accumulating in C itself chains every step through a store and a load, ~4x slower).
     */
    private static void small(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                              int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        int sa = transA ? 1 : lda, ka = transA ? lda : 1; // A(i, p) = a[aOff + i*sa + p*ka]
        int jv = transB ? 0 : DS.loopBound(n);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            for (int j = 0; j < jv; j += DL) {
                DoubleVector c0 = DoubleVector.zero(DS), c1 = c0, c2 = c0, c3 = c0;
                int ai = aOff + i * sa;
                for (int p = 0; p < k; p++, ai += ka) {
                    DoubleVector bv = DoubleVector.fromArray(DS, b, bOff + p * ldb + j);
                    c0 = DoubleVector.broadcast(DS, a[ai]).fma(bv, c0);
                    c1 = DoubleVector.broadcast(DS, a[ai + sa]).fma(bv, c1);
                    c2 = DoubleVector.broadcast(DS, a[ai + 2 * sa]).fma(bv, c2);
                    c3 = DoubleVector.broadcast(DS, a[ai + 3 * sa]).fma(bv, c3);
                }
                int co = cOff + i * ldc + j;
                smallStore(c, co, alpha, beta, c0);
                smallStore(c, co + ldc, alpha, beta, c1);
                smallStore(c, co + 2 * ldc, alpha, beta, c2);
                smallStore(c, co + 3 * ldc, alpha, beta, c3);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < jv; j += DL) {
                DoubleVector c0 = DoubleVector.zero(DS);
                int ai = aOff + i * sa;
                for (int p = 0; p < k; p++, ai += ka) {
                    c0 = DoubleVector.broadcast(DS, a[ai]).fma(DoubleVector.fromArray(DS, b, bOff + p * ldb + j), c0);
                }
                smallStore(c, cOff + i * ldc + j, alpha, beta, c0);
            }
        }
        // The columns that the vector loop left (all of them when B is transposed).
        for (int r = 0; r < m; r++) {
            for (int j = jv; j < n; j++) {
                double sum = 0;
                int ai = aOff + r * sa;
                for (int p = 0; p < k; p++, ai += ka) {
                    sum += a[ai] * (transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                }
                int idx = cOff + r * ldc + j;
                c[idx] = beta == 0d ? alpha * sum : alpha * sum + beta * c[idx];
            }
        }
    }

    private static void smallStore(double[] c, int co, double alpha, double beta, DoubleVector v) {
        v = v.mul(alpha);
        if (beta != 0d) v = DoubleVector.fromArray(DS, c, co).mul(beta).add(v);
        v.intoArray(c, co);
    }

    /** C = beta*C, where beta == 0 writes zeros without reading C (BLAS semantics: NaN in C does not survive). */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, row, row + n, 0f);
            else for (int j = 0; j < n; j++) c[row + j] *= beta;
        }
    }

    static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1d) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0d) java.util.Arrays.fill(c, row, row + n, 0d);
            else for (int j = 0; j < n; j++) c[row + j] *= beta;
        }
    }

    /**
     * The blocking and the parallel schedule, shared by both element types; subclasses pack and run the kernel.
     */
    private abstract static sealed class Task permits SgemmTask, DgemmTask {
        final int m, n, k, nr, kcMax;

        Task(int m, int n, int k, int nr, int kcMax) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.nr = nr;
            this.kcMax = kcMax;
        }

        /** Packs strips {@code [s0, s1)} of the B panel at rows {@code pc..pc+kc}, columns {@code jc..jc+nc}. */
        abstract void packB(int pc, int kc, int jc, int nc, int s0, int s1);

        /** Makes sure the calling thread's B buffer holds a {@code kc x nc} panel and shares it with the workers. */
        abstract void prepareB(int kc, int nc);

        /**
         * Packs rows {@code ic..ic+mc} of op(A) (depth slice {@code pc..pc+kc}) and multiplies them with B strips
         * {@code [s0, s1)} of the panel at column {@code jc}.
         */
        abstract void block(int ic, int mc, int jc, int s0, int s1, int pc, int kc, boolean first);

        final void run() {
            int threads = (long) m * n * k < PARALLEL_MIN_MACS || Parallel.inParallelRegion() ? 1
                    : Parallel.numThreads();
            // Row blocks: at most MC rows, as many as a multiple of the thread count, and of about equal height,
            // so that the threads' shares differ by at most a few rows (one tall leftover block cost ~10%).
            int mb = roundUp(ceilDiv(m, MC), threads);
            int mc = Math.min(MC, roundUp(ceilDiv(m, mb), MR));
            mb = ceilDiv(m, mc);
            int ncMax = Math.min(NC, roundUp(n, nr));
            prepareB(Math.min(kcMax, k), ncMax);
            for (int jc = 0; jc < n; jc += ncMax) {
                int nc = Math.min(ncMax, n - jc);
                int strips = ceilDiv(nc, nr);
                // When there are fewer row blocks than threads, split the panel's strips into column groups too.
                int ng = mb >= threads ? 1 : Math.min(strips, ceilDiv(threads, mb));
                for (int pc = 0; pc < k; pc += kcMax) {
                    int kc = Math.min(kcMax, k - pc);
                    final int jcF = jc, ncF = nc, pcF = pc;
                    // Forking costs ~10-50 us here: pack B on this thread unless the panel is large.
                    long packGrain = threads == 1 || (long) kc * nc < PARALLEL_PACK_MIN ? strips
                            : Math.max(1, ceilDiv(strips, threads));
                    Parallel.parallelFor(0, strips, packGrain,
                            (s0, s1) -> packB(pcF, kc, jcF, ncF, (int) s0, (int) s1));
                    boolean first = pc == 0;
                    int tasks = mb * ng;
                    Parallel.parallelFor(0, tasks, threads == 1 ? tasks : 1, (t0, t1) -> {
                        for (int t = (int) t0; t < t1; t++) {
                            int ib = t / ng, g = t % ng;
                            int ic = ib * mc;
                            block(ic, Math.min(mc, m - ic), jcF, (int) ((long) g * strips / ng),
                                    (int) ((long) (g + 1) * strips / ng), pcF, kc, first);
                        }
                    });
                }
            }
        }
    }

    static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    static int roundUp(int a, int b) { return ceilDiv(a, b) * b; }

    // ---------------------------------------------------------------------------------------------- float32

    private static final class SgemmTask extends Task {
        private final boolean transA, transB;
        private final float alpha, beta;
        private final float[] a, b, c;
        private final int aOff, lda, bOff, ldb, cOff, ldc;
        private float[] bp;

        SgemmTask(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            super(m, n, k, FNR, KC);
            this.transA = transA;
            this.transB = transB;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.b = b;
            this.c = c;
            this.aOff = aOff;
            this.lda = lda;
            this.bOff = bOff;
            this.ldb = ldb;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        @Override
        void prepareB(int kc, int nc) {
            Buffers buf = BUFFERS.get();
            int need = kc * roundUp(nc, FNR);
            if (buf.fb.length < need) buf.fb = new float[need];
            bp = buf.fb;
        }

        @Override
        void packB(int pc, int kc, int jc, int nc, int s0, int s1) {
            float[] bp = this.bp, b = this.b;
            for (int s = s0; s < s1; s++) {
                int j0 = jc + s * FNR, w = Math.min(FNR, jc + nc - j0), dst = s * kc * FNR;
                if (!transB) { // op(B)(p, j) = b[bOff + p*ldb + j]: each row of the strip is contiguous
                    int src = bOff + pc * ldb + j0;
                    if (w == FNR) {
                        for (int p = 0; p < kc; p++, src += ldb, dst += FNR) {
                            FloatVector.fromArray(FS, b, src).intoArray(bp, dst);
                            FloatVector.fromArray(FS, b, src + FL).intoArray(bp, dst + FL);
                        }
                    } else {
                        // Masked loads read only the w columns that exist and leave zeros in the rest. (A masked
                        // access whose whole vector would cross the array's end takes a slow path: copy those.)
                        VectorMask<Float> m0 = FS.indexInRange(0, w), m1 = FS.indexInRange(FL, w);
                        for (int p = 0; p < kc; p++, src += ldb, dst += FNR) {
                            if (src + FNR <= b.length) {
                                FloatVector.fromArray(FS, b, src, m0).intoArray(bp, dst);
                                FloatVector.fromArray(FS, b, src + FL, m1).intoArray(bp, dst + FL);
                            } else {
                                for (int j = 0; j < FNR; j++) bp[dst + j] = j < w ? b[src + j] : 0f;
                            }
                        }
                    }
                } else { // op(B)(p, j) = b[bOff + j*ldb + p]: each column of the strip is contiguous
                    for (int jj = 0; jj < w; jj++) {
                        int src = bOff + (j0 + jj) * ldb + pc;
                        for (int p = 0; p < kc; p++) bp[dst + p * FNR + jj] = b[src + p];
                    }
                    for (int jj = w; jj < FNR; jj++) {
                        for (int p = 0; p < kc; p++) bp[dst + p * FNR + jj] = 0f;
                    }
                }
            }
        }

        private void packA(float[] ap, int ic, int mc, int pc, int kc) {
            float[] a = this.a;
            for (int r = 0, i0 = ic; i0 < ic + mc; r++, i0 += MR) {
                int h = Math.min(MR, ic + mc - i0), dst = r * kc * MR;
                if (!transA) { // op(A)(i, p) = a[aOff + i*lda + p]
                    for (int ii = 0; ii < h; ii++) {
                        int src = aOff + (i0 + ii) * lda + pc;
                        for (int p = 0; p < kc; p++) ap[dst + p * MR + ii] = a[src + p];
                    }
                    for (int ii = h; ii < MR; ii++) {
                        for (int p = 0; p < kc; p++) ap[dst + p * MR + ii] = 0f;
                    }
                } else { // op(A)(i, p) = a[aOff + p*lda + i]
                    for (int p = 0; p < kc; p++) {
                        int src = aOff + (pc + p) * lda + i0, d = dst + p * MR;
                        for (int ii = 0; ii < h; ii++) ap[d + ii] = a[src + ii];
                        for (int ii = h; ii < MR; ii++) ap[d + ii] = 0f;
                    }
                }
            }
        }

        @Override
        void block(int ic, int mc, int jc, int s0, int s1, int pc, int kc, boolean first) {
            Buffers buf = BUFFERS.get();
            int need = roundUp(mc, MR) * kc;
            if (buf.fa.length < need) buf.fa = new float[need];
            float[] ap = buf.fa, tile = buf.ft;
            packA(ap, ic, mc, pc, kc);
            float be = first ? beta : 1f;
            for (int s = s0; s < s1; s++) {
                int j0 = jc + s * FNR, w = Math.min(FNR, n - j0);
                for (int r = 0, i0 = ic; i0 < ic + mc; r++, i0 += MR) {
                    int h = Math.min(MR, ic + mc - i0);
                    kernel(kc, ap, r * kc * MR, bp, s * kc * FNR, tile);
                    merge(tile, c, cOff + i0 * ldc + j0, ldc, h, w, alpha, be);
                }
            }
        }

        /**
         * tile = Ap * Bp for a packed {@code MR x kc} strip of A and a packed {@code kc x NR} strip of B. The
         * accumulators never leave this method as objects: passing Vector values to a call that C2 does not inline
         * boxes them, and that made the whole loop ~7x slower (measured).
         */
        static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
            FloatVector z = FloatVector.zero(FS);
            FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
            FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
            for (int p = 0; p < kc; p++) {
                int bi = bo + p * FNR, ai = ao + p * MR;
                FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
                FloatVector b1 = FloatVector.fromArray(FS, bp, bi + FL);
                FloatVector x = FloatVector.broadcast(FS, ap[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(FS, ap[ai + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(FS, ap[ai + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(FS, ap[ai + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(FS, ap[ai + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(FS, ap[ai + 5]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
            }
            c00.intoArray(tile, 0);
            c01.intoArray(tile, FL);
            c10.intoArray(tile, FNR);
            c11.intoArray(tile, FNR + FL);
            c20.intoArray(tile, 2 * FNR);
            c21.intoArray(tile, 2 * FNR + FL);
            c30.intoArray(tile, 3 * FNR);
            c31.intoArray(tile, 3 * FNR + FL);
            c40.intoArray(tile, 4 * FNR);
            c41.intoArray(tile, 4 * FNR + FL);
            c50.intoArray(tile, 5 * FNR);
            c51.intoArray(tile, 5 * FNR + FL);
        }

        /** C[0:h, 0:w] = alpha * tile + beta * C, where beta == 0 does not read C. */
        static void merge(float[] tile, float[] c, int co, int ldc, int h, int w, float alpha, float beta) {
            if (w == FNR) {
                for (int i = 0; i < h; i++, co += ldc) {
                    FloatVector t0 = FloatVector.fromArray(FS, tile, i * FNR).mul(alpha);
                    FloatVector t1 = FloatVector.fromArray(FS, tile, i * FNR + FL).mul(alpha);
                    if (beta != 0f) {
                        t0 = FloatVector.fromArray(FS, c, co).mul(beta).add(t0);
                        t1 = FloatVector.fromArray(FS, c, co + FL).mul(beta).add(t1);
                    }
                    t0.intoArray(c, co);
                    t1.intoArray(c, co + FL);
                }
                return;
            }
            VectorMask<Float> m0 = FS.indexInRange(0, w), m1 = FS.indexInRange(FL, w);
            for (int i = 0; i < h; i++, co += ldc) {
                FloatVector t0 = FloatVector.fromArray(FS, tile, i * FNR).mul(alpha);
                FloatVector t1 = FloatVector.fromArray(FS, tile, i * FNR + FL).mul(alpha);
                if (co + FNR <= c.length) {
                    if (beta != 0f) {
                        t0 = FloatVector.fromArray(FS, c, co, m0).mul(beta).add(t0);
                        t1 = FloatVector.fromArray(FS, c, co + FL, m1).mul(beta).add(t1);
                    }
                    t0.intoArray(c, co, m0);
                    t1.intoArray(c, co + FL, m1);
                } else {
                    for (int j = 0; j < w; j++) {
                        float v = alpha * tile[i * FNR + j];
                        c[co + j] = beta == 0f ? v : v + beta * c[co + j];
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- float64

    private static final class DgemmTask extends Task {
        private final boolean transA, transB;
        private final double alpha, beta;
        private final double[] a, b, c;
        private final int aOff, lda, bOff, ldb, cOff, ldc;
        private double[] bp;

        DgemmTask(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                  double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            super(m, n, k, DNR, KC);
            this.transA = transA;
            this.transB = transB;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.b = b;
            this.c = c;
            this.aOff = aOff;
            this.lda = lda;
            this.bOff = bOff;
            this.ldb = ldb;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        @Override
        void prepareB(int kc, int nc) {
            Buffers buf = BUFFERS.get();
            int need = kc * roundUp(nc, DNR);
            if (buf.db.length < need) buf.db = new double[need];
            bp = buf.db;
        }

        @Override
        void packB(int pc, int kc, int jc, int nc, int s0, int s1) {
            double[] bp = this.bp, b = this.b;
            for (int s = s0; s < s1; s++) {
                int j0 = jc + s * DNR, w = Math.min(DNR, jc + nc - j0), dst = s * kc * DNR;
                if (!transB) {
                    int src = bOff + pc * ldb + j0;
                    if (w == DNR) {
                        for (int p = 0; p < kc; p++, src += ldb, dst += DNR) {
                            DoubleVector.fromArray(DS, b, src).intoArray(bp, dst);
                            DoubleVector.fromArray(DS, b, src + DL).intoArray(bp, dst + DL);
                        }
                    } else {
                        // Masked loads read only the w columns that exist and leave zeros in the rest. (A masked
                        // access whose whole vector would cross the array's end takes a slow path: copy those.)
                        VectorMask<Double> m0 = DS.indexInRange(0, w), m1 = DS.indexInRange(DL, w);
                        for (int p = 0; p < kc; p++, src += ldb, dst += DNR) {
                            if (src + DNR <= b.length) {
                                DoubleVector.fromArray(DS, b, src, m0).intoArray(bp, dst);
                                DoubleVector.fromArray(DS, b, src + DL, m1).intoArray(bp, dst + DL);
                            } else {
                                for (int j = 0; j < DNR; j++) bp[dst + j] = j < w ? b[src + j] : 0d;
                            }
                        }
                    }
                } else {
                    for (int jj = 0; jj < w; jj++) {
                        int src = bOff + (j0 + jj) * ldb + pc;
                        for (int p = 0; p < kc; p++) bp[dst + p * DNR + jj] = b[src + p];
                    }
                    for (int jj = w; jj < DNR; jj++) {
                        for (int p = 0; p < kc; p++) bp[dst + p * DNR + jj] = 0d;
                    }
                }
            }
        }

        private void packA(double[] ap, int ic, int mc, int pc, int kc) {
            double[] a = this.a;
            for (int r = 0, i0 = ic; i0 < ic + mc; r++, i0 += MR) {
                int h = Math.min(MR, ic + mc - i0), dst = r * kc * MR;
                if (!transA) {
                    for (int ii = 0; ii < h; ii++) {
                        int src = aOff + (i0 + ii) * lda + pc;
                        for (int p = 0; p < kc; p++) ap[dst + p * MR + ii] = a[src + p];
                    }
                    for (int ii = h; ii < MR; ii++) {
                        for (int p = 0; p < kc; p++) ap[dst + p * MR + ii] = 0d;
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int src = aOff + (pc + p) * lda + i0, d = dst + p * MR;
                        for (int ii = 0; ii < h; ii++) ap[d + ii] = a[src + ii];
                        for (int ii = h; ii < MR; ii++) ap[d + ii] = 0d;
                    }
                }
            }
        }

        @Override
        void block(int ic, int mc, int jc, int s0, int s1, int pc, int kc, boolean first) {
            Buffers buf = BUFFERS.get();
            int need = roundUp(mc, MR) * kc;
            if (buf.da.length < need) buf.da = new double[need];
            double[] ap = buf.da, tile = buf.dt;
            packA(ap, ic, mc, pc, kc);
            double be = first ? beta : 1d;
            for (int s = s0; s < s1; s++) {
                int j0 = jc + s * DNR, w = Math.min(DNR, n - j0);
                for (int r = 0, i0 = ic; i0 < ic + mc; r++, i0 += MR) {
                    int h = Math.min(MR, ic + mc - i0);
                    kernel(kc, ap, r * kc * MR, bp, s * kc * DNR, tile);
                    merge(tile, c, cOff + i0 * ldc + j0, ldc, h, w, alpha, be);
                }
            }
        }

        /**
         * tile = Ap * Bp for a packed {@code MR x kc} strip of A and a packed {@code kc x NR} strip of B. The
         * accumulators never leave this method as objects: passing Vector values to a call that C2 does not inline
         * boxes them, and that made the whole loop ~7x slower (measured).
         */
        static void kernel(int kc, double[] ap, int ao, double[] bp, int bo, double[] tile) {
            DoubleVector z = DoubleVector.zero(DS);
            DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
            DoubleVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
            for (int p = 0; p < kc; p++) {
                int bi = bo + p * DNR, ai = ao + p * MR;
                DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(DS, bp, bi + DL);
                DoubleVector x = DoubleVector.broadcast(DS, ap[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(DS, ap[ai + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(DS, ap[ai + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(DS, ap[ai + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(DS, ap[ai + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(DS, ap[ai + 5]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
            }
            c00.intoArray(tile, 0);
            c01.intoArray(tile, DL);
            c10.intoArray(tile, DNR);
            c11.intoArray(tile, DNR + DL);
            c20.intoArray(tile, 2 * DNR);
            c21.intoArray(tile, 2 * DNR + DL);
            c30.intoArray(tile, 3 * DNR);
            c31.intoArray(tile, 3 * DNR + DL);
            c40.intoArray(tile, 4 * DNR);
            c41.intoArray(tile, 4 * DNR + DL);
            c50.intoArray(tile, 5 * DNR);
            c51.intoArray(tile, 5 * DNR + DL);
        }

        /** C[0:h, 0:w] = alpha * tile + beta * C, where beta == 0 does not read C. */
        static void merge(double[] tile, double[] c, int co, int ldc, int h, int w, double alpha, double beta) {
            if (w == DNR) {
                for (int i = 0; i < h; i++, co += ldc) {
                    DoubleVector t0 = DoubleVector.fromArray(DS, tile, i * DNR).mul(alpha);
                    DoubleVector t1 = DoubleVector.fromArray(DS, tile, i * DNR + DL).mul(alpha);
                    if (beta != 0d) {
                        t0 = DoubleVector.fromArray(DS, c, co).mul(beta).add(t0);
                        t1 = DoubleVector.fromArray(DS, c, co + DL).mul(beta).add(t1);
                    }
                    t0.intoArray(c, co);
                    t1.intoArray(c, co + DL);
                }
                return;
            }
            VectorMask<Double> m0 = DS.indexInRange(0, w), m1 = DS.indexInRange(DL, w);
            for (int i = 0; i < h; i++, co += ldc) {
                DoubleVector t0 = DoubleVector.fromArray(DS, tile, i * DNR).mul(alpha);
                DoubleVector t1 = DoubleVector.fromArray(DS, tile, i * DNR + DL).mul(alpha);
                if (co + DNR <= c.length) {
                    if (beta != 0d) {
                        t0 = DoubleVector.fromArray(DS, c, co, m0).mul(beta).add(t0);
                        t1 = DoubleVector.fromArray(DS, c, co + DL, m1).mul(beta).add(t1);
                    }
                    t0.intoArray(c, co, m0);
                    t1.intoArray(c, co + DL, m1);
                } else {
                    for (int j = 0; j < w; j++) {
                        double v = alpha * tile[i * DNR + j];
                        c[co + j] = beta == 0d ? v : v + beta * c[co + j];
                    }
                }
            }
        }
    }
}
