package dev.torch4j.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.backend.cpu.LinalgSolvers;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * torch.svd, qr, cholesky, slogdet, lu, lu_solve, lu_unpack and triangular_solve against PyTorch
 * (scripts/goldens/legacy_linalg_goldens.py): outputs and the gradients of a weighted sum of them, with OpenBLAS's
 * LAPACK and with the Java fallback.
 */
class LegacyLinalgGoldenTest {
    @AfterEach
    void lapackAgain() { LinalgSolvers.useJava(false); }

    private static boolean kw(JsonObject c, String name, boolean dflt) {
        JsonObject kw = c.getAsJsonObject("kw");
        return kw.has(name) ? kw.get(name).getAsBoolean() : dflt;
    }

    private static Tensor[] run(JsonObject c, Tensor[] x) {
        return switch (c.get("fn").getAsString()) {
            case "svd" -> kw(c, "compute_uv", true) ? x[0].svd(kw(c, "some", true)) : Torch.svd(x[0], true, false);
            case "qr" -> kw(c, "some", true) ? Torch.qr(x[0]) : x[0].qr(false);
            case "cholesky" -> new Tensor[] {kw(c, "upper", false) ? Torch.cholesky(x[0], true) : x[0].cholesky()};
            case "slogdet" -> x[0].slogdet();
            case "lu" -> kw(c, "get_infos", false) ? Torch.lu(x[0], true, true) : x[0].lu();
            case "lu_solve" -> new Tensor[] {Torch.luSolve(x[0], x[1], x[2])};
            case "lu_unpack" -> Torch.luUnpack(x[0], x[1], kw(c, "unpack_data", true), kw(c, "unpack_pivots", true));
            case "triangular_solve" -> c.getAsJsonObject("kw").size() == 0 ? x[0].triangularSolve(x[1])
                    : Torch.triangularSolve(x[0], x[1], kw(c, "upper", true), kw(c, "transpose", false), kw(c, "unitriangular", false));
            case "geqrf" -> x[0].geqrf();
            case "svd_lowrank" -> {
                Torch.manualSeed(c.get("seed").getAsLong());
                JsonObject kw = c.getAsJsonObject("kw");
                yield Torch.svdLowrank(x[0], kw.get("q").getAsLong(), kw.has("niter") ? kw.get("niter").getAsInt() : 2, null);
            }
            case "pca_lowrank" -> {
                Torch.manualSeed(c.get("seed").getAsLong());
                yield Torch.pcaLowrank(x[0], c.getAsJsonObject("kw").get("q").getAsLong(), true, 2);
            }
            case "orgqr" -> new Tensor[] {Torch.orgqr(x[0], x[1])};
            case "ormqr" -> new Tensor[] {c.getAsJsonObject("kw").size() == 0 ? Torch.ormqr(x[0], x[1], x[2])
                    : x[0].ormqr(x[1], x[2], kw(c, "left", true), kw(c, "transpose", false))};
            default -> throw new AssertionError("no Java call for " + c.get("fn"));
        };
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void valuesAndGradientsMatchPyTorch(boolean java) {
        LinalgSolvers.useJava(java);
        int n = 0;
        for (JsonObject c : Golden.cases("legacy_linalg")) {
            String fn = c.get("fn").getAsString(), what = fn + " " + c.get("kw") + " #" + n++;
            boolean grad = c.has("grads");
            Tensor[] x = Golden.inputs(c);
            Tensor[] out = run(c, x);
            JsonArray expect = c.getAsJsonArray("outputs");
            List<Integer> abs = new ArrayList<>();
            for (JsonElement e : c.getAsJsonArray("abs")) abs.add(e.getAsInt());
            assertEquals(expect.size(), out.length, what + ": outputs");
            if (!kw(c, "some", true)) {
                complete(fn, x[0], out, expect, what);
                continue;
            }
            Tensor loss = null;
            for (int i = 0; i < out.length; i++) {
                Tensor e = Golden.tensor(expect.get(i).getAsJsonObject()), o = out[i];
                if (e.isFloatingPoint()) {
                    Golden.assertClose(abs.contains(i) ? e.abs() : e, abs.contains(i) ? o.detach().abs() : o.detach(), 1e-8, 1e-9,
                            what + " output " + i);
                } else {
                    Golden.assertExact(e, o, what + " output " + i);
                }
                if (grad && c.getAsJsonArray("w").get(i).isJsonObject()) {
                    Tensor w = Golden.tensor(c.getAsJsonArray("w").get(i).getAsJsonObject());
                    Tensor term = (abs.contains(i) ? o.abs() : o).mul(w).sum();
                    loss = loss == null ? term : loss.add(term);
                }
            }
            if (!grad) continue;
            loss.backward();
            JsonArray grads = c.getAsJsonArray("grads");
            for (int i = 0; i < x.length; i++) {
                if (grads.get(i).isJsonNull()) continue;
                Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), x[i].grad(), 1e-7, 1e-8, what + " grad " + i);
            }
        }
        assertEquals(37, n);
    }

    /** A complete factor's extra columns are any orthonormal completion: orthonormality and the product are checked. */
    private static void complete(String fn, Tensor a, Tensor[] out, JsonArray expect, String what) {
        Tensor q = out[0];
        Tensor gram = q.mT().matmul(q);
        Golden.assertClose(Torch.eye(gram.size(-1), gram.size(-1), TensorOptions.DEFAULT.dtype(DType.FLOAT64)), gram, 1e-9, 1e-9,
                what + " orthonormal");
        if (fn.equals("qr")) {
            Golden.assertClose(a, q.matmul(out[1]), 1e-9, 1e-9, what + " Q R");
        } else {
            Golden.assertClose(Golden.tensor(expect.get(1).getAsJsonObject()), out[1], 1e-9, 1e-9, what + " S");
            Tensor s = Torch.zeros(a.size(0), a.size(1)).to(DType.FLOAT64);
            for (int i = 0; i < out[1].size(0); i++) s.select(0, i).select(0, i).fill_(out[1].select(0, i).item());
            Golden.assertClose(a, q.matmul(s).matmul(out[2].mT()), 1e-9, 1e-9, what + " U S V^T");
        }
    }

    @Test
    void errorsArePyTorchs() {
        Tensor lu = Torch.randn(3, 3).to(DType.FLOAT64);
        Tensor piv = Torch.fromArray(new long[] {1, 2, 3});
        assertEquals("torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: [3] instead",
                assertThrows(IllegalArgumentException.class, () -> Torch.luUnpack(lu.select(0, 0), piv.to(DType.INT32))).getMessage());
        assertEquals("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\n"
                + "Note: this function is intended to be used with the output produced by torch.linalg.lu_factor",
                assertThrows(IllegalArgumentException.class, () -> Torch.luUnpack(lu, piv)).getMessage());
        assertEquals("pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive.Did you properly pass the result of lu_factor?",
                assertThrows(IllegalArgumentException.class,
                        () -> Torch.luUnpack(lu, Torch.fromArray(new long[] {1, 2, 5}).to(DType.INT32))).getMessage());
        assertEquals("linalg.lu_factor: LU without pivoting is not implemented on the CPU",
                assertThrows(UnsupportedOperationException.class, () -> Torch.lu(lu, false, false)).getMessage());
    }
}
