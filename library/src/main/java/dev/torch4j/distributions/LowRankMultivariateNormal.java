package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;

/**
 * {@code torch.distributions.LowRankMultivariateNormal(loc, cov_factor, cov_diag)}: a multivariate normal whose
 * covariance is {@code W W^T + diag(D)} (W of shape {@code [n, m]}, m small). log_prob and entropy use the
 * capacitance matrix {@code I + W^T D^-1 W} (m x m) instead of the n x n covariance, as PyTorch does (Woodbury and
 * the matrix determinant lemma); rsample draws {@code loc + W eps_W + sqrt(D) eps_D} in PyTorch's order.
 */
public class LowRankMultivariateNormal extends Distribution {
    private final Tensor loc, covFactor, covDiag, capacitanceTril;
    /** W and D broadcast to the batch, as PyTorch's attributes (its repr and checks show these). */
    private final Tensor covFactorB, covDiagB;

    /** {@code LowRankMultivariateNormal(loc, cov_factor, cov_diag)}, batch shapes broadcast together. */
    public LowRankMultivariateNormal(Tensor loc, Tensor covFactor, Tensor covDiag) {
        super(batchOf(loc, covFactor, covDiag), new long[] {loc.dim() < 1 ? 0 : loc.size(-1)});
        long n = loc.size(-1);
        long[] bs = batchShape().toArray();
        long m = covFactor.size(-1);
        // PyTorch's broadcast_tensors(loc[..., None], cov_factor, cov_diag[..., None]) then [..., 0] (a select: its
        // repr in messages shows SelectBackward0)
        this.loc = loc.unsqueeze(-1).expand(concat(bs, n, m)).select(-1, 0);
        this.covFactor = covFactor;
        this.covDiag = covDiag;
        long[] full = concat(bs, n, m);
        // broadcast_tensors returns a tensor that already has the shape as it is (its repr then shows requires_grad)
        this.covFactorB = java.util.Arrays.equals(covFactor.shapeArray(), full) ? covFactor : covFactor.expand(full);
        this.covDiagB = covDiag.unsqueeze(-1).expand(concat(bs, n, m)).select(-1, 0);
        this.capacitanceTril = capacitanceTril(covFactor, covDiag); // before the checks, as PyTorch
        checkParam("loc", this.loc, this.loc.eq(this.loc).all(-1), "IndependentConstraint(Real(), 1)");
        checkParam("cov_factor", covFactorB, covFactorB.eq(covFactorB).all(-1).all(-1), "IndependentConstraint(Real(), 2)");
        checkParam("cov_diag", covDiagB, covDiagB.gt(0.0).all(-1), "IndependentConstraint(GreaterThan(lower_bound=0.0), 1)");
    }

    /** The copy {@link #expand} makes: the broadcast parameters expanded, the factors shared. */
    private LowRankMultivariateNormal(LowRankMultivariateNormal d, long[] bs) {
        super(bs, d.eventShape().toArray());
        long n = d.eventShape().toArray()[0];
        this.loc = d.loc.expand(concat(bs, n));
        this.covFactor = d.covFactor;
        this.covDiag = d.covDiag;
        this.covFactorB = d.covFactorB.expand(concat(bs, n, d.covFactorB.size(-1)));
        this.covDiagB = d.covDiagB.expand(concat(bs, n));
        this.capacitanceTril = d.capacitanceTril;
    }

    @Override
    public LowRankMultivariateNormal expand(long... batchShape) { return expanded(() -> new LowRankMultivariateNormal(this, batchShape.clone())); }

