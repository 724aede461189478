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
 * The complex linalg functions pass gradcheck and gradgradcheck in complex128. As in ComplexOpInfos, each complex
 * input is made of two real float64 inputs (its parts) and each complex output is returned as its real view, so
 * gradcheck checks PyTorch's convention: a real loss's gradient at {@code z} is {@code dL/dRe + i dL/dIm}. Hermitian
 * positive-definite inputs are built as {@code z z^H + n I} from any z, Hermitian ones as {@code z + z^H}. Eigen- and
 * singular vectors are free up to a phase per column, so they are checked through functions that do not depend on
 * the phases (|V|^2, {@code V diag(c) V^H}, {@code U diag(c) Vh}, as PyTorch's own tests do); the QR, eigh, SVD and
 * eig checks run with LAPACK and with the Java fallback.
 */
class ComplexLinalgGradCheckTest {
    private static final Linalg L = linalg();

    @BeforeEach
    void seed() { manualSeed(11); }

    @AfterEach
    void restore() { LinalgSolvers.useJava(false); }

    private static Tensor r(long... shape) { return randn(shape(shape), dtype(DType.FLOAT64)).requiresGrad_(true); }

    private static Tensor z(Tensor re, Tensor im) { return Torch.complex(re, im); }

    private static Tensor eye(long n) { return Torch.eye(n, n, dtype(DType.COMPLEX128)); }

    /** {@code z + n I}: well-conditioned. */
    private static Tensor well(Tensor re, Tensor im) { return z(re, im).add(eye(re.size(-1)).mul((double) re.size(-1))); }

    private static Tensor hpd(Tensor re, Tensor im) {
        Tensor a = z(re, im);
        return a.matmul(a.mH()).add(eye(a.size(-1)).mul((double) a.size(-1)));
    }

    private static Tensor herm(Tensor re, Tensor im) {
        Tensor a = z(re, im);
        return a.add(a.mH());
    }

    /** {@code X diag(c) Y} for the fixed weights c = 1, 2, ...: phase-invariant when X's and Y's phases cancel. */
    private static Tensor weighted(Tensor x, Tensor y) {
        long k = x.size(-1);
        double[] c = new double[(int) k];
        for (int i = 0; i < k; i++) c[i] = i + 1;
        return x.mul(tensor(c, dtype(DType.FLOAT64))).matmul(y);
    }

    private static Tensor real(Tensor t) { return t.isComplex() ? t.viewAsReal() : t; }

    private static void check(String what, Function<Tensor[], Tensor> f, Tensor... in) {
        Function<Tensor[], Tensor> g = x -> real(f.apply(x));
        assertTrue(GradCheck.gradcheck(g, in), what);
        assertTrue(GradCheck.gradgradcheck(g, in), what + " (second derivative)");
    }

    private static void checkMulti(String what, Function<Tensor[], Tensor[]> f, Tensor... in) {
        Function<Tensor[], Tensor[]> g = x -> java.util.Arrays.stream(f.apply(x)).map(ComplexLinalgGradCheckTest::real).toArray(Tensor[]::new);
        assertTrue(GradCheck.gradcheckMulti(g, in), what);
        assertTrue(GradCheck.gradgradcheckMulti(g, in), what + " (second derivative)");
    }

    @Test
    void solves() {
        check("solve", x -> L.solve(well(x[0], x[1]), z(x[2], x[3])), r(3, 3), r(3, 3), r(3, 2), r(3, 2));
        check("solve vector, batched", x -> L.solve(well(x[0], x[1]), z(x[2], x[3])), r(2, 3, 3), r(2, 3, 3), r(2, 3), r(2, 3));
        check("solve left=false", x -> L.solve(well(x[0], x[1]), z(x[2], x[3]), false), r(3, 3), r(3, 3), r(2, 3), r(2, 3));
        check("solve_ex", x -> L.solveEx(well(x[0], x[1]), z(x[2], x[3])).result(), r(3, 3), r(3, 3), r(3, 1), r(3, 1));
        for (boolean[] o : new boolean[][] {{false, true, false}, {true, true, true}, {true, false, false}, {false, false, true}}) {
            boolean upper = o[0], left = o[1], unit = o[2];
            check("solve_triangular upper=" + upper + " left=" + left + " unit=" + unit,
                    x -> L.solveTriangular(well(x[0], x[1]), z(x[2], x[3]), upper, left, unit),
                    r(3, 3), r(3, 3), left ? r(3, 2) : r(2, 3), left ? r(3, 2) : r(2, 3));
        }
        check("lu_solve", x -> {
            var f = L.luFactor(well(x[0], x[1]));
            return L.luSolve(f.LU(), f.pivots(), z(x[2], x[3]));
        }, r(3, 3), r(3, 3), r(3, 2), r(3, 2));
        check("lu_solve adjoint, right", x -> {
            var f = L.luFactor(well(x[0], x[1]));
            return L.luSolve(f.LU(), f.pivots(), z(x[2], x[3]), false, true);
        }, r(3, 3), r(3, 3), r(2, 3), r(2, 3));
        check("cholesky_solve upper", x -> choleskySolve(z(x[0], x[1]), well(x[2], x[3]).triu(), true), r(3, 2), r(3, 2), r(3, 3), r(3, 3));
        check("cholesky_inverse", x -> choleskyInverse(well(x[0], x[1]).tril()), r(3, 3), r(3, 3));
    }

    @Test
    void inversesAndDeterminants() {
        check("inv", x -> L.inv(well(x[0], x[1])), r(2, 3, 3), r(2, 3, 3));
        check("inv_ex", x -> L.invEx(well(x[0], x[1])).result(), r(3, 3), r(3, 3));
        check("det", x -> L.det(z(x[0], x[1])), r(2, 3, 3), r(2, 3, 3));
        checkMulti("slogdet sign and logabsdet", x -> {
            var s = L.slogdet(z(x[0], x[1]));
            return new Tensor[] {s.sign(), s.logabsdet()};
        }, r(3, 3), r(3, 3));
        check("slogdet sign alone", x -> L.slogdet(z(x[0], x[1])).sign(), r(3, 3), r(3, 3));
        check("matrix_power -3", x -> L.matrixPower(well(x[0], x[1]), -3), r(3, 3), r(3, 3));
        check("matrix_exp", x -> L.matrixExp(z(x[0], x[1])), r(2, 3, 3), r(2, 3, 3));
    }

    @Test
    void factorizations() {
        check("cholesky", x -> L.cholesky(hpd(x[0], x[1])), r(2, 3, 3), r(2, 3, 3));
        check("cholesky upper", x -> L.cholesky(hpd(x[0], x[1]), true), r(3, 3), r(3, 3));
        check("cholesky_ex", x -> L.choleskyEx(hpd(x[0], x[1]), false).result(), r(3, 3), r(3, 3));
        check("lu_factor", x -> L.luFactor(z(x[0], x[1])).LU(), r(4, 4), r(4, 4));
        for (long[] s : new long[][] {{3, 3}, {4, 3}, {2, 3, 4}}) {
            checkMulti("lu " + java.util.Arrays.toString(s), x -> {
                var d = L.lu(z(x[0], x[1]));
                return new Tensor[] {d.L(), d.U()};
            }, r(s), r(s));
        }
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void qr(boolean javaFallback) {
        LinalgSolvers.useJava(javaFallback);
        for (String mode : new String[] {"reduced", "complete"}) {
            for (long[] s : new long[][] {{4, 3}, {3, 3}, {3, 5}, {2, 3, 3}}) {
                if (mode.equals("complete") && s[s.length - 2] > s[s.length - 1]) continue;
                checkMulti("qr " + mode + " " + java.util.Arrays.toString(s), x -> {
                    var qr = L.qr(z(x[0], x[1]), mode);
                    return new Tensor[] {qr.Q(), qr.R()};
                }, r(s), r(s));
            }
        }
        check("qr R alone", x -> L.qr(z(x[0], x[1])).R(), r(4, 3), r(4, 3));
        check("householder_product", x -> L.householderProduct(z(x[0], x[1]), z(x[2], x[3])), r(4, 3), r(4, 3), r(2), r(2));
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void eigh(boolean javaFallback) {
        LinalgSolvers.useJava(javaFallback);
        checkMulti("eigh values and |V|^2", x -> {
            var e = L.eigh(herm(x[0], x[1]));
            return new Tensor[] {e.eigenvalues(), e.eigenvectors().abs().square()};
        }, r(2, 4, 4), r(2, 4, 4));
        check("eigh V diag(c) V^H", x -> {
            Tensor v = L.eigh(herm(x[0], x[1])).eigenvectors();
            return weighted(v, v.mH());
        }, r(3, 3), r(3, 3));
        // PyTorch's gradient is Hermitian (defined for Hermitian input): the input is one, whichever triangle is read
        check("eigh UPLO=U, values", x -> L.eigh(herm(x[0], x[1]), "U").eigenvalues(), r(3, 3), r(3, 3));
        check("eigvalsh", x -> L.eigvalsh(herm(x[0], x[1])), r(4, 4), r(4, 4));
        check("pinv hermitian", x -> L.pinv(hpd(x[0], x[1]), null, null, true), r(3, 3), r(3, 3));
        check("cond of a Hermitian matrix", x -> L.cond(hpd(x[0], x[1])), r(3, 3), r(3, 3));
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void svd(boolean javaFallback) {
        LinalgSolvers.useJava(javaFallback);
        for (long[] s : new long[][] {{4, 3}, {3, 3}, {3, 5}, {2, 3, 4}}) {
            checkMulti("svd |U|^2, S, |Vh|^2 " + java.util.Arrays.toString(s), x -> {
                var d = L.svd(z(x[0], x[1]), false);
                return new Tensor[] {d.U().abs().square(), d.S(), d.Vh().abs().square()};
            }, r(s), r(s));
            check("svd U diag(c) Vh " + java.util.Arrays.toString(s), x -> {
                var d = L.svd(z(x[0], x[1]), false);
                return weighted(d.U(), d.Vh());
            }, r(s), r(s));
        }
        check("svd full_matrices, the reduced part", x -> {
            var d = L.svd(z(x[0], x[1]), true);
            return weighted(d.U().narrow(-1, 0, 3), d.Vh());
        }, r(4, 3), r(4, 3));
        check("svdvals", x -> L.svdvals(z(x[0], x[1])), r(2, 3, 4), r(2, 3, 4));
        check("pinv tall", x -> L.pinv(z(x[0], x[1])), r(4, 3), r(4, 3));
        check("pinv wide, batched", x -> L.pinv(z(x[0], x[1])), r(2, 2, 3), r(2, 2, 3));
        check("pinverse", x -> z(x[0], x[1]).pinverse(), r(3, 4), r(3, 4));
        check("lstsq", x -> L.lstsq(z(x[0], x[1]), z(x[2], x[3])).solution(), r(5, 3), r(5, 3), r(5, 2), r(5, 2));
        check("matrix_norm nuc", x -> L.matrixNorm(z(x[0], x[1]), "nuc"), r(3, 4), r(3, 4));
        check("matrix_norm 2", x -> L.matrixNorm(z(x[0], x[1]), 2.0), r(3, 4), r(3, 4));
        check("matrix_norm -2", x -> L.matrixNorm(z(x[0], x[1]), -2.0), r(3, 4), r(3, 4));
        check("cond", x -> L.cond(z(x[0], x[1])), r(3, 3), r(3, 3));
        // det at a singular matrix: the adjugate from the SVD (first derivative only, as for real matrices)
        Tensor u = r(3, 2), v = r(3, 2), p = r(2, 3), q = r(2, 3);
        Tensor singularRe, singularIm;
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            Tensor sing = z(u, v).matmul(z(p, q));
            singularRe = sing.real().contiguous().requiresGrad_(true);
            singularIm = sing.imag().contiguous().requiresGrad_(true);
        }
        assertTrue(GradCheck.gradcheck(x -> real(L.det(z(x[0], x[1]))), new Tensor[] {singularRe, singularIm}), "det at a singular matrix");
    }

    @ParameterizedTest(name = "java fallback: {0}")
    @ValueSource(booleans = {false, true})
    void eig(boolean javaFallback) {
        LinalgSolvers.useJava(javaFallback);
        check("eigvals", x -> L.eigvals(z(x[0], x[1])), r(4, 4), r(4, 4));
        checkMulti("eig values and |V|", x -> {
            var e = L.eig(z(x[0], x[1]));
            return new Tensor[] {real(e.eigenvalues()), e.eigenvectors().abs()};
        }, r(2, 3, 3), r(2, 3, 3));
        check("eig V diag(c) V^-1", x -> {
            Tensor v = L.eig(z(x[0], x[1])).eigenvectors();
            return weighted(v, L.inv(v));
        }, r(3, 3), r(3, 3));
    }

    /** Losses that depend on the vectors' phases are refused, as PyTorch refuses them. */
    @Test
    void phaseDependentLossesAreRefused() {
        Tensor h = herm(r(3, 3), r(3, 3)).detach().requiresGrad_(true);
        String m = assertThrows(IllegalArgumentException.class, () -> L.eigh(h).eigenvectors().real().sum().backward()).getMessage();
        assertTrue(m.startsWith("linalg_eigh_backward: The eigenvectors in the complex case are specified up to"), m);
        Tensor a = z(r(3, 3), r(3, 3)).detach().requiresGrad_(true);
        m = assertThrows(IllegalArgumentException.class, () -> L.svd(a).Vh().imag().sum().backward()).getMessage();
        assertTrue(m.startsWith("svd_backward: The singular vectors in the complex case are specified up to"), m);
        // U Vh does not depend on the phases: fine
        var d = L.svd(a, false);
        d.U().matmul(d.Vh()).real().sum().backward();
        assertTrue(a.grad().isfinite().all().itemBool());
    }
}
