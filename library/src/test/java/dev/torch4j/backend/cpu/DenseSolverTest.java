package dev.torch4j.backend.cpu;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both factorization back ends on matrices larger and odder than the goldens' (tall, wide, rank-deficient, zero,
 * 1x1): each result satisfies its defining identities to rounding, and the Java fallback agrees with LAPACK where the
 * result is unique (LU with its pivots, QR with LAPACK's signs, eigenvalues, singular values).
 */
class DenseSolverTest {
    static List<DenseSolver> solvers() {
        List<DenseSolver> s = new ArrayList<>(List.of(JavaLapack.INSTANCE));
        if (Lapack.INSTANCE != null) s.add(Lapack.INSTANCE);
        return s;
    }

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextDouble(-1, 1);
        return a;
    }

    /** Row-major product of [m, k] and [k, n]. */
    private static double[] mul(double[] a, double[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) c[i * n + j] += a[i * k + p] * b[p * n + j];
        return c;
    }

    private static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    private static void assertIdentity(double[] g, int n, double tol, String what) {
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(i == j ? 1 : 0, g[i * n + j], tol, what);
    }

    private static final int[][] SHAPES = {{1, 1}, {7, 7}, {40, 25}, {25, 40}, {64, 64}};

    @ParameterizedTest
    @MethodSource("solvers")
    void luReconstructsThePermutedMatrix(DenseSolver s) {
        for (int[] mn : SHAPES) {
            int m = mn[0], n = mn[1], k = Math.min(m, n);
            double[] a = random(m * n, 1), lu = a.clone();
            int[] piv = new int[k];
            assertEquals(0, s.lu(lu, m, n, piv));
            double[] l = new double[m * k], u = new double[k * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) l[i * k + j] = i == j ? 1 : i > j ? lu[i * n + j] : 0;
            for (int i = 0; i < k; i++) for (int j = i; j < n; j++) u[i * n + j] = lu[i * n + j];
            double[] pa = a.clone();
            for (int i = 0; i < k; i++) {  // apply the interchanges to A's rows
                int p = piv[i] - 1;
                for (int j = 0; j < n; j++) {
                    double t = pa[i * n + j];
                    pa[i * n + j] = pa[p * n + j];
                    pa[p * n + j] = t;
                }
            }
            assertArrayEquals(pa, mul(l, u, m, k, n), 1e-12, s + " lu " + m + "x" + n);
            if (s != JavaLapack.INSTANCE) {
                double[] j = a.clone();
                int[] jp = new int[k];
                JavaLapack.INSTANCE.lu(j, m, n, jp);
                assertArrayEquals(piv, jp, "pivots agree " + m + "x" + n);
                assertArrayEquals(lu, j, 1e-11, "factors agree " + m + "x" + n);
            }
        }
        double[] zero = new double[9];
        assertEquals(1, s.lu(zero, 3, 3, new int[3]), "a zero first pivot is info 1");
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void qrIsOrthogonalTimesTriangular(DenseSolver s) {
        for (int[] mn : SHAPES) {
            int m = mn[0], n = mn[1], k = Math.min(m, n);
            for (boolean complete : new boolean[] {false, true}) {
                int kq = complete ? m : k;
                double[] a = random(m * n, 2), q = new double[m * kq], r = new double[kq * n];
                s.qr(a.clone(), m, n, q, kq, r, kq);
                assertArrayEquals(a, mul(q, r, m, kq, n), 1e-12, s + " qr " + m + "x" + n);
                assertIdentity(mul(transpose(q, m, kq), q, kq, m, kq), kq, 1e-12, s + " Q^T Q " + m + "x" + n);
                for (int i = 0; i < kq; i++) for (int j = 0; j < Math.min(i, n); j++) assertEquals(0, r[i * n + j], "R is upper");
                if (s != JavaLapack.INSTANCE) {
                    double[] jq = new double[m * kq], jr = new double[kq * n];
                    JavaLapack.INSTANCE.qr(a.clone(), m, n, jq, kq, jr, kq);
                    assertArrayEquals(r, jr, 1e-11, "R agrees (LAPACK's signs) " + m + "x" + n);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void eighDiagonalises(DenseSolver s) {
        for (int n : new int[] {1, 7, 64}) {
            double[] a = random(n * n, 3);
            double[] sym = new double[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sym[i * n + j] = a[i * n + j] + a[j * n + i];
            double[] v = sym.clone(), w = new double[n];
            assertEquals(0, s.eigh(v, n, false, w, true));
            for (int i = 1; i < n; i++) assertTrue(w[i - 1] <= w[i], "ascending");
            double[] av = mul(sym, v, n, n, n);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(v[i * n + j] * w[j], av[i * n + j], 1e-11, s + " A v = w v");
            assertIdentity(mul(transpose(v, n, n), v, n, n, n), n, 1e-12, s + " V^T V");
            double[] w2 = new double[n];
            JavaLapack.INSTANCE.eigh(sym.clone(), n, false, w2, false);
            assertArrayEquals(w, w2, 1e-11, "eigenvalues agree");
        }
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void svdReconstructsIncludingRankDeficient(DenseSolver s) {
        List<double[]> inputs = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (int[] mn : SHAPES) {
            inputs.add(random(mn[0] * mn[1], 4));
            shapes.add(mn);
        }
        inputs.add(mul(random(30 * 3, 5), random(3 * 20, 6), 30, 3, 20));  // rank 3
        shapes.add(new int[] {30, 20});
        inputs.add(new double[12]);  // zero
        shapes.add(new int[] {4, 3});
        for (int t = 0; t < inputs.size(); t++) {
            int m = shapes.get(t)[0], n = shapes.get(t)[1], k = Math.min(m, n);
            for (boolean full : new boolean[] {false, true}) {
                int ku = full ? m : k, kv = full ? n : k;
                double[] a = inputs.get(t), u = new double[m * ku], sv = new double[k], vh = new double[kv * n];
                assertEquals(0, s.svd(a.clone(), m, n, u, ku, sv, vh, kv));
                for (int i = 1; i < k; i++) assertTrue(sv[i - 1] >= sv[i] && sv[i] >= 0, "descending, non-negative");
                double[] us = new double[m * kv];
                for (int i = 0; i < m; i++) for (int j = 0; j < Math.min(ku, kv); j++) us[i * kv + j] = u[i * ku + j] * (j < k ? sv[j] : 0);
                assertArrayEquals(a, mul(us, vh, m, kv, n), 1e-12, s + " svd " + m + "x" + n + " full=" + full);
                assertIdentity(mul(transpose(u, m, ku), u, ku, m, ku), ku, 1e-11, s + " U^T U " + m + "x" + n);
                assertIdentity(mul(vh, transpose(vh, kv, n), kv, n, kv), kv, 1e-11, s + " Vh Vh^T " + m + "x" + n);
                double[] s2 = new double[k];
                JavaLapack.INSTANCE.svd(a.clone(), m, n, null, 0, s2, null, 0);
                assertArrayEquals(sv, s2, 1e-11, "singular values agree");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void solveInvertsTheProduct(DenseSolver s) {
        for (int n : new int[] {1, 5, 40, 100}) {
            int k = 3;
            double[] a = random(n * n, 10), x = random(n * k, 11), b = mul(a, x, n, n, k);
            double[] got = b.clone();
            assertEquals(0, s.solve(a.clone(), n, got, k));
            assertArrayEquals(x, got, 1e-9, s + " solve " + n);
            float[] af = new float[n * n], bf = new float[n * k];
            for (int i = 0; i < af.length; i++) af[i] = (float) a[i];
            for (int i = 0; i < bf.length; i++) bf[i] = (float) b[i];
            assertEquals(0, s.solve(af, n, bf, k));
            for (int i = 0; i < bf.length; i++) assertEquals(x[i], bf[i], 2e-2, s + " float32 solve " + n);
        }
        assertEquals(2, s.solve(new double[] {1, 2, 2, 4}, 2, new double[] {1, 1}, 1), "singular: info names the zero pivot");
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void choleskyAndTriangularSolve(DenseSolver s) {
        int n = 30, k = 4;
        double[] x = random(n * n, 7), a = mul(x, transpose(x, n, n), n, n, n);
        for (int i = 0; i < n; i++) a[i * n + i] += n;
        for (boolean upper : new boolean[] {false, true}) {
            double[] f = a.clone();
            assertEquals(0, s.cholesky(f, n, upper));
            double[] rebuilt = upper ? mul(transpose(f, n, n), f, n, n, n) : mul(f, transpose(f, n, n), n, n, n);
            assertArrayEquals(a, rebuilt, 1e-11, s + " cholesky upper=" + upper);
            double[] b = random(n * k, 8), sol = b.clone();
            s.solveTriangular(f, n, sol, k, upper, false);
            double[] tri = f.clone();
            assertArrayEquals(b, mul(tri, sol, n, n, k), 1e-11, s + " trsm upper=" + upper);
        }
        double[] notPd = {1, 2, 2, 1};
        assertEquals(2, s.cholesky(notPd, 2, false), "the leading minor of order 2 fails");
    }

    @ParameterizedTest
    @MethodSource("solvers")
    void singlePrecisionMatchesDouble(DenseSolver s) {
        // float arrays run in float32 on LAPACK (widened to double in Java): close to the double result either way
        int m = 40, n = 30, k = Math.min(m, n);
        double[] a = random(m * n, 9);
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        double[] ad = new double[a.length];
        for (int i = 0; i < a.length; i++) ad[i] = f[i];
        float[] sf = new float[k], uf = new float[m * k], vf = new float[k * n];
        double[] sd = new double[k];
        s.svd(f.clone(), m, n, uf, k, sf, vf, k);
        s.svd(ad.clone(), m, n, null, 0, sd, null, 0);
        for (int i = 0; i < k; i++) assertEquals(sd[i], sf[i], 1e-4, "singular value " + i);
        float[] luf = f.clone();
        double[] lud = ad.clone();
        int[] pf = new int[k], pd = new int[k];
        s.lu(luf, m, n, pf);
        s.lu(lud, m, n, pd);
        assertArrayEquals(pd, pf, "pivots");
        for (int i = 0; i < lud.length; i++) assertEquals(lud[i], luf[i], 1e-4, "LU element " + i);
    }
}
