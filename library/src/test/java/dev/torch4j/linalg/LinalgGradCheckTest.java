package dev.torch4j.linalg;

import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.backend.cpu.LinalgSolvers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every differentiable torch.linalg function passes gradcheck and gradgradcheck in float64 (first and second
 * derivatives against finite differences). Functions with free signs (eigh, svd) are checked through sign-invariant
 * outputs, as PyTorch's own OpInfos do; symmetric inputs are built from any matrix.
 */
class LinalgGradCheckTest {
    private static final Linalg L = linalg();

    @BeforeEach
    void seed() { manualSeed(7); }

    private static Tensor r(long... shape) { return randn(shape(shape), dtype(DType.FLOAT64)).requiresGrad_(true); }

    /** A well-conditioned square matrix (random plus a multiple of the identity). */
    private static Tensor wellConditioned(long... shape) {
        long n = shape[shape.length - 1];
        return randn(shape(shape), dtype(DType.FLOAT64)).add(eye(n, n, dtype(DType.FLOAT64)).mul(n)).requiresGrad_(true);
    }

    private static Tensor sym(Tensor x) { return x.add(x.mT()); }

    private static Tensor spd(Tensor x) {
        long n = x.size(-1);
        return x.matmul(x.mT()).add(eye(n, n, dtype(DType.FLOAT64)).mul(n));
    }

    private static void check(String what, Function<Tensor[], Tensor> f, Tensor... in) {
        assertTrue(GradCheck.gradcheck(f, in), what);
        assertTrue(GradCheck.gradgradcheck(f, in), what + " (second derivative)");
    }

    private static void checkMulti(String what, Function<Tensor[], Tensor[]> f, Tensor... in) {
        assertTrue(GradCheck.gradcheckMulti(f, in), what);
        assertTrue(GradCheck.gradgradcheckMulti(f, in), what + " (second derivative)");
    }

    @Test
    void solves() {
        check("solve", x -> L.solve(x[0], x[1]), wellConditioned(3, 3), r(3, 2));
        check("solve batched broadcast", x -> L.solve(x[0], x[1]), wellConditioned(2, 1, 3, 3), r(4, 3, 2));
        check("solve vector", x -> L.solve(x[0], x[1]), wellConditioned(2, 3, 3), r(2, 3));
        check("solve left=false", x -> L.solve(x[0], x[1], false), wellConditioned(3, 3), r(2, 3));
        for (boolean upper : new boolean[] {false, true}) {
            for (boolean left : new boolean[] {false, true}) {
                for (boolean unit : new boolean[] {false, true}) {
                    check("solve_triangular " + upper + left + unit, x -> L.solveTriangular(x[0], x[1], upper, left, unit),
                            wellConditioned(3, 3), left ? r(3, 2) : r(2, 3));
                }
            }
        }
        check("lu_solve", x -> {
            var f = L.luFactor(x[0]);
            return L.luSolve(f.LU(), f.pivots(), x[1]);
        }, wellConditioned(3, 3), r(3, 2));
        check("lu_solve adjoint, right", x -> {
            var f = L.luFactor(x[0]);
            return L.luSolve(f.LU(), f.pivots(), x[1], false, true);
        }, wellConditioned(2, 3, 3), r(2, 3));
        check("cholesky_solve", x -> choleskySolve(x[0], x[1].tril().add(eye(3, 3, dtype(DType.FLOAT64)).mul(3)), false), r(3, 2), r(3, 3));
        check("cholesky_inverse upper", x -> choleskyInverse(x[0].triu().add(eye(3, 3, dtype(DType.FLOAT64)).mul(3)), true), r(3, 3));
        check("lstsq", x -> L.lstsq(x[0], x[1]).solution(), r(5, 3), r(5, 2));
    }

