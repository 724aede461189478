package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.TensorOptions;

/**
 * The {@code torch.*} linear-algebra functions that predate {@code torch.linalg} and that PyTorch 2.x still ships
 * (svd, qr, cholesky, lu, lu_solve, lu_unpack, triangular_solve), written over {@link Linalg} with their own
 * argument orders and results: {@code svd} returns V rather than Vh, {@code lu_solve} takes B first,
 * {@code triangular_solve} defaults to an upper triangle and returns a copy of the coefficients.
 */
public final class LegacyLinalg {
    private LegacyLinalg() {}

    private static Linalg linalg() { return Linalg.get(); }

    /** {@code torch.svd(A, some, compute_uv)}: {@code {U, S, V}}; without U and V they are zero-filled, as PyTorch's. */
    public static Tensor[] svd(Tensor a, boolean some, boolean computeUv) {
        if (!computeUv) {
            Tensor s = linalg().svdvals(a);
            long m = a.size(-2), n = a.size(-1);
            long[] batch = java.util.Arrays.copyOf(a.shapeArray(), a.dim() - 2);
            TensorOptions o = TensorOptions.DEFAULT.dtype(a.dtype()).device(a.device());
            return new Tensor[] {Torch.zeros(dev.torch4j.Size.of(concat(batch, m, m)), o), s,
                    Torch.zeros(dev.torch4j.Size.of(concat(batch, n, n)), o)};
        }
        Linalg.SVD r = linalg().svd(a, !some);
        return new Tensor[] {r.U(), r.S(), r.Vh().mH()};
    }

    /** {@code torch.qr(A, some)}: {@code {Q, R}}, reduced when some, complete otherwise. */
    public static Tensor[] qr(Tensor a, boolean some) {
        Linalg.QR r = linalg().qr(a, some ? "reduced" : "complete");
        return new Tensor[] {r.Q(), r.R()};
    }

    /**
     * {@code torch.lu(A, pivot, get_infos)}: {@code {LU, pivots}} (and {@code infos}, where 0 means success);
     * without get_infos a singular factor raises as linalg.lu_factor does.
     */
    public static Tensor[] lu(Tensor a, boolean pivot, boolean getInfos) {
        if (!pivot) throw new UnsupportedOperationException("linalg.lu_factor: LU without pivoting is not implemented on the CPU");
        if (getInfos) {
            Linalg.LUFactorEx r = linalg().luFactorEx(a);
            return new Tensor[] {r.LU(), r.pivots(), r.info()};
        }
        Linalg.LUFactor r = linalg().luFactor(a);
        return new Tensor[] {r.LU(), r.pivots()};
    }

    /**
     * {@code torch.lu_unpack(LU, pivots, unpack_data, unpack_pivots)}: {@code {P, L, U}} with {@code A = P @ L @ U};
     * what is not unpacked is an empty tensor.
     */
    public static Tensor[] luUnpack(Tensor lu, Tensor pivots, boolean unpackData, boolean unpackPivots) {
        if (lu.dim() < 2) {
            throw new IllegalArgumentException("torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: "
                    + java.util.Arrays.toString(lu.shapeArray()) + " instead");
        }
        long m = lu.size(-2), n = lu.size(-1), k = Math.min(m, n);
        TensorOptions o = TensorOptions.DEFAULT.dtype(lu.dtype()).device(lu.device());
        Tensor empty = Torch.zeros(dev.torch4j.Size.of(0), o);
        Tensor l = empty, u = empty, p = empty;
        if (unpackData) {
            l = lu.narrow(-1, 0, k).tril(-1).add(Torch.eye(m, k, o));
            u = lu.narrow(-2, 0, k).triu();
        }
        if (unpackPivots) p = permutation(lu, pivots, m, o);
        return new Tensor[] {p, l, u};
    }

    /** P of {@code A = P L U} from LAPACK's 1-based row swaps: row i was swapped with row pivots[i] - 1, in order. */
    private static Tensor permutation(Tensor lu, Tensor pivots, long m, TensorOptions o) {
        if (pivots.dtype() != DType.INT32) {
            throw new IllegalArgumentException("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\n"
                    + "Note: this function is intended to be used with the output produced by torch.linalg.lu_factor");
        }
        long k = pivots.size(-1);
        long[] piv = pivots.cpu().toLongArray();
        long batches = piv.length / Math.max(1, k);
        long[] order = new long[(int) (batches * m)];
        for (int b = 0; b < batches; b++) {
            int base = (int) (b * m);
            for (int i = 0; i < m; i++) order[base + i] = i;
            for (int i = 0; i < k; i++) {
                long j = piv[(int) (b * k + i)] - 1;
                if (j < 0 || j >= m) {
                    throw new IllegalArgumentException("pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive."
                            + "Did you properly pass the result of lu_factor?");
                }
                long t = order[base + i];
                order[base + i] = order[base + (int) j];
                order[base + (int) j] = t;
            }
        }
        long[] batchShape = java.util.Arrays.copyOf(lu.shapeArray(), lu.dim() - 2);
        // rows of the identity in the order the swaps left them form P^T (A[order] = L U)
        Tensor idx = Torch.fromArray(order).reshape(concat(batchShape, m, 1)).to(lu.device()).expand(concat(batchShape, m, m));
        Tensor eye = Torch.eye(m, m, o).expand(concat(batchShape, m, m));
        return eye.gather(-2, idx).mT();
    }