    private static long[] batchOf(Tensor loc, Tensor covFactor, Tensor covDiag) {
        if (loc.dim() < 1) throw new IllegalArgumentException("loc must be at least one-dimensional.");
        if (covFactor.dim() < 2) {
            throw new IllegalArgumentException("cov_factor must be at least two-dimensional, with optional leading batch dimensions");
        }
        long n = loc.size(-1);
        if (covFactor.size(-2) != n) throw new IllegalArgumentException("cov_factor must be a batch of matrices with shape " + n + " x m");
        if (covDiag.dim() < 1 || covDiag.size(-1) != n) {
            throw new IllegalArgumentException("cov_diag must be a batch of vectors with shape torch.Size([" + n + "])");
        }
        try {
            long[] s = broadcastShape("LowRankMultivariateNormal", loc.unsqueeze(-1), covFactor, covDiag.unsqueeze(-1));
            return Arrays.copyOf(s, s.length - 2);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Incompatible batch shapes: loc " + loc.shape() + ", cov_factor " + covFactor.shape()
                    + ", cov_diag " + covDiag.shape(), e);
        }
    }

    private static long[] concat(long[] batch, long... tail) {
        long[] r = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, r, batch.length, tail.length);
        return r;
    }

    /** The Cholesky factor of {@code I + W^T D^-1 W}. */
    private static Tensor capacitanceTril(Tensor w, Tensor d) {
        long m = w.size(-1);
        Tensor k = w.mT().div(d.unsqueeze(-2)).matmul(w);
        k = k.add(Torch.eye(m, m, Torch.dtype(k.dtype()).device(k.device())));
        return Torch.linalg().cholesky(k);
    }

    @Override
    protected Object[] reprParams() { return new Object[] {"loc", loc, "cov_factor", covFactorB, "cov_diag", covDiagB}; }

    /** The mean, broadcast to the batch. */
    public Tensor loc() { return loc; }

    /** W, broadcast to the batch. */
    public Tensor covFactor() { return covFactorB; }

    /** D, broadcast to the batch. */
    public Tensor covDiag() { return covDiagB; }

    /** {@code W W^T + diag(D)}, broadcast to the batch. */
    public Tensor covarianceMatrix() {
        long n = loc.size(-1);
        Tensor c = covFactor.matmul(covFactor.mT()).add(covDiag.diagEmbed(0, -2, -1));
        return c.expand(concat(batchShape().toArray(), n, n));
    }

    @Override
    public Tensor mean() { return loc; }

    @Override
    public Tensor mode() { return loc; }

    @Override
    public Tensor variance() { return covFactor.pow(2).sum(-1, false).add(covDiag).expand(loc.shapeArray()); }

    @Override
    public boolean hasRsample() { return true; }

    /** {@code loc + W eps_W + sqrt(D) eps_D}, eps_W then eps_D drawn by {@code normal_()}. */
    @Override
    public Tensor rsample(long... sampleShape) {
        long[] shape = extendedShape(sampleShape), wShape = shape.clone();
        wShape[wShape.length - 1] = covFactor.size(-1);
        Tensor epsW = Torch.empty(dev.torch4j.Size.of(wShape), Torch.dtype(loc.dtype()).device(loc.device())).normal_(0, 1);
        Tensor epsD = Torch.empty(dev.torch4j.Size.of(shape), Torch.dtype(loc.dtype()).device(loc.device())).normal_(0, 1);
        return loc.add(covFactor.matmul(epsW.unsqueeze(-1)).squeeze(-1)).add(covDiag.sqrt().mul(epsD));
    }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            return rsample(sampleShape);
        }
    }

    /** W as given (PyTorch's {@code _unbroadcasted_cov_factor}). */
    Tensor unbroadcastedCovFactor() { return covFactor; }

    /** D as given (PyTorch's {@code _unbroadcasted_cov_diag}). */
    Tensor unbroadcastedCovDiag() { return covDiag; }

    /** The Cholesky factor of the capacitance {@code I + W^T D^-1 W}. */
    Tensor capacitanceTril() { return capacitanceTril; }

    /** {@code log det(W W^T + D)} by the matrix determinant lemma (PyTorch's {@code _batch_lowrank_logdet}). */
    Tensor logDet() {
        return capacitanceTril.diagonal(0, -2, -1).log().sum(-1, false).mul(2.0).add(covDiag.log().sum(-1, false));
    }

    /** {@code x^T (W W^T + D)^-1 x} by Woodbury (PyTorch's {@code _batch_lowrank_mahalanobis}). */
    static Tensor mahalanobis(Tensor w, Tensor d, Tensor x, Tensor capacitanceTril) {
        Tensor wtDinvX = w.mT().div(d.unsqueeze(-2)).matmul(x.unsqueeze(-1)).squeeze(-1);
        return x.pow(2).div(d).sum(-1, false).sub(MultivariateNormal.mahalanobis(capacitanceTril, wtDinvX));
    }

    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, () -> value.eq(value).all(-1), "IndependentConstraint(Real(), 1)");
        Tensor m = mahalanobis(covFactor, covDiag, value.sub(loc), capacitanceTril);
        long n = eventShape().toArray()[0];
        return logDet().add(n * Math.log(2 * Math.PI)).add(m).mul(-0.5); // PyTorch's order: (n log 2pi + log_det) + M
    }

    @Override
    public Tensor entropy() {
        long n = eventShape().toArray()[0];
        Tensor h = logDet().add(n * (1.0 + Math.log(2 * Math.PI))).mul(0.5);
        return batchShape().toArray().length == 0 ? h : h.expand(batchShape().toArray());
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.REAL_VECTOR; }
}
