package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * torch.linalg on CUDA tensors: the factorizations run on the host and their results come back to the GPU, and the
 * derivative formulas run on the GPU; values and gradients must equal the CPU's (float64), results must live on the
 * input's device, and the int32 pivots and info too.
 */
class CudaLinalgParityTest {
    private static final Device GPU = Device.cuda(0);
    private static final Linalg L = linalg();

    @BeforeEach
    void needsAGpu() { assumeTrue(CudaRuntime.isAvailable(), () -> "no CUDA device: " + CudaRuntime.unavailableReason()); }

    private static Tensor r(long... s) { return randn(shape(s), dtype(DType.FLOAT64)); }

    private static Tensor wellConditioned(long n) { return r(2, n, n).add(eye(n, n, dtype(DType.FLOAT64)).mul(n)); }

    private static void parity(String what, Function<Tensor[], Tensor[]> f, Tensor... inputs) {
        Tensor[] cpu = new Tensor[inputs.length], gpu = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            cpu[i] = inputs[i].detach().clone().requiresGrad_(true);
            gpu[i] = inputs[i].detach().to(GPU).requiresGrad_(true);
        }
        Tensor[] yc = f.apply(cpu), yg = f.apply(gpu);
        Tensor lc = null, lg = null;
        for (int k = 0; k < yc.length; k++) {
            assertEquals(GPU, yg[k].device(), what + " output " + k + " device");
            Golden.assertClose(yc[k].detach(), yg[k].detach().cpu(), 1e-9, 1e-9, what + " output " + k);
            Tensor w = randn(yc[k].shapeArray()).to(DType.FLOAT64);
            lc = lc == null ? yc[k].mul(w).sum() : lc.add(yc[k].mul(w).sum());
            lg = lg == null ? yg[k].mul(w.to(GPU)).sum() : lg.add(yg[k].mul(w.to(GPU)).sum());
        }
        lc.backward();
        lg.backward();
        for (int i = 0; i < inputs.length; i++) {
            Golden.assertClose(cpu[i].grad(), gpu[i].grad().cpu(), 1e-9, 1e-9, what + " grad of input " + i);
        }
    }

    @Test
    void factorizationsAndSolvesMatchTheCpu() {
        manualSeed(31);
        parity("solve", x -> new Tensor[] {L.solve(x[0], x[1])}, wellConditioned(3), r(3, 2));
        parity("inv, det, slogdet", x -> new Tensor[] {L.inv(x[0]), L.det(x[0]), L.slogdet(x[0]).logabsdet()}, wellConditioned(4));
        parity("cholesky", x -> new Tensor[] {L.cholesky(x[0].matmul(x[0].mT()).add(eye(3, 3, dtype(DType.FLOAT64).device(x[0].device()))))}, r(2, 3, 3));
        parity("qr", x -> {
            var qr = L.qr(x[0]);
            return new Tensor[] {qr.Q(), qr.R()};
        }, r(5, 3));
        parity("eigh", x -> {
            var e = L.eigh(x[0].add(x[0].mT()));
            return new Tensor[] {e.eigenvalues(), e.eigenvectors().abs()};
        }, r(4, 4));
        parity("eig, eigvals", x -> {
            var e = L.eig(x[0]);
            return new Tensor[] {e.eigenvalues().viewAsReal(), e.eigenvectors().abs(), L.eigvals(x[0]).viewAsReal()};
        }, r(2, 4, 4));
        parity("svd", x -> {
            var d = L.svd(x[0], false);
            return new Tensor[] {d.U().abs(), d.S(), d.Vh().abs()};
        }, r(3, 5));
        parity("pinv, lstsq", x -> new Tensor[] {L.pinv(x[0]), L.lstsq(x[0], x[1]).solution()}, r(5, 3), r(5, 2));
        parity("lu", x -> {
            var lu = L.lu(x[0]);
            return new Tensor[] {lu.P(), lu.L(), lu.U()};
        }, r(3, 3));
        parity("solve_triangular, lu_solve", x -> {
            var f = L.luFactor(x[0]);
            return new Tensor[] {L.solveTriangular(x[0], x[1], true), L.luSolve(f.LU(), f.pivots(), x[1])};
        }, wellConditioned(3), r(3, 2));
        parity("norms, cond, matrix_power, cross", x -> new Tensor[] {L.matrixNorm(x[0], "nuc"), L.matrixNorm(x[0], 2.0),
                L.cond(x[0]), L.matrixPower(x[0], -2), L.cross(x[0].narrow(-1, 0, 3), x[0].narrow(-1, 1, 3))}, wellConditioned(4));
        var f = L.luFactor(wellConditioned(3).to(GPU));
        assertEquals(GPU, f.pivots().device());
        assertEquals(DType.INT32, f.pivots().dtype());
        assertEquals(GPU, L.matrixRank(r(4, 4).to(GPU)).device());
        assertEquals(GPU, L.choleskyEx(r(3, 3).to(GPU), false).info().device());
    }

    /** Complex input takes the same host round trip (through the real views); outputs compared as real views. */
    @Test
    void complexFactorizationsMatchTheCpu() {
        manualSeed(37);
        parity("complex solve, inv, det, slogdet", x -> {
            Tensor a = complex(x[0], x[1]), b = complex(x[2], x[3]);
            var s = L.slogdet(a);
            return new Tensor[] {L.solve(a, b).viewAsReal(), L.inv(a).viewAsReal(), L.det(a).viewAsReal(),
                    s.sign().viewAsReal(), s.logabsdet()};
        }, wellConditioned(3), r(2, 3, 3), r(3, 2), r(3, 2));
        parity("complex cholesky, lu, lu_solve, solve_triangular", x -> {
            Tensor a = complex(x[0], x[1]), b = complex(x[2], x[3]);
            Tensor h = a.matmul(a.mH()).add(eye(3, 3, dtype(DType.COMPLEX128).device(a.device())));
            var lu = L.lu(a);
            var f = L.luFactor(a);
            return new Tensor[] {L.cholesky(h).viewAsReal(), lu.L().viewAsReal(), lu.U().viewAsReal(),
                    L.luSolve(f.LU(), f.pivots(), b, true, true).viewAsReal(), L.solveTriangular(a, b, false).viewAsReal()};
        }, wellConditioned(3), r(2, 3, 3), r(3, 2), r(3, 2));
        assertEquals(GPU, L.luFactor(complex(r(3, 3), r(3, 3)).to(GPU)).pivots().device());
    }

    /**
     * Complex QR, eigh, eig, SVD and what builds on them: the host's zgeqrf/zheevd/zgeev/zgesdd (or the fallback),
     * results back on the GPU; vectors through phase-invariant functions, real eigen- and singular values real there too.
     */
    @Test
    void complexQrEighEigSvdMatchTheCpu() {
        manualSeed(43);
        parity("complex qr", x -> {
            var qr = L.qr(complex(x[0], x[1]));
            return new Tensor[] {qr.Q().viewAsReal(), qr.R().viewAsReal()};
        }, r(5, 3), r(5, 3));
        parity("complex eigh, eigvalsh", x -> {
            Tensor a = complex(x[0], x[1]);
            a = a.add(a.mH());
            var e = L.eigh(a);
            return new Tensor[] {e.eigenvalues(), e.eigenvectors().abs(), L.eigvalsh(a, "U")};
        }, r(2, 4, 4), r(2, 4, 4));
        parity("complex eig, eigvals", x -> {
            Tensor a = complex(x[0], x[1]);
            var e = L.eig(a);
            return new Tensor[] {e.eigenvalues().viewAsReal(), e.eigenvectors().abs(), L.eigvals(a).viewAsReal()};
        }, r(4, 4), r(4, 4));
        parity("complex svd, svdvals", x -> {
            Tensor a = complex(x[0], x[1]);
            var d = L.svd(a, false);
            return new Tensor[] {d.U().abs(), d.S(), d.Vh().abs(), L.svdvals(a)};
        }, r(3, 5), r(3, 5));
        parity("complex pinv, lstsq, norms, cond", x -> {
            Tensor a = complex(x[0], x[1]), b = complex(x[2], x[3]);
            return new Tensor[] {L.pinv(a).viewAsReal(), L.lstsq(a, b).solution().viewAsReal(), L.matrixNorm(a, "nuc"),
                    L.matrixNorm(a, 2.0), L.cond(a)};
        }, r(5, 3), r(5, 3), r(5, 2), r(5, 2));
        Tensor z = complex(r(4, 4), r(4, 4)).to(GPU);
        assertEquals(GPU, L.matrixRank(z).device());
        assertEquals(DType.FLOAT64, L.svdvals(z).dtype());
    }

    /** ldl_factor and ldl_solve take the host round trip too: the CPU's values, results on the GPU (not differentiable). */
    @Test
    void ldlMatchesTheCpu() {
        manualSeed(41);
        Tensor a = r(2, 5, 5);
        a = a.add(a.mT());
        Tensor b = r(3, 1, 5, 2);
        var fc = L.ldlFactorEx(a);
        var fg = L.ldlFactorEx(a.to(GPU));
        for (Tensor t : new Tensor[] {fg.LD(), fg.pivots(), fg.info()}) assertEquals(GPU, t.device());
        Golden.assertClose(fc.LD(), fg.LD().cpu(), 1e-12, 1e-12, "LD");
        Golden.assertExact(fc.pivots(), fg.pivots().cpu(), "pivots");
        Golden.assertExact(fc.info(), fg.info().cpu(), "info");
        Tensor xg = L.ldlSolve(fg.LD(), fg.pivots(), b.to(GPU));
        assertEquals(GPU, xg.device());
        Golden.assertClose(L.ldlSolve(fc.LD(), fc.pivots(), b), xg.cpu(), 1e-12, 1e-12, "ldl_solve");
    }
}
