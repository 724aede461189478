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

import java.util.List;
import java.util.Set;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * torch.linalg on complex64/complex128 matrices against PyTorch (scripts/goldens/complex_linalg_goldens.py): the LU and
 * Cholesky families, triangular solves, QR, eigh, the SVD and what builds on them (pinv, lstsq, matrix_rank, cond, the
 * norms), geqrf/householder_product/ormqr, matrix_power, matrix_exp; outputs, the gradients of a real loss reaching
 * the complex inputs (weights on every output's real view, or on |V| for eigen- and singular vectors, whose phases are
 * free: they are compared up to a unit phase per column, one phase for each pair of singular vectors), grad_fn names
 * and error messages, once with OpenBLAS's LAPACK (c/z routines; LU, Cholesky, QR and triangular solves of matrices up
 * to 16x16 run in Java either way, so the 18x18 and 20x20 cases are LAPACK's) and once with the Java fallback.
 * linalg.eig's cases are {@link LinalgEigTest}'s.
 */
class ComplexLinalgGoldenTest {
    private static final List<JsonObject> CASES = Golden.cases("complex_linalg");
    private static final Linalg L = linalg();
    /** Functions whose nodes are ours and carry PyTorch's names (the others are compositions). */
    private static final Set<String> NAMED = Set.of("solve", "solve_ex", "inv", "inv_ex", "inverse", "det", "slogdet",
            "cholesky", "cholesky_ex", "lu_factor", "lu", "solve_triangular", "cholesky_solve", "cholesky_inverse", "qr", "eigh",
            "eigvalsh", "svd", "svdvals", "pinv", "pinverse", "matrix_exp");

    @AfterEach
    void restore() { LinalgSolvers.useJava(false); }