    @Test
    void inversesAndDeterminants() {
        check("inv", x -> L.inv(x[0]), wellConditioned(2, 3, 3));
        check("inv_ex", x -> L.invEx(x[0]).result(), wellConditioned(3, 3));
        check("det", x -> L.det(x[0]), r(2, 3, 3));
        check("slogdet", x -> L.slogdet(x[0]).logabsdet(), r(3, 3));
        check("logdet", x -> spd(x[0]).logdet(), r(3, 3));
        check("pinv tall", x -> L.pinv(x[0]), r(4, 3));
        check("pinv wide batched", x -> L.pinv(x[0]), r(2, 2, 3));
        check("matrix_power -3", x -> L.matrixPower(x[0], -3), wellConditioned(3, 3));
        // at an exactly singular matrix det's derivative is the cofactor matrix (through the SVD)
        Tensor singular = tensor(new double[][] {{1, 2, 3}, {2, 4, 6}, {1, 0, 1}}).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(x -> L.det(x[0]), singular), "det at a singular matrix");
    }

    @Test
    void factorizations() {
        check("cholesky", x -> L.cholesky(spd(x[0])), r(2, 3, 3));
        check("cholesky upper", x -> L.cholesky(spd(x[0]), true), r(3, 3));
        for (String mode : new String[] {"reduced", "complete"}) {
            for (long[] s : new long[][] {{4, 3}, {3, 3}, {3, 5}}) {
                if (mode.equals("complete") && s[0] > s[1]) continue;
                checkMulti("qr " + mode + " " + s[0] + "x" + s[1], x -> {
                    var qr = L.qr(x[0], mode);
                    return new Tensor[] {qr.Q(), qr.R()};
                }, r(s));
            }
        }
        checkMulti("eigh", x -> {
            var e = L.eigh(sym(x[0]));
            return new Tensor[] {e.eigenvalues(), e.eigenvectors().abs()};
        }, r(2, 4, 4));
        check("eigvalsh", x -> L.eigvalsh(sym(x[0])), r(4, 4));
        for (long[] s : new long[][] {{4, 3}, {3, 3}, {3, 5}}) {
            checkMulti("svd " + s[0] + "x" + s[1], x -> {
                var d = L.svd(x[0], false);
                return new Tensor[] {d.U().abs(), d.S(), d.Vh().abs()};
            }, r(s));
        }
        check("svdvals", x -> L.svdvals(x[0]), r(2, 3, 4));
        checkMulti("lu", x -> {
            var d = L.lu(x[0]);
            return new Tensor[] {d.L(), d.U()};
        }, r(2, 3, 3));
        check("lu_factor", x -> L.luFactor(x[0]).LU(), r(4, 4));
        for (long[] s : new long[][] {{5, 3}, {2, 3, 5}}) {
            checkMulti("lu " + java.util.Arrays.toString(s), x -> {
                var d = L.lu(x[0]);
                return new Tensor[] {d.L(), d.U()};
            }, r(s));
            check("lu_factor " + java.util.Arrays.toString(s), x -> L.luFactor(x[0]).LU(), r(s));
        }
        // the torch.* forms that predate torch.linalg
        checkMulti("torch.svd", x -> {
            Tensor[] d = Torch.svd(x[0]);
            return new Tensor[] {d[0].abs(), d[1], d[2].abs()};
        }, r(4, 3));
        checkMulti("torch.lu_unpack", x -> {
            Tensor[] f = Torch.lu(x[0]);
            Tensor[] d = Torch.luUnpack(f[0], f[1]);
            return new Tensor[] {d[1], d[2]};
        }, r(3, 4));
        checkMulti("torch.triangular_solve", x -> Torch.triangularSolve(x[1], x[0].triu().add(Torch.eye(3).to(x[0].dtype()).mul(3)),
                true, true, false), r(3, 3), r(3, 2));
    }

    @Test
    void normsAndProducts() {
        for (String ord : new String[] {"fro", "nuc"}) check("matrix_norm " + ord, x -> L.matrixNorm(x[0], ord), r(3, 4));
        for (double ord : new double[] {1, -1, 2, -2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            check("matrix_norm " + ord, x -> L.matrixNorm(x[0], ord), r(3, 4));
        }
        check("cond", x -> L.cond(x[0]), r(3, 3));
        check("cond 1", x -> L.cond(x[0], 1.0), wellConditioned(3, 3));
        check("multi_dot", x -> L.multiDot(x[0], x[1], x[2]), r(4), r(4, 5), r(5, 2));
        check("matrix_exp", x -> L.matrixExp(x[0]), r(2, 3, 3));
        check("householder_product", x -> L.householderProduct(x[0], x[1]), r(4, 3), r(2));
        check("tensorinv", x -> L.tensorinv(x[0].add(eye(6, 6, dtype(DType.FLOAT64)).mul(4).reshape(2, 3, 6)), 2), r(2, 3, 6));
        check("tensorsolve", x -> L.tensorsolve(x[0].reshape(6, 6).add(eye(6, 6, dtype(DType.FLOAT64)).mul(4)).reshape(2, 3, 6), x[1]),
                r(2, 3, 6), r(2, 3));
        check("cross", x -> L.cross(x[0], x[1]), r(4, 3), r(4, 3));
        check("vecdot", x -> L.vecdot(x[0], x[1]), r(3, 4), r(4));
        check("vander", x -> L.vander(x[0], 4), r(3));
    }

    @AfterEach
    void restore() { LinalgSolvers.useJava(false); }

    /**
     * eig's eigenvectors are free up to a phase per column, so it is checked through phase-invariant outputs: |V| and
     * each column's projector {@code v v^H} (complex, so the imaginary part of gV is exercised), with LAPACK and with
     * the Java fallback.
     */
    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void generalEigendecomposition(boolean javaFallback) {
        LinalgSolvers.useJava(javaFallback);
        check("eigvals", x -> L.eigvals(x[0]).viewAsReal(), r(4, 4));
        checkMulti("eig values and |V|", x -> {
            var e = L.eig(x[0]);
            return new Tensor[] {e.eigenvalues().viewAsReal(), e.eigenvectors().abs()};
        }, r(2, 3, 3));
        check("eig projectors v v^H", x -> {
            Tensor v = L.eig(x[0]).eigenvectors();
            return v.unsqueeze(-2).mul(v.conj().unsqueeze(-3)).viewAsReal();  // [i][j][k] = V[i][k] conj(V[j][k])
        }, r(4, 4));
    }

    @Test
    void eigRefusesALossThatDependsOnThePhase() {
        Tensor a = tensor(new double[][] {{1, -2, 0.5}, {3, 0.5, 1}, {0, 1, 2}}, dtype(DType.FLOAT64)).requiresGrad_(true);
        Tensor v = L.eig(a).eigenvectors();
        String m = assertThrows(IllegalArgumentException.class, () -> v.real().sum().backward()).getMessage();
        assertTrue(m.startsWith("linalg_eig_backward: The eigenvectors in the complex case are specified up to"), m);
        // the same vectors with a phase-invariant loss are fine; the real eigenvalue's column alone is too
        Tensor b = a.detach().clone().requiresGrad_(true);
        var e = L.eig(b);
        e.eigenvectors().abs().sum().backward();
        assertTrue(b.grad().isfinite().all().itemBool());
    }

    @Test
    void derivativesPyTorchDoesNotDefine() {
        Tensor a = r(5, 3);
        var q = L.qr(a, "complete");
        String m = assertThrows(IllegalStateException.class, () -> q.Q().sum().backward()).getMessage();
        assertTrue(m.contains("not differentiable when mode='complete' and nrows > ncols"), m);
        var rOnly = L.qr(r(3, 3), "r");
        m = assertThrows(IllegalStateException.class, () -> rOnly.R().sum().backward()).getMessage();
        assertTrue(m.contains("mode='r'"), m);
    }
}
