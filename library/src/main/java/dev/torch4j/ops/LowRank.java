package dev.torch4j.ops;

import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.TensorOptions;

/**
 * {@code torch.svd_lowrank} and {@code torch.pca_lowrank}: Halko, Martinsson and Tropp's randomized SVD as PyTorch's
 * {@code _lowrank} module runs it (a Gaussian test matrix from the default generator, {@code niter} subspace
 * iterations with a QR after each product, then the SVD of the small projected matrix), so the same seed gives
 * PyTorch's factors. Differentiable through the products, QRs and SVD.
 */
public final class LowRank {
    private LowRank() {}

    /** An orthonormal basis of A's range, {@code [m, q]}, minus M's when M is given. */
    private static Tensor approximateBasis(Tensor a, long q, int niter, Tensor m) {
        long n = a.size(-1);
        Tensor r = Torch.randn(Torch.shape(n, q), TensorOptions.DEFAULT.dtype(a.dtype()).device(a.device()));
        Tensor ah = a.mH(), mh = m == null ? null : m.mH();
        Linalg la = Linalg.get();
        Tensor q0 = la.qr(minus(a.matmul(r), m, r)).Q();
        for (int i = 0; i < niter; i++) {
            q0 = la.qr(minus(ah.matmul(q0), mh, q0)).Q();
            q0 = la.qr(minus(a.matmul(q0), m, q0)).Q();
        }
        return q0;
    }

    private static Tensor minus(Tensor product, Tensor m, Tensor right) { return m == null ? product : product.sub(m.matmul(right)); }

    /** {@code torch.svd_lowrank(A, q, niter, M)}: {@code {U, S, V}} of rank q with {@code A - M ~ U diag(S) V^T}. */
    public static Tensor[] svdLowrank(Tensor a, long q, int niter, Tensor m) {
        long rows = a.size(-2), cols = a.size(-1);
        Linalg la = Linalg.get();
        if (rows < cols || cols > q) {
            // the basis of A^T keeps the projected matrix small
            Tensor basis = approximateBasis(a.mT(), q, niter, m == null ? null : m.mT());
            Tensor bt = minus(a.matmul(basis), m, basis);
            Linalg.SVD s = la.svd(bt, false);
            return new Tensor[] {s.U(), s.S(), basis.matmul(s.Vh().mH())};
        }
        Tensor basis = approximateBasis(a, q, niter, m);
        Tensor b = basis.mT().matmul(a);
        if (m != null) b = b.sub(basis.mT().matmul(m));
        Linalg.SVD s = la.svd(b, false);
        return new Tensor[] {basis.matmul(s.U()), s.S(), s.Vh().mH()};
    }

    /** {@code torch.pca_lowrank(A, q, center, niter)}: the low-rank SVD of A, centred on its column means when asked. */
    public static Tensor[] pcaLowrank(Tensor a, Long q, boolean center, int niter) {
        long rows = a.size(-2), cols = a.size(-1), k = Math.min(rows, cols);
        long rank = q == null ? Math.min(6, k) : q;
        if (q != null && (q < 0 || q > k)) {
            throw new IllegalArgumentException("q(=" + q + ") must be non-negative integer and not greater than min(m, n)=" + k);
        }
        if (niter < 0) throw new IllegalArgumentException("niter(=" + niter + ") must be non-negative integer");
        if (!center) return svdLowrank(a, rank, niter, null);
        return svdLowrank(a.sub(a.mean(new long[] {-2}, true)), rank, niter, null);
    }
}
