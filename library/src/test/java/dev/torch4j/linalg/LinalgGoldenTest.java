package dev.torch4j.linalg;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.LinalgSolvers;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * torch.linalg against PyTorch (scripts/goldens/linalg_goldens.py): every case's outputs, the gradients of a weighted
 * sum of them, the grad_fn names and the error messages, once with OpenBLAS's LAPACK (when installed) and once with
 * the Java fallback. Eigen- and singular vectors are compared (and weighted) by absolute value: their signs are free.
 */
class LinalgGoldenTest {
    private static final List<JsonObject> CASES = Golden.cases("linalg");
    private static final Linalg L = linalg();
    /** Functions whose nodes are ours and named as PyTorch names them (composites record their parts instead). */
    private static final Set<String> NAMED = Set.of("solve", "inv", "det", "cholesky", "qr", "eigh", "eigvalsh", "svd",
            "svdvals", "pinv", "lu", "solve_triangular", "cholesky_solve", "cholesky_inverse", "matrix_exp");

    @AfterEach
    void restore() { LinalgSolvers.useJava(false); }

    static boolean kw(JsonObject c, String k, boolean dflt) {
        JsonObject kw = c.getAsJsonObject("kw");
        return kw.has(k) && !kw.get(k).isJsonNull() ? kw.get(k).getAsBoolean() : dflt;
    }

    private static Object ord(JsonObject c, String k) {
        JsonElement e = c.getAsJsonObject("kw").get(k);
        if (e == null || e.isJsonNull()) return null;
        if (e.getAsJsonPrimitive().isString() && !e.getAsString().contains("Infinity")) return e.getAsString();
        return Golden.number(e);
    }

