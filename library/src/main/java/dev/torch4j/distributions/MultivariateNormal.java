package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;

/**
 * {@code torch.distributions.MultivariateNormal(loc, covariance_matrix=)} (or {@code scale_tril=}): the Gaussian on
 * {@code R^k} with mean loc; computed through the Cholesky factor L of the covariance ({@code torch.linalg}).
 */
public class MultivariateNormal extends Distribution {
    private final Tensor loc, unbroadcastedScaleTril, given;
    private final String givenName;

    /** As PyTorch's constructor: the given matrix ("covariance_matrix", "precision_matrix" or "scale_tril"). */
    private MultivariateNormal(Tensor loc, Tensor matrix, String name) {
        super(batchOf(loc, matrix, name), new long[] {loc.size(-1)});
        long[] bs = batchShape().toArray();
        this.givenName = name;
        this.given = matrix.expand(with(bs, matrix.size(-2), matrix.size(-1)));
        this.loc = loc.expand(with(bs, loc.size(-1)));
        checkParam("loc", this.loc, this.loc.eq(this.loc).all(-1), "IndependentConstraint(Real(), 1)");
        if (name.equals("scale_tril")) {
            checkParam("scale_tril", given, Constraint.LOWER_CHOLESKY.check().apply(given), "LowerCholesky()");
            this.unbroadcastedScaleTril = matrix;
        } else {
            checkParam(name, given, Constraint.POSITIVE_DEFINITE.check().apply(given), "PositiveDefinite()");
            this.unbroadcastedScaleTril = name.equals("covariance_matrix") ? Torch.linalg().cholesky(matrix, false) : precisionToScaleTril(matrix);
        }
    }

    /** The copy {@link #expand} makes: the same factor, loc and the given matrix expanded. */
    private MultivariateNormal(MultivariateNormal d, long[] batchShape) {
        super(batchShape, d.eventShape().toArray());
        long k = d.eventShape().toArray()[0];
        this.loc = d.loc.expand(with(batchShape, k));
        this.given = d.given.expand(with(batchShape, k, k));
        this.givenName = d.givenName;
        this.unbroadcastedScaleTril = d.unbroadcastedScaleTril;
    }

    @Override
    public MultivariateNormal expand(long... batchShape) { return expanded(() -> new MultivariateNormal(this, batchShape)); }

    /** PyTorch's {@code _precision_to_scale_tril}: the Cholesky factor of the covariance from the precision matrix. */
    static Tensor precisionToScaleTril(Tensor p) {
        Tensor lf = Torch.linalg().cholesky(p.flip(-2, -1), false);
        Tensor lInv = lf.flip(-2, -1).transpose(-2, -1);
        Tensor id = Torch.eye(p.size(-1), p.size(-1), Torch.dtype(p.dtype()).device(p.device()));
        return Torch.linalg().solveTriangular(lInv, id, false);
    }

    private static long[] batchOf(Tensor loc, Tensor m, String name) {
        if (loc.dim() < 1) throw new IllegalArgumentException("loc must be at least one-dimensional.");
        if (m.dim() < 2) {
            throw new IllegalArgumentException((name.equals("scale_tril") ? "scale_tril matrix" : name)
                    + " must be at least two-dimensional, with optional leading batch dimensions");
        }
        long[] lb = Arrays.copyOf(loc.shapeArray(), loc.dim() - 1), mb = Arrays.copyOf(m.shapeArray(), m.dim() - 2);
        return dev.torch4j.core.Shapes.broadcast("broadcast_shapes", mb, lb);
    }

    /** {@code MultivariateNormal(loc, covariance_matrix=cov)}. */
    public MultivariateNormal(Tensor loc, Tensor covarianceMatrix) { this(loc, covarianceMatrix, "covariance_matrix"); }

    /** {@code MultivariateNormal(loc, scale_tril=L)}: L lower triangular with a positive diagonal. */
    public static MultivariateNormal ofScaleTril(Tensor loc, Tensor scaleTril) { return new MultivariateNormal(loc, scaleTril, "scale_tril"); }

