package dev.torch4j.linalg;

import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The complex LU and Cholesky families pass gradcheck and gradgradcheck in complex128. As in ComplexOpInfos, each
 * complex input is made of two real float64 inputs (its parts) and each complex output is returned as its real view,
 * so gradcheck checks PyTorch's convention: a real loss's gradient at {@code z} is {@code dL/dRe + i dL/dIm}.
 * Hermitian inputs are built as {@code z z^H + n I} from any z.
 */
class ComplexLinalgGradCheckTest {
    private static final Linalg L = linalg();

    @BeforeEach
    void seed() { manualSeed(11); }

    private static Tensor r(long... shape) { return randn(shape(shape), dtype(DType.FLOAT64)).requiresGrad_(true); }

    private static Tensor z(Tensor re, Tensor im) { return Torch.complex(re, im); }

    private static Tensor eye(long n) { return Torch.eye(n, n, dtype(DType.COMPLEX128)); }

    /** {@code z + n I}: well-conditioned. */
    private static Tensor well(Tensor re, Tensor im) { return z(re, im).add(eye(re.size(-1)).mul((double) re.size(-1))); }

    private static Tensor hpd(Tensor re, Tensor im) {
        Tensor a = z(re, im);
        return a.matmul(a.mH()).add(eye(a.size(-1)).mul((double) a.size(-1)));
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
}