    private static long[] dims(JsonObject c) {
        JsonArray a = c.getAsJsonObject("kw").getAsJsonArray("dim");
        if (a == null) return null;
        long[] d = new long[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsLong();
        return d;
    }

    /** Runs case c's function in Java (also the cases of {@link ComplexLinalgGoldenTest}). */
    static Tensor[] run(JsonObject c, Tensor[] x) {
        String fn = c.get("fn").getAsString();
        JsonObject kw = c.getAsJsonObject("kw");
        return switch (fn) {
            case "solve" -> new Tensor[] {L.solve(x[0], x[1], kw(c, "left", true))};
            case "inv" -> new Tensor[] {L.inv(x[0])};
            case "inverse" -> new Tensor[] {x[0].inverse()};
            case "solve_ex" -> {
                var r = L.solveEx(x[0], x[1]);
                yield new Tensor[] {r.result(), r.info()};
            }
            case "inv_ex" -> {
                var r = L.invEx(x[0]);
                yield new Tensor[] {r.result(), r.info()};
            }
            case "cholesky_ex" -> {
                var r = L.choleskyEx(x[0], kw(c, "upper", false));
                yield new Tensor[] {r.result(), r.info()};
            }
            case "det" -> new Tensor[] {L.det(x[0])};
            case "slogdet" -> {
                var r = L.slogdet(x[0]);
                yield new Tensor[] {r.sign(), r.logabsdet()};
            }
            case "logdet" -> new Tensor[] {logdet(x[0])};
            case "cholesky" -> new Tensor[] {L.cholesky(x[0], kw(c, "upper", false))};
            case "qr" -> {
                var r = L.qr(x[0], kw.get("mode").getAsString());
                yield new Tensor[] {r.Q(), r.R()};
            }
            case "eigh" -> {
                var r = L.eigh(x[0], kw.has("UPLO") ? kw.get("UPLO").getAsString() : "L");
                yield new Tensor[] {r.eigenvalues(), r.eigenvectors()};
            }
            case "eigvalsh" -> new Tensor[] {L.eigvalsh(x[0], kw.has("UPLO") ? kw.get("UPLO").getAsString() : "L")};
            case "svd" -> {
                var r = L.svd(x[0], kw(c, "full_matrices", true));
                yield new Tensor[] {r.U(), r.S(), r.Vh()};
            }
            case "svdvals" -> new Tensor[] {L.svdvals(x[0])};
            case "pinv" -> new Tensor[] {L.pinv(x[0], null, null, kw(c, "hermitian", false))};
            case "pinverse" -> new Tensor[] {x[0].pinverse()};
            case "geqrf" -> x[0].geqrf();
            case "ormqr" -> new Tensor[] {x[0].ormqr(x[1], x[2], kw(c, "left", true), kw(c, "transpose", false))};
            case "lu_factor" -> {
                var r = L.luFactor(x[0]);
                yield new Tensor[] {r.LU(), r.pivots()};
            }
            case "lu" -> {
                var r = L.lu(x[0]);
                yield new Tensor[] {r.P(), r.L(), r.U()};
            }
            case "lu_solve" -> {
                var f = L.luFactor(x[0]);
                yield new Tensor[] {L.luSolve(f.LU(), f.pivots(), x[1], kw(c, "left", true), kw(c, "adjoint", false))};
            }
            case "solve_triangular" -> new Tensor[] {L.solveTriangular(x[0], x[1], kw(c, "upper", false), kw(c, "left", true),
                    kw(c, "unitriangular", false))};
            case "matrix_norm" -> {
                Object o = ord(c, "ord");
                long[] d = dims(c) == null ? new long[] {-2, -1} : dims(c);
                yield new Tensor[] {o instanceof String s ? L.matrixNorm(x[0], s, d, kw(c, "keepdim", false))
                        : L.matrixNorm(x[0], (Double) o, d, kw(c, "keepdim", false))};
            }
            case "norm" -> {
                Object o = ord(c, "ord");
                if (o == null) yield new Tensor[] {L.norm(x[0])};
                if (o instanceof String s) yield new Tensor[] {L.norm(x[0], s)};
                yield new Tensor[] {dims(c) == null ? L.norm(x[0], (Double) o) : L.norm(x[0], (Double) o, dims(c), kw(c, "keepdim", false))};
            }
            case "vector_norm" -> new Tensor[] {dims(c) == null ? L.vectorNorm(x[0], (Double) ord(c, "ord"))
                    : L.vectorNorm(x[0], (Double) ord(c, "ord"), dims(c), kw(c, "keepdim", false))};
            case "cond" -> {
                Object p = ord(c, "p");
                yield new Tensor[] {p == null ? L.cond(x[0]) : p instanceof String s ? L.cond(x[0], s) : L.cond(x[0], (Double) p)};
            }
            case "matrix_rank" -> new Tensor[] {L.matrixRank(x[0], kw.has("atol") ? kw.get("atol").getAsDouble() : null,
                    kw.has("rtol") ? kw.get("rtol").getAsDouble() : null, kw(c, "hermitian", false))};
            case "matrix_power" -> new Tensor[] {L.matrixPower(x[0], kw.get("n").getAsLong())};
            case "multi_dot" -> new Tensor[] {L.multiDot(x)};
            case "matrix_exp" -> new Tensor[] {L.matrixExp(x[0])};
            case "householder_product" -> new Tensor[] {L.householderProduct(x[0], x[1])};
            case "tensorinv" -> new Tensor[] {x[0].dim() == 4 ? L.tensorinv(x[0]) : L.tensorinv(x[0], 1)};
            case "tensorsolve" -> new Tensor[] {kw.has("dims") ? L.tensorsolve(x[0], x[1], new long[] {0, 2}) : L.tensorsolve(x[0], x[1])};
            case "cross" -> new Tensor[] {L.cross(x[0], x[1], kw.has("dim") ? kw.get("dim").getAsLong() : -1)};
            case "vecdot" -> new Tensor[] {L.vecdot(x[0], x[1])};
            case "vander" -> new Tensor[] {kw.has("N") ? L.vander(x[0], kw.get("N").getAsLong()) : L.vander(x[0])};
            case "lstsq" -> {
                if (!kw.has("driver")) yield new Tensor[] {L.lstsq(x[0], x[1]).solution()};
                var r = L.lstsq(x[0], x[1], null, kw.get("driver").getAsString());
                yield new Tensor[] {r.solution(), r.residuals(), r.rank(), r.singularValues()};
            }
            case "cholesky_solve" -> new Tensor[] {choleskySolve(x[0], x[1], kw(c, "upper", false))};
            case "cholesky_inverse" -> new Tensor[] {choleskyInverse(x[0], kw(c, "upper", false))};
            default -> throw new AssertionError("no Java call for " + fn);
        };
    }

    private static double[] tolerance(Tensor expected) {
        return expected.dtype() == DType.FLOAT32 ? new double[] {2e-4, 2e-4} : new double[] {1e-8, 1e-9};
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void valuesGradientsAndNodesMatchPyTorch(boolean java) {
        LinalgSolvers.useJava(java);
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("fn")) continue;
            String what = c.get("fn").getAsString() + " " + c.get("kw") + " #" + n++;
            boolean grad = c.has("grads");
            Tensor[] x = Golden.inputs(c);
            Tensor[] out = run(c, x);
            JsonArray expect = c.getAsJsonArray("outputs");
            List<Integer> abs = new ArrayList<>();
            for (JsonElement e : c.getAsJsonArray("abs")) abs.add(e.getAsInt());
            assertEquals(expect.size(), out.length, what + ": outputs");
            Tensor loss = null;
            for (int i = 0; i < out.length; i++) {
                Tensor e = Golden.tensor(expect.get(i).getAsJsonObject()), o = out[i];
                Tensor cmp = abs.contains(i) ? o.detach().abs() : o.detach();
                Tensor ecmp = abs.contains(i) ? e.abs() : e;
                if (c.get("fn").getAsString().equals("svd") && kw(c, "full_matrices", true) && !grad && abs.contains(i)) {
                    // a full U's or Vh's extra columns are any orthonormal completion: check orthogonality instead
                    Tensor m = o.detach(), gram = i == 0 ? m.mT().matmul(m) : m.matmul(m.mT());
                    Golden.assertClose(eye(gram.size(-1), gram.size(-1), dtype(gram.dtype())), gram, 1e-9, 1e-9, what + " orthonormal " + i);
                    continue;
                }
                double[] tol = tolerance(e);
                if (e.isFloatingPoint()) Golden.assertClose(ecmp, cmp, tol[0], tol[1], what + " output " + i);
                else Golden.assertExact(e.to(o.dtype()), o, what + " output " + i);
                if (grad && c.getAsJsonArray("w").get(i).isJsonObject()) {
                    Tensor w = Golden.tensor(c.getAsJsonArray("w").get(i).getAsJsonObject());
                    Tensor term = (abs.contains(i) ? o.abs() : o).mul(w).sum();
                    loss = loss == null ? term : loss.add(term);
                }
            }
            if (!grad) continue;
            JsonArray names = c.getAsJsonArray("grad_fn");
            if (NAMED.contains(c.get("fn").getAsString())) {
                for (int i = 0; i < out.length; i++) {
                    if (names.get(i).isJsonNull()) continue;
                    assertNotNull(out[i].gradFn(), what + " grad_fn " + i);
                    assertEquals(names.get(i).getAsString(), out[i].gradFn().name(), what + " grad_fn " + i);
                }
            }
            loss.backward();
            JsonArray grads = c.getAsJsonArray("grads");
            for (int i = 0; i < x.length; i++) {
                if (grads.get(i).isJsonNull()) continue;
                Tensor e = Golden.tensor(grads.get(i).getAsJsonObject());
                double[] tol = tolerance(e);
                Golden.assertClose(e, x[i].grad(), tol[0] * 10, tol[1] * 10, what + " grad " + i);
            }
        }
        assertEquals(130, n);
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void errorsArePyTorchs(boolean java) {
        LinalgSolvers.useJava(java);
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("error")) continue;
            JsonArray in = c.getAsJsonArray("inputs");
            Tensor[] x = new Tensor[in.size()];
            for (int i = 0; i < x.length; i++) x[i] = Golden.tensor(in.get(i).getAsJsonObject());
            String name = c.get("name").getAsString();
            Runnable call = switch (name) {
                case "inv_singular", "inv_singular_batch", "inv_not_square", "inv_1d", "inv_int" -> () -> L.inv(x[0]);
                case "cholesky_not_pd", "cholesky_not_pd_batch" -> () -> L.cholesky(x[0]);
                case "solve_singular", "solve_shapes" -> () -> L.solve(x[0], x[1]);
                case "det_not_square" -> () -> L.det(x[0]);
                case "lu_factor_singular" -> () -> L.luFactor(x[0]);
                case "solve_triangular_shapes" -> () -> L.solveTriangular(x[0], x[1], true);
                case "qr_mode" -> () -> L.qr(x[0], "full");
                case "multi_dot_one" -> () -> L.multiDot(x[0]);
                case "cross_size" -> () -> L.cross(x[0], x[1]);
                case "matrix_power_not_square" -> () -> L.matrixPower(x[0], 2);
                case "eigh_uplo" -> () -> L.eigh(x[0], "X");
                case "lstsq_driver" -> () -> L.lstsq(x[0], x[1], null, "foo");
                case "eig_not_square", "eig_1d", "eig_int", "eig_bool", "eig_half", "eig_nan", "eig_inf_not_square" -> () -> L.eig(x[0]);
                case "eigvals_not_square", "eigvals_int", "eigvals_nan" -> () -> L.eigvals(x[0]);
                case "eigvals_grad_not_square" -> () -> L.eigvals(x[0].requiresGrad_(true));
                case "eig_backward_phase" -> () -> L.eig(x[0].requiresGrad_(true)).eigenvectors().real().sum().backward();
                default -> throw new AssertionError("no Java call for " + name);
            };
            String m = assertThrows(IllegalArgumentException.class, call::run, name).getMessage();
            assertEquals(c.get("message").getAsString(), m, name);
            n++;
        }
        assertEquals(30, n);
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void exFunctionsReportInfoInsteadOfThrowing(boolean java) {
        LinalgSolvers.useJava(java);
        Tensor ok = eye(3, 3, dtype(DType.FLOAT64)).mul(2), singular = zeros(shape(3, 3), dtype(DType.FLOAT64));
        singular.select(0, 0).select(0, 0).fill_(1.0);  // U[1, 1] is the first zero pivot
        Tensor batch = stack(ok, singular);
        Tensor b = ones(shape(2, 3, 1), dtype(DType.FLOAT64));
        assertEquals(List.of(0L, 2L), asList(L.solveEx(batch, b).info()));
        assertEquals(DType.INT32, L.solveEx(batch, b).info().dtype());
        Golden.assertClose(ones(shape(3, 1), dtype(DType.FLOAT64)).mul(0.5), L.solveEx(batch, b).result().select(0, 0), 0, 0, "solved part");
        assertEquals(List.of(0L, 2L), asList(L.luFactorEx(batch).info()));
        assertEquals(List.of(0L, 2L), asList(L.invEx(batch).info()));
        assertEquals(List.of(0L, 2L), asList(L.choleskyEx(batch, false).info()));
        assertEquals(List.of(2L), asList(L.luFactorEx(singular).info().reshape(1)));
    }

    /**
     * The fallback's full SVD completes U (or Vh) to a square orthonormal basis also when many columns are missing (it
     * once ran out of unit vectors to start from, from about 10 missing columns of 40).
     */
    @org.junit.jupiter.api.Test
    void javaFallbackCompletesFullSvdBases() {
        manualSeed(13);
        for (DType d : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
            for (long[] s : new long[][] {{40, 30}, {30, 40}, {40, 3}}) {
                LinalgSolvers.useJava(true);
                var r = L.svd(randn(shape(s), dtype(d)), true);
                LinalgSolvers.useJava(false);
                String what = d + " " + java.util.Arrays.toString(s);
                Tensor u = r.U(), vh = r.Vh();
                Golden.assertClose(eye(s[0], s[0], dtype(DType.FLOAT64)), u.mH().matmul(u).abs(), 1e-12, 1e-12, what + " U");
                Golden.assertClose(eye(s[1], s[1], dtype(DType.FLOAT64)), vh.matmul(vh.mH()).abs(), 1e-12, 1e-12, what + " Vh");
            }
        }
    }

    private static List<Long> asList(Tensor t) {
        List<Long> out = new ArrayList<>();
        for (long v : t.toLongArray()) out.add(v);
        return out;
    }
}