    private static Tensor realView(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    private static void assertClose(Tensor expected, Tensor actual, double scale, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        Tensor e = realView(expected), a = realView(actual.detach());
        if (!e.isFloatingPoint()) {
            Golden.assertExact(e, a, what);
            return;
        }
        double tol = (e.dtype() == DType.FLOAT32 ? 2e-4 : 1e-9) * scale;
        Golden.assertClose(e, a, tol, tol, what);
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void valuesGradientsAndNodesMatchPyTorch(boolean java) {
        LinalgSolvers.useJava(java);
        // where OpenBLAS serves the real factorizations, its complex routines must have bound too
        assertEquals(LinalgSolvers.describe(), LinalgSolvers.describeComplex());
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("fn")) continue;
            String fn = c.get("fn").getAsString(), what = fn + " " + c.get("kw") + " #" + n++;
            boolean grad = c.has("grads");
            Tensor[] x = Golden.inputs(c);
            Tensor[] out = LinalgGoldenTest.run(c, x);
            JsonArray expect = c.getAsJsonArray("outputs");
            List<Integer> abs = new java.util.ArrayList<>();
            for (var e : c.getAsJsonArray("abs")) abs.add(e.getAsInt());
            assertEquals(expect.size(), out.length, what + ": outputs");
            Tensor loss = null;
            for (int i = 0; i < out.length; i++) {
                Tensor e = Golden.tensor(expect.get(i).getAsJsonObject());
                if (abs.contains(i)) {  // free up to a phase per column: weighted by modulus, compared up to phase below
                    assertEquals(e.dtype(), out[i].dtype(), what + " output " + i + ": dtype");
                    if (fn.equals("svd") && LinalgGoldenTest.kw(c, "full_matrices", true) && !grad) {
                        // a full U's or Vh's extra columns are any orthonormal completion: check orthonormality instead
                        Tensor m = out[i].detach(), gram = i == 0 ? m.mH().matmul(m) : m.matmul(m.mH());
                        assertClose(eye(gram.size(-1), gram.size(-1), dtype(gram.dtype())), gram, 1, what + " orthonormal " + i);
                        Tensor k = i == 0 ? e.narrow(-1, 0, Math.min(e.size(-2), out[2].size(-1))).abs()
                                : e.narrow(-2, 0, Math.min(out[0].size(-2), e.size(-1))).abs();
                        Tensor ak = i == 0 ? m.narrow(-1, 0, k.size(-1)).abs() : m.narrow(-2, 0, k.size(-2)).abs();
                        assertClose(k, ak, 1, what + " output " + i + " (the reduced part)");
                        continue;
                    }
                    assertClose(e.abs(), out[i].detach().abs(), 1, what + " output " + i);
                } else {
                    assertClose(e, out[i], 1, what + " output " + i);
                }
                if (grad && c.getAsJsonArray("w").get(i).isJsonObject()) {
                    Tensor w = Golden.tensor(c.getAsJsonArray("w").get(i).getAsJsonObject());
                    Tensor term = (abs.contains(i) ? out[i].abs() : realView(out[i])).mul(w).sum();
                    loss = loss == null ? term : loss.add(term);
                }
            }
            if (fn.equals("eigh")) columnPhases(Golden.tensor(expect.get(1).getAsJsonObject()), out[1], what + " eigenvectors");
            if (fn.equals("svd")) {  // U's and V's columns up to one phase per pair (PyTorch: U e^{i phi}, V e^{i phi})
                long k = out[1].size(-1);
                Tensor eu = Golden.tensor(expect.get(0).getAsJsonObject()), ev = Golden.tensor(expect.get(2).getAsJsonObject());
                Tensor pu = columnPhases(eu.narrow(-1, 0, k), out[0].narrow(-1, 0, k), what + " U");
                Tensor pv = columnPhases(ev.narrow(-2, 0, k).mH(), out[2].narrow(-2, 0, k).mH(), what + " V");
                assertClose(pu, pv, 10, what + ": U's and V's phases");
            }
            if (!grad) continue;
            JsonArray names = c.getAsJsonArray("grad_fn");
            for (int i = 0; NAMED.contains(fn) && i < out.length; i++) {
                if (names.get(i).isJsonNull()) continue;
                assertNotNull(out[i].gradFn(), what + " grad_fn " + i);
                assertEquals(names.get(i).getAsString(), out[i].gradFn().name(), what + " grad_fn " + i);
            }
            loss.backward();
            JsonArray grads = c.getAsJsonArray("grads");
            for (int i = 0; i < x.length; i++) {
                if (grads.get(i).isJsonNull()) continue;
                assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), x[i].grad(), 10, what + " grad " + i);
            }
        }
        assertEquals(133, n);
    }

    /**
     * Asserts that each column of {@code actual} is the expected one times a unit phase {@code p_j} (eigen- and
     * singular vectors are unique up to it) and returns the phases ({@code [..., 1, k]}).
     */
    private static Tensor columnPhases(Tensor expected, Tensor actual, String what) {
        Tensor a = actual.detach();
        Tensor inner = expected.conj().mul(a).sum(-2, true);  // sum_i conj(e_ij) a_ij = p_j |e_j|^2
        Tensor phase = inner.div(inner.abs());
        assertClose(expected, a.mul(phase.conj()), 10, what + " up to a phase per column");
        return phase;
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void errorsArePyTorchs(boolean java) {
        LinalgSolvers.useJava(java);
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("error")) continue;
            Tensor[] x = Golden.inputs(c);
            String name = c.get("name").getAsString();
            Runnable call = switch (name) {
                case "inv_singular", "inv_singular_batch" -> () -> L.inv(x[0]);
                case "solve_singular", "solve_mixed_dtypes" -> () -> L.solve(x[0], x[1]);
                case "lu_factor_singular" -> () -> L.luFactor(x[0]);
                case "cholesky_not_pd", "cholesky_not_pd_batch" -> () -> L.cholesky(x[0]);
                case "eigh_backward_phase" -> () -> L.eigh(x[0].requiresGrad_(true)).eigenvectors().real().sum().backward();
                case "svd_backward_phase" -> () -> L.svd(x[0].requiresGrad_(true)).U().real().sum().backward();
                case "eig_backward_phase" -> () -> L.eig(x[0].requiresGrad_(true)).eigenvectors().real().sum().backward();
                case "qr_mode" -> () -> L.qr(x[0], "full");
                case "eigh_uplo" -> () -> L.eigh(x[0], "X");
                case "eig_not_square", "eig_nan" -> () -> L.eig(x[0]);
                default -> throw new AssertionError("no Java call for " + name);
            };
            assertEquals(c.get("message").getAsString(), assertThrows(IllegalArgumentException.class, call::run, name).getMessage(), name);
            n++;
        }
        assertEquals(14, n);
    }

    /** The _ex functions report singular and non-positive-definite complex matrices through info, as for real ones. */
    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void exFunctionsReportInfo(boolean java) {
        LinalgSolvers.useJava(java);
        Tensor ok = eye(3, 3, dtype(DType.COMPLEX128)).mul(2), singular = zeros(shape(3, 3), dtype(DType.COMPLEX128));
        singular.select(0, 0).select(0, 0).fill_(1.0);  // U[1, 1] is the first zero pivot
        Tensor batch = stack(ok, singular);
        assertEquals(List.of(0L, 2L), longs(L.solveEx(batch, ones(shape(2, 3, 1), dtype(DType.COMPLEX128))).info()));
        assertEquals(List.of(0L, 2L), longs(L.luFactorEx(batch).info()));
        assertEquals(List.of(0L, 2L), longs(L.invEx(batch).info()));
        assertEquals(List.of(0L, 2L), longs(L.choleskyEx(batch, false).info()));
    }

    private static List<Long> longs(Tensor t) {
        return java.util.Arrays.stream(t.toLongArray()).boxed().toList();
    }

    /**
     * The fallback on matrices larger than the goldens' and on hard cases (rank-deficient, repeated eigenvalues), by the
     * decompositions' defining properties, and against LAPACK's c/z routines where OpenBLAS is installed: QR's factors
     * themselves (same reflectors), the eigen- and singular values, and the vectors by modulus where the values are
     * distinct.
     */
    /**
     * {@code linalg.vecdot} conjugates its first argument, as PyTorch 2.x defines it ({@code sum(x.conj() * y)}; 1.13's
     * complex vecdot returns 0, so there is no golden): x with itself is the squared norm, and swapping the arguments
     * conjugates the result.
     */
    @Test
    void vecdotConjugatesTheFirstArgument() {
        manualSeed(9);
        var c128 = dtype(DType.COMPLEX128);
        Tensor x = randn(shape(3, 4), c128), y = randn(shape(3, 4), c128);
        Tensor norm2 = L.vectorNorm(x, 2, new long[] {-1}, false).square().to(DType.COMPLEX128);
        Golden.assertClose(norm2, L.vecdot(x, x), 1e-12, 1e-12, "vecdot(x, x) = |x|^2");
        Golden.assertClose(L.vecdot(y, x).conj().resolveConj(), L.vecdot(x, y), 1e-12, 1e-12, "vecdot(x, y) = conj(vecdot(y, x))");
    }

    @Test
    void javaFallbackAgreesWithLapack() {
        manualSeed(5);
        var c128 = dtype(DType.COMPLEX128);
        Tensor diag = diag(tensor(new double[] {3, 3, -1, 5, 5, 5}, dtype(DType.FLOAT64))).to(DType.COMPLEX128);
        Tensor unitary = L.qr(randn(shape(6, 6), c128)).Q();
        List<Tensor> mats = List.of(randn(shape(40, 30), c128), randn(shape(3, 12, 17), c128),
                randn(shape(9, 3), c128).matmul(randn(shape(3, 7), c128)),  // rank 3
                unitary.matmul(diag).matmul(unitary.mH()),  // Hermitian, eigenvalues 3, 3, -1, 5, 5, 5
                randn(shape(24, 24), dtype(DType.COMPLEX64)));
        boolean lapack = LinalgSolvers.describeComplex().startsWith("LAPACK");
        for (Tensor a : mats) {
            String what = a.shape() + " " + a.dtype();
            boolean single = a.dtype() == DType.COMPLEX64;
            double tol = single ? 2e-4 : 1e-10, scale = a.abs().max().item() * a.size(-1);
            DType d = a.dtype();
            LinalgSolvers.useJava(true);
            var qr = L.qr(a, "complete");
            var svd = L.svd(a, true);
            Tensor h = a.size(-1) == a.size(-2) ? a.add(a.mH()) : a.mH().matmul(a);
            var eigh = L.eigh(h);
            Tensor eighU = L.eigvalsh(h, "U");
            LinalgSolvers.useJava(false);
            // the definitions
            Tensor eyeM = eye(a.size(-2), a.size(-2), dtype(d)), eyeN = eye(a.size(-1), a.size(-1), dtype(d));
            assertTrue(qr.Q().matmul(qr.R()).sub(a).abs().max().item() < tol * scale, what + ": Q R");
            assertTrue(qr.Q().mH().matmul(qr.Q()).sub(eyeM).abs().max().item() < tol * 10, what + ": Q unitary");
            assertTrue(qr.R().tril(-1).abs().max().item() == 0 && qr.R().diagonal(0, -2, -1).imag().abs().max().item() == 0,
                    what + ": R upper triangular with a real diagonal");
            long k = Math.min(a.size(-2), a.size(-1));
            Tensor rec = svd.U().narrow(-1, 0, k).mul(svd.S().unsqueeze(-2).to(d)).matmul(svd.Vh().narrow(-2, 0, k));
            assertTrue(rec.sub(a).abs().max().item() < tol * scale, what + ": U S Vh");
            assertTrue(svd.U().mH().matmul(svd.U()).sub(eyeM).abs().max().item() < tol * 10, what + ": U unitary");
            assertTrue(svd.Vh().matmul(svd.Vh().mH()).sub(eyeN).abs().max().item() < tol * 10, what + ": Vh unitary");
            Tensor v = eigh.eigenvectors();
            Tensor hv = v.mul(eigh.eigenvalues().unsqueeze(-2).to(d)).matmul(v.mH());
            assertTrue(hv.sub(h).abs().max().item() < tol * h.abs().max().item() * h.size(-1), what + ": V diag(w) V^H");
            Golden.assertClose(eigh.eigenvalues(), eighU, tol * scale, tol, what + ": eigvalsh of either triangle");
            if (!lapack) continue;
            Golden.assertClose(L.svdvals(a), svd.S(), tol * scale, tol, what + ": singular values against LAPACK's");
            Golden.assertClose(L.eigvalsh(h), eigh.eigenvalues(), tol * scale, tol, what + ": eigenvalues against LAPACK's");
            var lq = L.qr(a, "complete");
            Golden.assertClose(lq.R().viewAsReal(), qr.R().viewAsReal(), tol * scale, tol * scale, what + ": R against LAPACK's");
            Golden.assertClose(lq.Q().narrow(-1, 0, k).viewAsReal(), qr.Q().narrow(-1, 0, k).viewAsReal(), tol * 10, tol * 10,
                    what + ": Q against LAPACK's");
            if (a.size(-1) == 30) {  // distinct singular values: the reduced vectors agree by modulus
                var ls = L.svd(a, false);
                Golden.assertClose(ls.U().abs(), svd.U().narrow(-1, 0, k).abs(), tol * 100, tol * 100, what + ": |U| against LAPACK's");
                Golden.assertClose(ls.Vh().abs(), svd.Vh().abs(), tol * 100, tol * 100, what + ": |Vh| against LAPACK's");
            }
        }
    }

    /** A complex tensor through the complex linalg functions keeps its batch shape and gives real values where PyTorch does. */
    @Test
    void dtypesAndShapes() {
        Tensor a = randn(shape(2, 3, 4, 3), dtype(DType.COMPLEX64));
        var svd = L.svd(a, false);
        assertEquals(DType.FLOAT32, svd.S().dtype());
        assertEquals(List.of(2L, 3L, 3L), java.util.Arrays.stream(svd.S().shapeArray()).boxed().toList());
        assertEquals(DType.COMPLEX64, svd.U().dtype());
        Tensor h = a.mH().matmul(a);
        assertEquals(DType.FLOAT32, L.eigvalsh(h).dtype());
        assertEquals(DType.COMPLEX64, L.eigh(h).eigenvectors().dtype());
        assertEquals(DType.COMPLEX64, L.eig(h).eigenvalues().dtype());
        assertEquals(DType.FLOAT32, L.matrixNorm(a, "nuc").dtype());
        assertEquals(DType.FLOAT32, L.cond(h).dtype());
        assertEquals(DType.INT64, L.matrixRank(a).dtype());
        assertEquals(DType.COMPLEX64, L.pinv(a).dtype());
        assertEquals(DType.COMPLEX64, L.qr(a).R().dtype());
        var e = L.eig(zeros(shape(2, 0, 0), dtype(DType.COMPLEX128)));
        assertEquals(List.of(2L, 0L), java.util.Arrays.stream(e.eigenvalues().shapeArray()).boxed().toList());
        var empty = L.svd(zeros(shape(0, 3), dtype(DType.COMPLEX128)), true);
        assertEquals(DType.FLOAT64, empty.S().dtype());
        Golden.assertClose(eye(3, 3, dtype(DType.COMPLEX128)).viewAsReal(), empty.Vh().viewAsReal(), 0, 0, "an empty matrix's Vh");
    }
}
