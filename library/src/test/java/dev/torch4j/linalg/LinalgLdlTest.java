package dev.torch4j.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.cpu.LinalgSolvers;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * torch.linalg.ldl_factor, ldl_factor_ex and ldl_solve against PyTorch (scripts/goldens/ldl_goldens.py): the pivots
 * exactly, LD and the solutions to rounding, with OpenBLAS's LAPACK (matrices above CpuLinalg.SMALL; smaller ones run
 * the Java code there too) and with the Java fallback; PyTorch's errors; no derivative.
 */
class LinalgLdlTest {
    @AfterEach
    void lapackAgain() { LinalgSolvers.useJava(false); }

    private static boolean hermitian(JsonObject c) {
        JsonObject kw = c.getAsJsonObject("kw");
        return kw.has("hermitian") && kw.get("hermitian").getAsBoolean();
    }

    private static Tensor[] run(JsonObject c, Tensor[] x) {
        Linalg l = Torch.linalg();
        boolean h = hermitian(c);
        return switch (c.get("fn").getAsString()) {
            case "ldl_factor" -> {
                Linalg.LDLFactor r = h ? l.ldlFactor(x[0], true) : l.ldlFactor(x[0]);
                yield new Tensor[] {r.LD(), r.pivots()};
            }
            case "ldl_factor_ex" -> {
                Linalg.LDLFactorEx r = h ? l.ldlFactorEx(x[0], true) : l.ldlFactorEx(x[0]);
                yield new Tensor[] {r.LD(), r.pivots(), r.info()};
            }
            case "ldl_solve" -> new Tensor[] {h ? l.ldlSolve(x[0], x[1], x[2], true) : l.ldlSolve(x[0], x[1], x[2])};
            default -> throw new AssertionError("no Java call for " + c.get("fn"));
        };
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void valuesMatchPyTorch(boolean java) {
        LinalgSolvers.useJava(java);
        int n = 0;
        for (JsonObject c : Golden.cases("ldl")) {
            if (!c.get("kind").getAsString().equals("fn")) continue;
            String what = c.get("fn").getAsString() + " " + c.get("kw") + " #" + n++;
            Tensor[] x = Golden.inputs(c);
            Tensor[] out = run(c, x);
            JsonArray expect = c.getAsJsonArray("outputs");
            assertEquals(expect.size(), out.length, what + ": outputs");
            for (int i = 0; i < out.length; i++) {
                Tensor e = Golden.tensor(expect.get(i).getAsJsonObject());
                assertEquals(e.dtype(), out[i].dtype(), what + " dtype " + i);
                if (e.isFloatingPoint()) {
                    double tol = e.dtype() == DType.FLOAT32 ? 2e-4 : 1e-9;
                    Golden.assertClose(e, out[i], tol, tol, what + " output " + i);
                } else {
                    Golden.assertExact(e, out[i], what + " output " + i);
                }
            }
        }
        assertEquals(34, n);
    }

    @Test
    void errorsArePyTorchs() {
        for (JsonObject c : Golden.cases("ldl")) {
            if (!c.get("kind").getAsString().equals("error")) continue;
            Tensor[] x = Golden.inputs(c);
            String name = c.get("name").getAsString();
            Exception e = assertThrows(RuntimeException.class, () -> run(c, x), name);
            assertEquals(c.get("message").getAsString(), e.getMessage(), name);
        }
    }

    @Test
    void complexIsRefused() {
        Tensor a = Torch.eye(2, 2, dev.torch4j.TensorOptions.DEFAULT.dtype(DType.COMPLEX128));
        Exception e = assertThrows(IllegalArgumentException.class, () -> Torch.linalg().ldlFactor(a));
        assertTrue(e.getMessage().startsWith("torch.linalg.ldl_factor_ex: complex input"), e.getMessage());
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void factorsReconstructAndSolveLargeIndefinite(boolean java) {
        // beyond the goldens: 70 > LAPACK's block size, where sytrf runs its blocked code (pivots may then differ from
        // sytf2's by rounding), so the factors are checked through the solve
        LinalgSolvers.useJava(java);
        Torch.manualSeed(3);
        Tensor r = Torch.randn(2, 70, 70).to(DType.FLOAT64);
        Tensor a = r.add(r.mT());
        Linalg.LDLFactor f = Torch.linalg().ldlFactor(a);
        Tensor b = Torch.randn(2, 70, 3).to(DType.FLOAT64);
        Tensor x = Torch.linalg().ldlSolve(f.LD(), f.pivots(), b);
        Golden.assertClose(b, a.matmul(x), 1e-8, 1e-8, "A X = B");
        assertTrue(f.pivots().lt(0).any().item() != 0.0, "some 2x2 pivots");
    }

    @Test
    void noDerivativeAsPyTorch() {
        Tensor a = Torch.tensor(new double[][] {{0, 1}, {1, 0}}).to(DType.FLOAT64).requiresGrad_(true);
        Linalg.LDLFactorEx f = Torch.linalg().ldlFactorEx(a);
        assertEquals("LinalgLdlFactorExBackward0", f.LD().gradFn().name());
        assertFalse(f.pivots().requiresGrad());
        Exception e = assertThrows(UnsupportedOperationException.class, () -> f.LD().sum().backward());
        assertEquals("the derivative for 'linalg_ldl_factor_ex' is not implemented.", e.getMessage());

        Linalg.LDLFactor g = Torch.linalg().ldlFactor(a.detach());
        Tensor b = Torch.ones(2, 1).to(DType.FLOAT64).requiresGrad_(true);
        Tensor x = Torch.linalg().ldlSolve(g.LD(), g.pivots(), b);
        assertEquals("LinalgLdlSolveBackward0", x.gradFn().name());
        Exception e2 = assertThrows(UnsupportedOperationException.class, () -> x.sum().backward());
        assertEquals("the derivative for 'linalg_ldl_solve' is not implemented.", e2.getMessage());
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void pivotsThatSytrfCannotReturnAreRefused(boolean java) {
        // LAPACK's sytrs would swap rows outside B for them; PyTorch does not check
        LinalgSolvers.useJava(java);
        Tensor ld = Torch.eye(20, 20, dev.torch4j.TensorOptions.DEFAULT.dtype(DType.FLOAT64));
        Tensor b = Torch.ones(20, 1).to(DType.FLOAT64);
        int[][] bad = new int[3][];
        for (int i = 0; i < 3; i++) {
            bad[i] = new int[20];
            for (int k = 0; k < 20; k++) bad[i][k] = k + 1;
        }
        bad[0][3] = 21;      // past n
        bad[1][19] = -20;    // a 2x2 block starting at the last row
        bad[2][4] = -7;      // a 2x2 block whose second entry differs
        for (int[] p : bad) {
            Tensor piv = Torch.tensor(p);
            Exception e = assertThrows(IllegalArgumentException.class, () -> Torch.linalg().ldlSolve(ld, piv, b));
            assertTrue(e.getMessage().startsWith("torch.linalg.ldl_solve: pivots"), e.getMessage());
        }
        bad[0][3] = 20;      // a valid interchange of rows 4 and 20: identity's solve is B
        Tensor ok = Torch.linalg().ldlSolve(ld, Torch.tensor(bad[0]), b);
        Golden.assertClose(b, ok, 0, 0, "identity");
    }
}