    /** {@code MultivariateNormal(loc, precision_matrix=P)}: P positive-definite, the inverse of the covariance. */
    public static MultivariateNormal ofPrecision(Tensor loc, Tensor precisionMatrix) {
        return new MultivariateNormal(loc, precisionMatrix, "precision_matrix");
    }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, givenName, given}; }

    /** The mean. */
    public Tensor loc() { return loc; }

    /** The lower Cholesky factor of the covariance (over the batch shape). */
    public Tensor scaleTril() {
        if (givenName.equals("scale_tril")) return given;
        long k = eventShape().toArray()[0];
        return unbroadcastedScaleTril.expand(with(batchShape().toArray(), k, k));
    }

    /** The Cholesky factor as given or computed, before broadcasting to the batch shape. */
    Tensor unbroadcastedScaleTril() { return unbroadcastedScaleTril; }

    /** {@code L L^T} (over the batch shape). */
    public Tensor covarianceMatrix() {
        if (givenName.equals("covariance_matrix")) return given; // PyTorch's attribute, as given (expanded)
        long k = eventShape().toArray()[0];
        return unbroadcastedScaleTril.matmul(unbroadcastedScaleTril.mT()).expand(with(batchShape().toArray(), k, k));
    }

    /** {@code cholesky_inverse(L)} (over the batch shape). */
    public Tensor precisionMatrix() {
        if (givenName.equals("precision_matrix")) return given;
        long k = eventShape().toArray()[0];
        return Torch.choleskyInverse(unbroadcastedScaleTril, false).expand(with(batchShape().toArray(), k, k));
    }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code loc + L eps} with eps drawn by {@code normal_()} in the extended shape. */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor eps = Torch.empty(dev.torch4j.Size.of(extendedShape(sampleShape)), Torch.dtype(loc.dtype()).device(loc.device())).normal_(0, 1);
        return loc.add(unbroadcastedScaleTril.matmul(eps.unsqueeze(-1)).squeeze(-1));
    }

    /**
     * PyTorch's {@code _batch_mahalanobis(bL, bx)}: {@code |L^-1 x|^2} per vector x, L's batch dims matched to x's
     * trailing batch dims by the same reshapes and permutes (so the same triangular solves, and the same results
     * where the shapes only fit by reshaping, with validation off).
     */
    static Tensor mahalanobis(Tensor bL, Tensor bx) {
        long n = bx.size(-1);
        long[] xs = bx.shapeArray(), ls = bL.shapeArray();
        int xBatch = xs.length - 1, lBatch = ls.length - 2;
        int outer = xBatch - lBatch, oldDims = outer + lBatch, newDims = outer + 2 * lBatch;
        long[] newShape = new long[newDims + 1];
        System.arraycopy(xs, 0, newShape, 0, outer);
        for (int i = 0; i < lBatch; i++) {
            long sL = ls[i], sx = xs[outer + i];
            newShape[outer + 2 * i] = Math.floorDiv(sx, sL);
            newShape[outer + 2 * i + 1] = sL;
        }
        newShape[newDims] = n;
        Tensor x = bx.reshape(newShape);
        long[] perm = new long[newDims + 1];
        int k = 0;
        for (int i = 0; i < outer; i++) perm[k++] = i;
        for (int i = outer; i < newDims; i += 2) perm[k++] = i;
        for (int i = outer + 1; i < newDims; i += 2) perm[k++] = i;
        perm[k] = newDims;
        x = x.permute(perm);
        Tensor flatL = bL.reshape(-1, n, n);
        Tensor flatX = x.reshape(-1, flatL.size(0), n);
        Tensor swap = flatX.permute(1, 2, 0);
        Tensor mSwap = Torch.linalg().solveTriangular(flatL, swap, false).pow(2).sum(-2, false);
        Tensor m = mSwap.t();
        long[] xShape = x.shapeArray();
        Tensor permuted = m.reshape(java.util.Arrays.copyOf(xShape, xShape.length - 1));
        long[] inv = new long[oldDims + lBatch];
        k = 0;
        for (int i = 0; i < outer; i++) inv[k++] = i;
        for (int i = 0; i < lBatch; i++) {
            inv[k++] = outer + i;
            inv[k++] = oldDims + i;
        }
        return permuted.permute(java.util.Arrays.copyOf(inv, k)).reshape(java.util.Arrays.copyOf(xs, xBatch));
    }

    private static long[] concatLast(long[] s, long last) {
        long[] r = s.clone();
        r[r.length - 1] = last;
        return r;
    }

    private Tensor halfLogDet() { return unbroadcastedScaleTril.diagonal(0, -2, -1).log().sum(-1, false); }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value).all(-1), "IndependentConstraint(Real(), 1)");
        long k = eventShape().toArray()[0];
        Tensor m = mahalanobis(unbroadcastedScaleTril, value.sub(loc));
        return m.add(k * Math.log(2 * Math.PI)).mul(-0.5).sub(halfLogDet());
    }

    @Override
    public Tensor entropy() {
        long k = eventShape().toArray()[0];
        Tensor h = halfLogDet().add(0.5 * k * (1 + Math.log(2 * Math.PI)));
        return batchShape().toArray().length == 0 ? h : h.expand(batchShape().toArray());
    }

    @Override
    public Tensor mean() { return loc; }

    @Override
    public Tensor mode() { return loc; }

    @Override
    public Tensor variance() { return unbroadcastedScaleTril.square().sum(-1, false).expand(extendedShape()); }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL_VECTOR; }
}
