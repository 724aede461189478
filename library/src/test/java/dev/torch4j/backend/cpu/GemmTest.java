package dev.torch4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both GEMM paths (the Java kernel and OpenBLAS, where it loads) and the dispatching entry points against a naive
 * triple loop in double precision. Tolerances grow with k: |error| <= c * eps * (k + 2) * sum |alpha a b| + |beta c|.
 */
class GemmTest {

    enum Path { JAVA, NATIVE, DISPATCH }

    interface SgemmFn {
        void run(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                 int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
    }

    interface DgemmFn {
        void run(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                 double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);
    }

    static SgemmFn sgemm(Path p) {
        return switch (p) {
            case JAVA -> JavaGemm::sgemm;
            case NATIVE -> OpenBlas::sgemm;
            case DISPATCH -> Gemm::sgemm;
        };
    }

    static DgemmFn dgemm(Path p) {
        return switch (p) {
            case JAVA -> JavaGemm::dgemm;
            case NATIVE -> OpenBlas::dgemm;
            case DISPATCH -> Gemm::dgemm;
        };
    }

    static void assumeAvailable(Path p) {
        if (p == Path.NATIVE) assumeTrue(OpenBlas.AVAILABLE, "no OpenBLAS: " + OpenBlas.loadError());
    }

    /** One GEMM problem: shapes, transposes, padding of the leading dimensions, offsets, alpha and beta. */
    record Case(int m, int n, int k, boolean ta, boolean tb, int padA, int padB, int padC, int offA, int offB,
                int offC, double alpha, double beta) {
        int rowsA() { return ta ? k : m; }
        int colsA() { return ta ? m : k; }
        int rowsB() { return tb ? n : k; }
        int colsB() { return tb ? k : n; }
        int lda() { return colsA() + padA; }
        int ldb() { return colsB() + padB; }
        int ldc() { return n + padC; }
        int lenA() { return offA + rowsA() * lda() + 3; }
        int lenB() { return offB + rowsB() * ldb() + 3; }
        int lenC() { return offC + m * ldc() + 3; }

        double a(double[] a, int i, int p) { return ta ? a[offA + p * lda() + i] : a[offA + i * lda() + p]; }
        double b(double[] b, int p, int j) { return tb ? b[offB + j * ldb() + p] : b[offB + p * ldb() + j]; }

        @Override
        public String toString() {
            return m + "x" + n + "x" + k + (ta ? " At" : "") + (tb ? " Bt" : "") + " pad=" + padA + "," + padB + ","
                    + padC + " off=" + offA + "," + offB + "," + offC + " alpha=" + alpha + " beta=" + beta;
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        int[][] shapes = {
            {0, 0, 0}, {0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {1, 1, 1}, {1, 7, 1}, {1, 1, 9}, {1, 37, 19}, {41, 1, 23},
            {17, 23, 1}, {2, 3, 4}, {5, 7, 11}, {6, 32, 8}, {6, 16, 8}, {7, 33, 9}, {12, 64, 64}, {13, 65, 31},
            {31, 17, 64}, {64, 64, 64}, {65, 63, 67}, {100, 1, 100}, {1, 100, 300}, {130, 70, 257}, {97, 200, 33},
            {150, 149, 300}, {3, 500, 40}, {300, 5, 40}, {257, 129, 520},
        };
        double[][] ab = {{1, 0}, {1, 1}, {-0.5, 0.75}, {2.5, 0}, {0, 1.5}, {0, 0}, {1, -1}};
        SplittableRandom r = new SplittableRandom(7);
        int i = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                double[] albe = ab[i++ % ab.length];
                int pad = (i % 3 == 0) ? 0 : r.nextInt(1, 9);
                int off = (i % 2 == 0) ? 0 : r.nextInt(1, 11);
                out.add(new Case(s[0], s[1], s[2], ta, tb, pad, (pad * 3) % 7, pad % 4, off, off * 2 % 13,
                        off % 5, albe[0], albe[1]));
            }
        }
        return out;
    }

