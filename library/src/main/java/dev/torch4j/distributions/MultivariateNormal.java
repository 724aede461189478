package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;

/**
 * {@code torch.distributions.MultivariateNormal(loc, covariance_matrix=)} (or {@code scale_tril=}): the Gaussian on
 * {@code R^k} with mean loc; computed through the Cholesky factor L of the covariance ({@code torch.linalg}).
 */
public class MultivariateNormal extends Distribution {
    private final Tensor loc, scaleTril, given;
    private final String givenName;

    private MultivariateNormal(Tensor loc, Tensor matrix, boolean isScaleTril) {
        super(batchOf(loc, matrix), new long[] {loc.size(-1)});
        long k = loc.size(-1);
        if (matrix.dim() < 2 || matrix.size(-1) != k || matrix.size(-2) != k) {
            throw new IllegalArgumentException((isScaleTril ? "scale_tril" : "covariance_matrix")
                    + " must be at least two-dimensional, with optional leading batch dimensions");
        }
        this.givenName = isScaleTril ? "scale_tril" : "covariance_matrix";
        this.given = matrix;
        long[] full = Arrays.copyOf(batchShape().toArray(), batchShape().toArray().length + 1);
        full[full.length - 1] = k;
        this.loc = loc.expand(full);
        if (isScaleTril) {
            checkParam("scale_tril", matrix, matrix.diagonal(0, -2, -1).gt(0.0).all(-1).logicalAnd(matrix.triu(1).eq(0.0).all(-1).all(-1)),
                    "LowerCholesky()");
            this.scaleTril = matrix;
        } else {
            var ex = Torch.linalg().choleskyEx(matrix, false);
            // PyTorch's PositiveDefinite: symmetric to isclose(atol=1e-6), and a Cholesky factor exists
            Tensor symmetric = matrix.isclose(matrix.mT(), 1e-5, 1e-6, false).all(-1).all(-1);
            checkParam("covariance_matrix", matrix, ex.info().eq(0L).logicalAnd(symmetric), "PositiveDefinite()");
            this.scaleTril = ex.result();
        }
    }

    private static long[] batchOf(Tensor loc, Tensor m) {
        if (loc.dim() < 1) throw new IllegalArgumentException("loc must be at least one-dimensional.");
        long[] lb = Arrays.copyOf(loc.shapeArray(), loc.dim() - 1), mb = Arrays.copyOf(m.shapeArray(), Math.max(0, m.dim() - 2));
        return broadcastShape("MultivariateNormal", Torch.empty(dev.torch4j.Size.of(lb)), Torch.empty(dev.torch4j.Size.of(mb)));
    }

    /** {@code MultivariateNormal(loc, covariance_matrix=cov)}. */
    public MultivariateNormal(Tensor loc, Tensor covarianceMatrix) { this(loc, covarianceMatrix, false); }

    /** {@code MultivariateNormal(loc, scale_tril=L)}: L lower triangular with a positive diagonal. */
    public static MultivariateNormal ofScaleTril(Tensor loc, Tensor scaleTril) { return new MultivariateNormal(loc, scaleTril, true); }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, givenName, given}; }

    /** The mean. */
    public Tensor loc() { return loc; }

    /** The lower Cholesky factor of the covariance. */
    public Tensor scaleTril() { return scaleTril; }

    /** {@code L L^T}. */
    public Tensor covarianceMatrix() { return scaleTril.matmul(scaleTril.mT()); }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code loc + L eps} with eps drawn by {@code normal_()} in the extended shape. */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor eps = Torch.empty(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(loc.dtype()).device(loc.device())).normal_(0, 1);
        return loc.add(scaleTril.matmul(eps.unsqueeze(-1)).squeeze(-1));
    }

    /** {@code |L^-1 x|^2} per vector x (broadcasting L's batch). */
    static Tensor mahalanobis(Tensor l, Tensor x) {
        long[] s = broadcastShape("mahalanobis", l.narrow(-1, 0, 1), x.unsqueeze(-1));
        Tensor ll = l.expand(concatLast(s, l.size(-1)));
        return Torch.linalg().solveTriangular(ll, x.unsqueeze(-1).expand(s), false).squeeze(-1).square().sum(-1, false);
    }

    private static long[] concatLast(long[] s, long last) {
        long[] r = s.clone();
        r[r.length - 1] = last;
        return r;
    }

    private Tensor halfLogDet() { return scaleTril.diagonal(0, -2, -1).log().sum(-1, false); }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, value.eq(value).all(-1), "IndependentConstraint(Real(), 1)");
        long k = eventShape().toArray()[0];
        Tensor m = mahalanobis(scaleTril, value.sub(loc));
        return m.add(k * Math.log(2 * Math.PI)).mul(-0.5).sub(halfLogDet());
    }

    @Override
    public Tensor entropy() {
        long k = eventShape().toArray()[0];
        Tensor h = halfLogDet().add(0.5 * k * (1 + Math.log(2 * Math.PI)));
        return h.expand(batchShape().toArray());
    }

    @Override
    public Tensor mean() { return loc; }

    @Override
    public Tensor mode() { return loc; }

    @Override
    public Tensor variance() { return scaleTril.square().sum(-1, false).expand(extendedShape()); }
}
