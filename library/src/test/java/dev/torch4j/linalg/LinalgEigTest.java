package dev.torch4j.linalg;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.LinalgSolvers;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * linalg.eig and linalg.eigvals against PyTorch (the "eig" cases of scripts/goldens/linalg_goldens.py) with LAPACK and
 * with the Java fallback, and the fallback's results by their defining properties on larger matrices. Eigenvectors are
 * compared up to a phase per column; LAPACK's eigenvalue order must be PyTorch's (both run geev), the fallback's is
 * matched to it first (Hessenberg QR without balancing may deflate in another order), its weights and vectors
 * permuted alike so that the gradients compare too.
 */
class LinalgEigTest {
    private static final List<JsonObject> CASES = Golden.cases("linalg").stream()
            .filter(c -> c.get("kind").getAsString().equals("eig")).toList();
    /** The complex-input cases (scripts/goldens/complex_linalg_goldens.py): zgeev's results. */
    private static final List<JsonObject> COMPLEX_CASES = Golden.cases("complex_linalg").stream()
            .filter(c -> c.get("kind").getAsString().equals("eig")).toList();
    private static final Linalg L = linalg();

    @AfterEach
    void restore() { LinalgSolvers.useJava(false); }

    /**
     * For each matrix b of the batch and each expected eigenvalue i, the index of the nearest unused actual one
     * (greedy; eigenvalues of the test matrices are well apart), asserting the distance is within tol.
     */
    private static int[][] match(double[] expected, double[] actual, int batches, int n, double tol, String what) {
        int[][] perm = new int[batches][n];
        for (int b = 0; b < batches; b++) {
            boolean[] used = new boolean[n];
            for (int i = 0; i < n; i++) {
                int best = -1;
                double bestD = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (used[j]) continue;
                    int e = 2 * (b * n + i), a = 2 * (b * n + j);
                    double d = Math.hypot(expected[e] - actual[a], expected[e + 1] - actual[a + 1]);
                    if (d < bestD) {
                        bestD = d;
                        best = j;
                    }
                }
                double scale = 1 + Math.hypot(expected[2 * (b * n + i)], expected[2 * (b * n + i) + 1]);
                assertTrue(bestD <= tol * scale, what + ": eigenvalue " + i + " of matrix " + b + " unmatched, off by " + bestD);
                used[best] = true;
                perm[b][i] = best;
            }
        }
        return perm;
    }

    /** Asserts that each column of v ([B, n, n, 2]) equals the expected column times some e^{i phi}. */
    private static void assertSameUpToPhase(double[] expected, double[] v, int batches, int n, double tol, String what) {
        for (int b = 0; b < batches; b++) {
            for (int j = 0; j < n; j++) {
                double pr = 0, pi = 0;  // sum conj(e) * v: the phase between the two columns
                for (int i = 0; i < n; i++) {
                    int k = 2 * ((b * n + i) * n + j);
                    pr += expected[k] * v[k] + expected[k + 1] * v[k + 1];
                    pi += expected[k] * v[k + 1] - expected[k + 1] * v[k];
                }
                double m = Math.hypot(pr, pi);
                assertTrue(Math.abs(m - 1) < tol, what + ": column " + j + " of matrix " + b + " is not a unit multiple (" + m + ")");
                for (int i = 0; i < n; i++) {
                    int k = 2 * ((b * n + i) * n + j);
                    double re = (v[k] * pr + v[k + 1] * pi) / m, im = (v[k + 1] * pr - v[k] * pi) / m;  // v * conj(phase)
                    assertTrue(Math.abs(re - expected[k]) < tol && Math.abs(im - expected[k + 1]) < tol,
                            what + ": V[" + b + "][" + i + "][" + j + "] = " + re + "+" + im + "i, expected " + expected[k] + "+"
                                    + expected[k + 1] + "i");
                }
            }
        }
    }

    private static Tensor index(int[][] perm) {
        long[] flat = new long[perm.length * (perm.length == 0 ? 0 : perm[0].length)];
        for (int b = 0; b < perm.length; b++) for (int i = 0; i < perm[b].length; i++) flat[b * perm[b].length + i] = perm[b][i];
        return tensor(flat).reshape(perm.length, perm.length == 0 ? 0 : perm[0].length);
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void valuesVectorsAndGradientsMatchPyTorch(boolean javaFallback) {
        LinalgSolvers.useJava(javaFallback);
        assertEquals(14, compare(CASES, LinalgSolvers.describe().startsWith("LAPACK")));
    }

    /** Complex input: complex eigenvalues and vectors of the input's dtype, zgeev's (LAPACK) or the fallback's. */
    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void complexInputMatchesPyTorch(boolean javaFallback) {
        LinalgSolvers.useJava(javaFallback);
        assertEquals(11, compare(COMPLEX_CASES, LinalgSolvers.describeComplex().startsWith("LAPACK")));
    }

    /** Runs the cases, asserting values, vectors (up to phase), grad_fn names and gradients; returns their number. */
    private static int compare(List<JsonObject> cases, boolean lapack) {
        int count = 0;
        for (JsonObject c : cases) {
            boolean valuesOnly = c.get("fn").getAsString().equals("eigvals");
            String what = c.get("fn").getAsString() + " #" + count++;
            boolean grad = c.has("grads");
            Tensor a = Golden.tensor(c.getAsJsonArray("inputs").get(0).getAsJsonObject());
            if (grad) a.requiresGrad_(true);
            Tensor w, v = null;
            if (valuesOnly) {
                w = L.eigvals(a);
            } else {
                var r = L.eig(a);
                w = r.eigenvalues();
                v = r.eigenvectors();
            }
            DType complex = a.dtype().toComplex();
            assertEquals(complex, w.dtype(), what);
            int n = Math.toIntExact(a.size(-1)), batches = n == 0 ? 0 : Math.toIntExact(a.numel() / ((long) n * n));
            long[] batchShape = Arrays.copyOf(a.shapeArray(), a.dim() - 2);
            assertArrayEquals(Arrays.copyOf(a.shapeArray(), a.dim() - 1), w.shapeArray(), what);
            double tol = a.dtype().toReal() == DType.FLOAT32 ? 1e-4 : 1e-9;

            JsonArray outs = c.getAsJsonArray("outputs");
            Tensor expectW = Golden.tensor(outs.get(0).getAsJsonObject());
            int[][] perm = match(expectW.toDoubleArray(), w.detach().viewAsReal().toDoubleArray(), batches, n, tol, what);
            if (lapack) {
                for (int[] p : perm) for (int i = 0; i < n; i++) assertEquals(i, p[i], what + ": LAPACK's order is PyTorch's");
            }
            Tensor idx = index(perm).reshape(concat(batchShape, n));
            Tensor wp = w.viewAsReal().gather(-2, idx.unsqueeze(-1).expand(concat(batchShape, n, 2)));
            Golden.assertClose(expectW, wp.detach(), tol, tol, what + " eigenvalues");
            Tensor vp = null;
            if (v != null) {
                assertEquals(complex, v.dtype(), what);
                assertArrayEquals(a.shapeArray(), v.shapeArray(), what);
                vp = v.viewAsReal().gather(-2, idx.unsqueeze(-2).unsqueeze(-1).expand(concat(batchShape, n, n, 2)));
                assertSameUpToPhase(Golden.tensor(outs.get(1).getAsJsonObject()).toDoubleArray(), vp.detach().toDoubleArray(), batches,
                        n, tol * 10, what);
            }
            if (!grad) {
                assertNull(w.gradFn(), what);
                continue;
            }
            assertEquals(c.get("grad_fn").getAsString(), w.gradFn().name(), what);
            JsonArray ws = c.getAsJsonArray("w");
            Tensor loss = wp.mul(Golden.tensor(ws.get(0).getAsJsonObject())).sum();
            if (vp != null) {
                Tensor absV = viewAsComplex(vp).abs();  // with |z|'s derivative 0 at 0, as PyTorch's (triangular A)
                loss = loss.add(absV.mul(Golden.tensor(ws.get(1).getAsJsonObject())).sum());
            }
            loss.backward();
            Tensor ga = a.grad(), expectGrad = Golden.tensor(c.getAsJsonArray("grads").get(0).getAsJsonObject());
            Golden.assertClose(a.isComplex() ? expectGrad.viewAsReal() : expectGrad, a.isComplex() ? ga.viewAsReal() : ga, tol * 100,
                    tol * 100, what + " gradient");
        }
        return count;
    }

    private static long[] concat(long[] batch, long... tail) {
        long[] r = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, r, batch.length, tail.length);
        return r;
    }

    /**
     * The fallback on matrices larger than the goldens' (and with repeated, clustered and exactly zero eigenvalues),
     * real and complex: {@code A V = V diag(L)}, unit columns with their largest component real (and positive for
     * complex input, as zgeev makes it), and the same eigenvalues as LAPACK's (as a multiset) where LAPACK is installed.
     */
    @Test
    void javaFallbackSatisfiesTheDefinition() {
        manualSeed(11);
        var f64 = dtype(DType.FLOAT64);
        List<Tensor> mats = List.of(
                randn(shape(40, 40), dtype(DType.FLOAT64)),
                randn(shape(3, 12, 12), dtype(DType.FLOAT64)),
                randn(shape(8, 3), dtype(DType.FLOAT64)).matmul(randn(shape(3, 8), dtype(DType.FLOAT64))),  // rank 3: zeros
                diag(tensor(new double[] {2, 2, -1, 5, 5}, f64)).add(triu(randn(shape(5, 5), f64), 1)),
                kron(eye(3, 3, f64), tensor(new double[][] {{0, -1}, {1, 0}}, f64)),  // +-i three times each
                randn(shape(20, 20), dtype(DType.FLOAT32)),
                // complex input: zgeev's problem
                randn(shape(40, 40), dtype(DType.COMPLEX128)),
                randn(shape(3, 12, 12), dtype(DType.COMPLEX128)),
                randn(shape(8, 3), dtype(DType.COMPLEX128)).matmul(randn(shape(3, 8), dtype(DType.COMPLEX128))),
                diag(tensor(new double[] {2, 2, -1, 5, 5}, f64)).to(DType.COMPLEX128).add(triu(randn(shape(5, 5), dtype(DType.COMPLEX128)), 1)),
                randn(shape(20, 20), dtype(DType.COMPLEX64)));
        for (Tensor a : mats) {
            String what = "eig of " + a.shape() + " " + a.dtype();
            LinalgSolvers.useJava(true);
            var r = L.eig(a);
            Tensor vals = L.eigvals(a);
            LinalgSolvers.useJava(false);
            boolean single = a.dtype().toReal() == DType.FLOAT32;
            double tol = single ? 1e-4 : 1e-10;
            Tensor A = a.to(a.isComplex() ? DType.COMPLEX128 : DType.FLOAT64), V = r.eigenvectors().to(DType.COMPLEX128), W = r.eigenvalues().to(DType.COMPLEX128);
            double scale = A.abs().max().item();
            Tensor residual = A.to(DType.COMPLEX128).matmul(V).sub(V.mul(W.unsqueeze(-2)));
            assertTrue(residual.abs().max().item() < tol * 10 * scale * a.size(-1), what + ": A V = V diag(L), off by "
                    + residual.abs().max().item());
            Golden.assertClose(ones(shape(W.shapeArray()), dtype(DType.FLOAT64)), V.abs().square().sum(-2), tol, tol, what + " norms");
            Tensor largest = V.abs().argmax(-2, true);
            Tensor imagAtLargest = V.imag().gather(-2, largest);
            assertTrue(imagAtLargest.abs().max().item() < tol, what + ": largest component real");
            if (a.isComplex()) assertTrue(V.real().gather(-2, largest).min().item() > 0, what + ": largest component positive (zgeev's)");
            Golden.assertClose(r.eigenvalues().viewAsReal(), vals.viewAsReal(), tol, tol, what + ": eigvals is eig's values");
            if (LinalgSolvers.describe().startsWith("LAPACK")) {
                Tensor lapack = L.eigvals(a).viewAsReal();
                int n = Math.toIntExact(a.size(-1));
                match(lapack.toDoubleArray(), vals.viewAsReal().toDoubleArray(), Math.toIntExact(a.numel() / ((long) n * n)), n,
                        single ? 1e-3 : 1e-7, what + " against LAPACK");
            }
        }
    }

    @Test
    void aRotationHasEigenvaluesPlusMinusI() {
        Tensor a = tensor(new double[][] {{0, -1}, {1, 0}}, dtype(DType.FLOAT64));
        var r = L.eig(a);
        assertNull(r.eigenvalues().gradFn());
        Golden.assertClose(tensor(new double[][] {{0, 1}, {0, -1}}, dtype(DType.FLOAT64)), r.eigenvalues().viewAsReal(), 1e-15, 1e-15,
                "+-i");
        // x = (1, -i)/sqrt(2): A x = (i, 1)/sqrt(2) = i x; the largest (first) component is real and positive
        double h = Math.sqrt(0.5);
        Golden.assertClose(tensor(new double[][] {{h, 0}, {0, -h}}, dtype(DType.FLOAT64)), r.eigenvectors().select(-1, 0).viewAsReal(),
                1e-15, 1e-15, "x");
    }
}