    static Stream<Arguments> pathsAndCases() {
        List<Arguments> out = new ArrayList<>();
        for (Path p : Path.values()) for (Case c : cases()) out.add(Arguments.of(p, c));
        return out.stream();
    }

    static double[] random(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextDouble(-1, 1);
        return x;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    /**
     * Checks {@code got} against the double-precision reference: inside C, alpha*op(A)*op(B) + beta*C0 within a
     * k-scaled tolerance (beta == 0 ignores C0, even NaN); outside C (padding, the array's ends) untouched.
     */
    static void verify(Case c, double[] a, double[] b, double[] c0, double[] got, double eps) {
        boolean[] inC = new boolean[got.length];
        for (int i = 0; i < c.m; i++) {
            for (int j = 0; j < c.n; j++) {
                int idx = c.offC + i * c.ldc() + j;
                inC[idx] = true;
                double sum = 0, mag = 0;
                if (c.alpha != 0) {
                    for (int p = 0; p < c.k; p++) {
                        double t = c.a(a, i, p) * c.b(b, p, j);
                        sum += t;
                        mag += Math.abs(t);
                    }
                }
                double want = c.alpha * sum + (c.beta == 0 ? 0 : c.beta * c0[idx]);
                double betaTerm = c.beta == 0 ? 0 : Math.abs(c.beta * c0[idx]);
                double tol = 4 * eps * (c.k + 2) * (Math.abs(c.alpha) * mag + betaTerm) + 1e-300;
                if (!(Math.abs(got[idx] - want) <= tol)) {
                    throw new AssertionError(c + ": C[" + i + "," + j + "] = " + got[idx] + ", want " + want
                            + " (tol " + tol + ")");
                }
            }
        }
        for (int idx = 0; idx < got.length; idx++) {
            if (!inC[idx] && Double.doubleToRawLongBits(got[idx]) != Double.doubleToRawLongBits(c0[idx])) {
                throw new AssertionError(c + ": element " + idx + " outside C changed");
            }
        }
    }

    /** C0 for a case: random, but NaN where beta == 0 (BLAS must not read it). */
    static double[] initialC(Case c, long seed) {
        double[] c0 = random(c.lenC(), seed);
        if (c.beta == 0) {
            for (int i = 0; i < c.m; i++) for (int j = 0; j < c.n; j++) c0[c.offC + i * c.ldc() + j] = Double.NaN;
        }
        return c0;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pathsAndCases")
    void sgemmMatchesNaive(Path path, Case c) {
        assumeAvailable(path);
        float[] a = toFloat(random(c.lenA(), 1)), b = toFloat(random(c.lenB(), 2));
        float[] c0 = toFloat(initialC(c, 3)), got = c0.clone();
        if (c.alpha == 0) java.util.Arrays.fill(a, Float.NaN); // alpha == 0: A must not be read
        if (path == Path.NATIVE && (c.k == 0 || c.alpha == 0)) return; // Gemm never sends these to OpenBLAS
        sgemm(path).run(c.ta, c.tb, c.m, c.n, c.k, (float) c.alpha, a, c.offA, Math.max(1, c.lda()), b, c.offB,
                Math.max(1, c.ldb()), (float) c.beta, got, c.offC, Math.max(1, c.ldc()));
        verify(c, toDouble(a), toDouble(b), toDouble(c0), toDouble(got), Math.ulp(1f));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pathsAndCases")
    void dgemmMatchesNaive(Path path, Case c) {
        assumeAvailable(path);
        double[] a = random(c.lenA(), 4), b = random(c.lenB(), 5);
        double[] c0 = initialC(c, 6), got = c0.clone();
        if (c.alpha == 0) java.util.Arrays.fill(a, Double.NaN);
        if (path == Path.NATIVE && (c.k == 0 || c.alpha == 0)) return;
        dgemm(path).run(c.ta, c.tb, c.m, c.n, c.k, c.alpha, a, c.offA, Math.max(1, c.lda()), b, c.offB,
                Math.max(1, c.ldb()), c.beta, got, c.offC, Math.max(1, c.ldc()));
        verify(c, a, b, c0, got, Math.ulp(1d));
    }

    /** Large enough for several k slices, several row blocks and the parallel schedule of the Java kernel. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("largeCases")
    void largeProducts(Path path, Case c) {
        assumeAvailable(path);
        float[] a = toFloat(random(c.lenA(), 8)), b = toFloat(random(c.lenB(), 9));
        float[] c0 = toFloat(initialC(c, 10)), got = c0.clone();
        sgemm(path).run(c.ta, c.tb, c.m, c.n, c.k, (float) c.alpha, a, c.offA, c.lda(), b, c.offB, c.ldb(),
                (float) c.beta, got, c.offC, c.ldc());
        verify(c, toDouble(a), toDouble(b), toDouble(c0), toDouble(got), Math.ulp(1f));
        double[] da = random(c.lenA(), 11), db = random(c.lenB(), 12), dc0 = initialC(c, 13), dgot = dc0.clone();
        dgemm(path).run(c.ta, c.tb, c.m, c.n, c.k, c.alpha, da, c.offA, c.lda(), db, c.offB, c.ldb(), c.beta, dgot,
                c.offC, c.ldc());
        verify(c, da, db, dc0, dgot, Math.ulp(1d));
    }

    static Stream<Arguments> largeCases() {
        List<Arguments> out = new ArrayList<>();
        Case[] cs = {
            new Case(300, 290, 600, false, false, 3, 0, 5, 1, 2, 3, 1, 0),
            new Case(299, 301, 530, true, true, 0, 1, 0, 0, 0, 0, 1.5, -1),
            new Case(5, 3000, 600, false, true, 2, 2, 2, 4, 0, 1, 1, 1), // one row block: split by columns
            new Case(64, 1500, 200, true, false, 1, 3, 2, 2, 1, 5, 1, 0.5), // few rows, many columns: a thread's columns each
            new Case(301, 100, 400, false, true, 2, 1, 3, 1, 2, 4, 1, 0.5), // few columns: a thread's rows each
            new Case(3000, 7, 400, true, false, 0, 0, 0, 0, 0, 0, 1, 0.5),
        };
        for (Path p : Path.values()) for (Case c : cs) out.add(Arguments.of(p, c));
        return out.stream();
    }

    @Test
    void betaZeroOverwritesNaNAndInfinity() {
        for (Path p : Path.values()) {
            if (p == Path.NATIVE && !OpenBlas.AVAILABLE) continue;
            for (int size : new int[] {3, 40}) {
                float[] a = new float[size * size], b = new float[size * size], c = new float[size * size];
                java.util.Arrays.fill(a, 1f);
                java.util.Arrays.fill(b, 2f);
                java.util.Arrays.fill(c, Float.NaN);
                c[1] = Float.POSITIVE_INFINITY;
                sgemm(p).run(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
                for (float v : c) assertEquals(2f * size, v, p + " " + size);
            }
        }
    }

    @Test
    void zeroKScalesCByBeta() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 3f, c, 0, 2);
        assertArrayEquals(new float[] {3, 6, 9, 12}, c);
        double[] d = {Double.NaN, 2};
        Gemm.dgemm(true, true, 1, 2, 0, 1d, new double[0], 0, 1, new double[0], 0, 1, 0d, d, 0, 2);
        assertArrayEquals(new double[] {0, 0}, d);
    }

    // ------------------------------------------------------------------------------------------- batched

    record BatchCase(int batch, int m, int n, int k, boolean ta, boolean tb, long sA, long sB, long sC, double alpha,
                     double beta) {
        Case one(int offA, int offB, int offC) {
            return new Case(m, n, k, ta, tb, 0, 0, 0, offA, offB, offC, alpha, beta);
        }
    }

    static Stream<BatchCase> batchCases() {
        return Stream.of(
                new BatchCase(5, 7, 9, 11, false, false, 7 * 11, 11 * 9, 7 * 9, 1, 0),
                new BatchCase(16, 8, 8, 8, true, false, 64, 0, 64 + 3, 1, 1), // B broadcast, gaps between Cs
                new BatchCase(4, 33, 17, 65, false, true, 0, 17 * 65 + 5, 33 * 17, -2, 0.5), // A broadcast
                new BatchCase(3, 130, 140, 150, true, true, 150 * 130, 150 * 140, 130 * 140, 1, 0), // large matrices
                new BatchCase(64, 1, 5, 3, false, false, 3, 15, 5, 1, 0),
                new BatchCase(1, 20, 20, 20, false, false, 0, 0, 0, 1, 0),
                new BatchCase(0, 20, 20, 20, false, false, 0, 0, 0, 1, 0),
                new BatchCase(6, 0, 4, 4, false, false, 0, 16, 0, 1, 0),
                new BatchCase(6, 4, 4, 0, false, false, 0, 0, 16, 1, 2));
    }

    @ParameterizedTest
    @MethodSource("batchCases")
    void batchedMatchesOneByOne(BatchCase bc) {
        Case one = bc.one(0, 0, 0);
        int offA = 2, offB = 1, offC = 3;
        int lenA = (int) (offA + Math.max(0, bc.batch - 1) * bc.sA + one.rowsA() * one.lda() + 1);
        int lenB = (int) (offB + Math.max(0, bc.batch - 1) * bc.sB + one.rowsB() * one.ldb() + 1);
        int lenC = (int) (offC + Math.max(0, bc.batch - 1) * bc.sC + bc.m * one.ldc() + 1);
        double[] a = random(lenA, 20), b = random(lenB, 21), c0 = random(lenC, 22), got = c0.clone();
        Gemm.dgemmBatched(bc.ta, bc.tb, bc.m, bc.n, bc.k, bc.alpha, a, offA, one.lda(), b, offB, one.ldb(), bc.beta,
                got, offC, one.ldc(), bc.batch, bc.sA, bc.sB, bc.sC);
        float[] fa = toFloat(a), fb = toFloat(b), fc0 = toFloat(c0), fgot = fc0.clone();
        Gemm.sgemmBatched(bc.ta, bc.tb, bc.m, bc.n, bc.k, (float) bc.alpha, fa, offA, one.lda(), fb, offB,
                one.ldb(), (float) bc.beta, fgot, offC, one.ldc(), bc.batch, bc.sA, bc.sB, bc.sC);
        // Reference: apply each product in turn to a copy, then compare the whole array.
        double[] want = c0.clone();
        double[] fwant = toDouble(fc0);
        for (int i = 0; i < bc.batch; i++) {
            Case ci = bc.one((int) (offA + i * bc.sA), (int) (offB + i * bc.sB), (int) (offC + i * bc.sC));
            naive(ci, a, b, want);
            naive(ci, toDouble(fa), toDouble(fb), fwant);
        }
        double[] fgotD = toDouble(fgot);
        for (int i = 0; i < lenC; i++) {
            double tol = 8 * Math.ulp(1d) * (bc.k + 2) * (Math.abs(bc.alpha) * bc.k + 2);
            assertEquals(want[i], got[i], tol, "float64 element " + i);
            double ftol = 8 * Math.ulp(1f) * (bc.k + 2) * (Math.abs(bc.alpha) * bc.k + 2);
            assertEquals(fwant[i], fgotD[i], ftol, "float32 element " + i);
        }
    }

    static void naive(Case c, double[] a, double[] b, double[] cArr) {
        for (int i = 0; i < c.m; i++) {
            for (int j = 0; j < c.n; j++) {
                double sum = 0;
                for (int p = 0; p < c.k; p++) sum += c.a(a, i, p) * c.b(b, p, j);
                int idx = c.offC + i * c.ldc() + j;
                cArr[idx] = c.alpha * sum + (c.beta == 0 ? 0 : c.beta * cArr[idx]);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- arguments

    @Test
    void rejectsBadArguments() {
        float[] x = new float[16];
        // lda smaller than the stored columns
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, x, 0, 3, x.clone(), 0, 4, 0f, new float[16], 0, 4));
        // A reaches past the end of its array
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, x, 1, 4, x.clone(), 0, 4, 0f, new float[16], 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(true, false, 4, 4, 4, 1f, x, -1, 4, x.clone(), 0, 4, 0f, new float[16], 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.dgemm(false, false, -1, 4, 4, 1d, new double[16], 0, 4, new double[16], 0, 4, 0d,
                        new double[16], 0, 4));
        // C overlapping A in the same array
        float[] shared = new float[32];
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, shared, 0, 4, x, 0, 4, 0f, shared, 8, 4));
        // ... but disjoint parts of one array are fine
        Gemm.sgemm(false, false, 4, 4, 4, 1f, shared, 0, 4, x, 0, 4, 0f, shared, 16, 4);
        // batched: overlapping outputs, negative strides, past the end
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmBatched(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, new float[16], 0, 2, 3,
                        0, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemmBatched(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, new float[16], 0, 2, 3,
                        -1, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemmBatched(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, new float[16], 0, 2, 5,
                        4, 0, 4));
    }

    @Test
    void leadingDimensionOfASingleRowIsIgnored() {
        // A is 1x3 stored with lda 0 (a broadcast view); Gemm normalises it before calling BLAS
        float[] a = {1, 2, 3}, b = {1, 0, 0, 1, 1, 1}, c = new float[2];
        Gemm.sgemm(false, false, 1, 2, 3, 1f, a, 0, 0, b, 0, 2, 0f, c, 0, 0);
        assertArrayEquals(new float[] {4, 5}, c);
    }

    @Test
    void backendSelection() {
        assertFalse(Gemm.selectNative("java", null));
        assertFalse(Gemm.selectNative(" JAVA ", "native"));
        assertFalse(Gemm.selectNative(null, "java"));
        assertEquals(OpenBlas.AVAILABLE, Gemm.selectNative("native", "java")); // the property wins
        assertEquals(OpenBlas.AVAILABLE, Gemm.selectNative(null, null));
        assertTrue(Gemm.describe().contains("Java Vector API kernel"), Gemm.describe());
        if (OpenBlas.AVAILABLE) assertTrue(OpenBlas.coreName() != null && OpenBlas.config() != null);
        else assertTrue(OpenBlas.loadError().contains("libopenblas"), OpenBlas.loadError());
    }

    @Test
    void openBlasFollowsTheThreadCount() {
        assumeTrue(Gemm.usesNative(), "Java path forced or no OpenBLAS");
        int before = Parallel.numThreads();
        int n = 48;   // small enough to stay on OpenBLAS where the Java kernel takes larger products
        assertTrue(Gemm.nativeRuns(n, n, n));
        float[] a = new float[n * n], c = new float[n * n];
        try {
            Parallel.setNumThreads(1);
            Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, a, 0, n, 0f, c, 0, n);
            assertEquals(1, OpenBlas.numThreads());
        } finally {
            Parallel.setNumThreads(before);
        }
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, a, 0, n, 0f, c, 0, n);
        assertEquals(before, OpenBlas.numThreads());
    }

    @Test
    void javaKernelOverAnOpenBlasCoreWithNarrowerVectors() {
        assertTrue(Gemm.javaOverNative("Haswell", 512, null));
        assertTrue(Gemm.javaOverNative("Zen", 512, null));
        assertFalse(Gemm.javaOverNative("Cooperlake", 512, null));
        assertFalse(Gemm.javaOverNative("SkylakeX", 512, null));
        assertFalse(Gemm.javaOverNative("Haswell", 256, null), "AVX2 on both sides: OpenBLAS");
        assertFalse(Gemm.javaOverNative(null, 512, null));
        assertFalse(Gemm.javaOverNative("Haswell", 512, "false"));
        assertTrue(Gemm.javaOverNative("Cooperlake", 256, "true"));
        assertFalse(Gemm.nativeRuns(1, 1, (int) Gemm.NATIVE_MIN_MACS - 1));
        assertEquals(Gemm.usesNative(), Gemm.nativeRuns(1, 1000, 2048), "a matrix-vector product stays on OpenBLAS");
    }

    @Test
    void concurrentCallersFromPlainThreads() throws Exception {
        int size = 150;
        float[] a = toFloat(random(size * size, 40)), b = toFloat(random(size * size, 41));
        float[] want = new float[size * size];
        Gemm.sgemm(false, true, size, size, size, 1f, a, 0, size, b, 0, size, 0f, want, 0, size);
        Thread[] threads = new Thread[3];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    float[] c = new float[size * size];
                    for (int rep = 0; rep < 20; rep++) {
                        Gemm.sgemm(false, true, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
                        assertArrayEquals(want, c, 2e-3f); // thread splits may differ between calls
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
    }

    @Test
    void columnAndRowSplitsGiveTheBitsOfOneThread() {
        // the Java kernel splits the columns (m <= 512, n large) or the rows (n small, m large) over the threads
        int[][] shapes = {{64, 1500, 200}, {300, 100, 400}};
        for (int[] sh : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                int m = sh[0], n = sh[1], k = sh[2];
                float[] a = toFloat(random(m * k, 32)), b = toFloat(random(k * n, 33));
                float[] split = new float[m * n], one = new float[m * n];
                int lda = ta ? m : k;
                JavaGemm.sgemm(ta, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, split, 0, n);
                // inside a parallel region the kernel runs on the calling thread alone
                Parallel.parallelFor(0, 2, 1, (u0, u1) -> {
                    if (u0 == 0) JavaGemm.sgemm(ta, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, one, 0, n);
                });
                for (int i = 0; i < one.length; i++) {
                    assertEquals(Float.floatToRawIntBits(one[i]), Float.floatToRawIntBits(split[i]), m + "x" + n + "x" + k + " element " + i);
                }
            }
        }
    }

    @Test
    void insideAParallelRegionStaysJavaAndCorrect() {
        int size = 96, tasks = 4;
        double[] a = random(size * size, 30), b = random(size * size, 31);
        double[][] outs = new double[tasks][size * size];
        Parallel.parallelFor(0, tasks, 1, (t0, t1) -> {
            for (long t = t0; t < t1; t++) {
                Gemm.dgemm(false, false, size, size, size, 1d, a, 0, size, b, 0, size, 0d, outs[(int) t], 0, size);
            }
        });
        Case c = new Case(size, size, size, false, false, 0, 0, 0, 0, 0, 0, 1, 0);
        for (double[] o : outs) verify(c, a, b, new double[size * size], o, Math.ulp(1d));
    }

    /** OpenBLAS's workers must not spin for its default ~0.1 s after a call: they would take the team's cores. */
    @Test
    void openBlasSpinIsLimitedBeforeItLoads() throws Throwable {
        assumeTrue(OpenBlas.AVAILABLE, "no OpenBLAS");
        assumeTrue(System.getenv("OPENBLAS_THREAD_TIMEOUT") == null && System.getenv("GOTO_THREAD_TIMEOUT") == null,
                "the environment sets the timeout itself");
        var linker = java.lang.foreign.Linker.nativeLinker();
        var getenv = linker.downcallHandle(linker.defaultLookup().find("getenv").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.ADDRESS));
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var value = (java.lang.foreign.MemorySegment) getenv.invokeExact(arena.allocateFrom("OPENBLAS_THREAD_TIMEOUT"));
            assertFalse(value.equals(java.lang.foreign.MemorySegment.NULL), "OPENBLAS_THREAD_TIMEOUT not set");
            assertEquals(String.valueOf(Integer.getInteger("torch4j.blas.threadTimeout", OpenBlas.THREAD_TIMEOUT)),
                    value.reinterpret(16).getString(0));
        }
    }
}