    /** {@code torch.lu_solve(B, LU, pivots)}: {@code linalg.lu_solve(LU, pivots, B)}. */
    public static Tensor luSolve(Tensor b, Tensor lu, Tensor pivots) { return linalg().luSolve(lu, pivots, b); }

    /**
     * {@code torch.triangular_solve(B, A, upper, transpose, unitriangular)}: {@code {X, A.clone()}} where
     * {@code op(A) X = B} and op is the transpose when asked.
     */
    public static Tensor[] triangularSolve(Tensor b, Tensor a, boolean upper, boolean transpose, boolean unitriangular) {
        Tensor coef = transpose ? a.mT() : a;
        Tensor x = linalg().solveTriangular(coef, b, upper != transpose, true, unitriangular);
        return new Tensor[] {x, a.clone()};
    }

    private static long[] concat(long[] batch, long... tail) {
        long[] r = java.util.Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, r, batch.length, tail.length);
        return r;
    }

    /**
     * {@code torch.geqrf(A)}: LAPACK's QR in its compact form, {@code {a, tau}}: R on and above the diagonal of a, the
     * Householder vectors below it, tau their scalars. Recorded as PyTorch does, without a derivative.
     */
    public static Tensor[] geqrf(Tensor a) {
        if (a.dim() < 2) throw new IllegalArgumentException("torch.geqrf: input must have at least 2 dimensions.");
        if (!a.isFloatingPoint() && !a.isComplex() || a.dtype() == DType.FLOAT16 || a.dtype() == DType.BFLOAT16) {
            throw new IllegalArgumentException("\"geqrf_cpu\" not implemented for '" + a.dtype().scalarTypeName() + "'");
        }
        return new Geqrf().applyAll(a);
    }

    private static final class Geqrf extends dev.torch4j.autograd.Function {
        @Override
        protected String backwardName() { return "GeqrfBackward0"; }

        @Override
        protected Tensor[] forward(dev.torch4j.autograd.FunctionCtx ctx, Tensor... in) { return Decompositions.geqrfRaw(in[0]); }

        @Override
        protected Tensor[] backward(dev.torch4j.autograd.FunctionCtx ctx, Tensor... grads) {
            throw new UnsupportedOperationException("the derivative for 'geqrf' is not implemented.");
        }
    }

    /** {@code torch.orgqr(A, tau)}: {@code linalg.householder_product(A, tau)}. */
    public static Tensor orgqr(Tensor a, Tensor tau) { return linalg().householderProduct(a, tau); }

    /**
     * {@code torch.ormqr(A, tau, C, left, transpose)}: C multiplied by the m x m Q of geqrf's reflectors (m the rows of
     * A): {@code Q C}, {@code Q^H C} (transpose; the conjugate transpose for complex Q, as LAPACK's unmqr), or from the
     * right {@code C Q}, {@code C Q^H}.
     */
    public static Tensor ormqr(Tensor a, Tensor tau, Tensor c, boolean left, boolean transpose) {
        if (a.dim() < 2) throw new IllegalArgumentException("torch.ormqr: input must have at least 2 dimensions.");
        if (c.dim() < 2) throw new IllegalArgumentException("torch.ormqr: other must have at least 2 dimensions.");
        long m = a.size(-2), n = a.size(-1);
        if (tau.size(-1) > n) throw new IllegalArgumentException("torch.ormqr: tau.shape[-1] must be less than or equal to input.shape[-1]");
        if (left ? c.size(-2) != m : c.size(-1) != m) {
            throw new IllegalArgumentException("torch.ormqr: other.shape[" + (left ? -2 : -1) + "] must be equal to input.shape[-2]");
        }
        // the full Q: the reflectors padded (or cut) to m columns, since householder_product returns as many as it gets
        Tensor square = n >= m ? a.narrow(-1, 0, m) : Joining.cat(java.util.List.of(a,
                Creation.full(concat(java.util.Arrays.copyOf(a.shapeArray(), a.dim() - 1), m - n), 0, a.dtype(), a.device())), -1);
        Tensor q = linalg().householderProduct(square, tau);
        if (transpose) q = q.mH();
        return left ? q.matmul(c) : c.matmul(q);
    }
}
