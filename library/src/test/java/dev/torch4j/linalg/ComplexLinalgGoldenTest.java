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
 * Cholesky families, triangular solves, matrix_power and the norms; outputs, the gradients of a real loss reaching the
 * complex inputs (weights on every output's real view), grad_fn names and error messages, once with OpenBLAS's LAPACK
 * (c/z routines; matrices up to 16x16 run in Java either way, so the 18x18 and 20x20 cases are LAPACK's) and once with
 * the Java fallback.
 */
class ComplexLinalgGoldenTest {
    private static final List<JsonObject> CASES = Golden.cases("complex_linalg");
    private static final Linalg L = linalg();
    /** Functions whose nodes are ours and carry PyTorch's names (the others are compositions). */
    private static final Set<String> NAMED = Set.of("solve", "solve_ex", "inv", "inv_ex", "inverse", "det", "slogdet",
            "cholesky", "cholesky_ex", "lu_factor", "lu", "solve_triangular", "cholesky_solve", "cholesky_inverse");

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
            assertEquals(expect.size(), out.length, what + ": outputs");
            Tensor loss = null;
            for (int i = 0; i < out.length; i++) {
                assertClose(Golden.tensor(expect.get(i).getAsJsonObject()), out[i], 1, what + " output " + i);
                if (grad && c.getAsJsonArray("w").get(i).isJsonObject()) {
                    Tensor term = realView(out[i]).mul(Golden.tensor(c.getAsJsonArray("w").get(i).getAsJsonObject())).sum();
                    loss = loss == null ? term : loss.add(term);
                }
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
        assertEquals(72, n);
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
                default -> throw new AssertionError("no Java call for " + name);
            };
            assertEquals(c.get("message").getAsString(), assertThrows(IllegalArgumentException.class, call::run, name).getMessage(), name);
            n++;
        }
        assertEquals(7, n);
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

    /** QR, eigh and the SVD have no complex kernels yet: they say so, naming the op. */
    @Test
    void factorizationsWithoutComplexKernelsRefuseByName() {
        Tensor z = randn(shape(3, 3), dtype(DType.COMPLEX128));
        for (var e : List.<java.util.Map.Entry<String, Runnable>>of(java.util.Map.entry("linalg.qr", () -> L.qr(z)),
                java.util.Map.entry("linalg.eigh", () -> L.eigh(z)), java.util.Map.entry("linalg.svd", () -> L.svd(z)),
                java.util.Map.entry("linalg.svd", () -> L.matrixNorm(z, "nuc")))) {
            String m = assertThrows(IllegalArgumentException.class, e.getValue()::run).getMessage();
            assertTrue(m.startsWith(e.getKey() + ": complex input (ComplexDouble) is not supported"), m);
        }
    }
}
