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
