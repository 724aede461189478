package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * {@code torch.distributions.LKJCholesky(dim, concentration=1.0)}: the LKJ distribution over the lower Cholesky
 * factors of {@code dim x dim} correlation matrices. Sampling is PyTorch's onion method (a Beta draw per row, then a
 * normal draw projected onto the sphere), so the same seed gives the same factors; log_prob is Lewandowski, Kurowicka
 * and Joe's density of the factor.
 */
public class LKJCholesky extends Distribution {
    private final long dim;
    private final Tensor concentration;
    private final Beta beta;

    /** {@code LKJCholesky(dim, concentration)}. */
    public LKJCholesky(long dim, Tensor concentration) {
        super(concentration.shapeArray(), new long[] {dim, dim});
        if (dim < 2) throw new IllegalArgumentException("Expected dim to be an integer greater than or equal to 2. Found dim=" + dim + ".");
        this.dim = dim;
        this.concentration = concentration;
        Tensor marginal = concentration.add(0.5 * (dim - 2));
        Tensor offset = Torch.arange(0.0, dim - 1.0, 1.0).to(concentration.device(), concentration.dtype());
        offset = Torch.cat(java.util.List.of(offset.narrow(0, 0, 1).mul(0.0), offset), 0);
        // PyTorch builds the Beta first: its Dirichlet's check speaks first for an invalid concentration
        this.beta = new Beta(offset.add(0.5), marginal.unsqueeze(-1).sub(offset.mul(0.5)));
        checkParam("concentration", concentration, concentration.gt(0.0), POSITIVE);
    }

    /** {@code LKJCholesky(dim, concentration)} of a number. */
    public LKJCholesky(long dim, double concentration) { this(dim, Torch.tensor(concentration)); }

    @Override
    protected Object[] reprParams() { return new Object[] {"concentration", concentration}; }

    /** The concentration (eta). */
    public Tensor concentration() { return concentration; }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            Tensor y = beta.sample(sampleShape).unsqueeze(-1);
            Tensor normal = Torch.randn(Torch.shape(extendedShape(sampleShape)), Torch.dtype(y.dtype()).device(y.device())).tril(-1);
            Tensor sphere = normal.div(normal.norm(2, new long[] {-1}, true));
            sphere.select(-2, 0).fill_(0.0); // the first row is all zeros: its 0/0
            Tensor w = y.sqrt().mul(sphere);
            Tensor diag = w.square().sum(-1, false).neg().add(1.0).clampMin(tiny(w)).sqrt();
            return w.add(diag.diagEmbed(0, -2, -1));
        }
    }

    @Override
    public Tensor logProb(Tensor v) {
        checkValue(v, () -> isCorrCholesky(v), "CorrCholesky()");
        Tensor value = v.to(concentration.device(), concentration.dtype());
        Tensor diag = value.diagonal(0, -1, -2).narrow(-1, 1, dim - 1);
        Tensor order = Torch.arange(2.0, dim + 1.0, 1.0).to(concentration.device(), concentration.dtype());
        order = concentration.sub(1.0).unsqueeze(-1).mul(2.0).add((double) dim).sub(order);
        Tensor unnormalized = order.mul(diag.log()).sum(-1, false);
        long dm1 = dim - 1;
        Tensor alpha = concentration.add(0.5 * dm1);
        Tensor denominator = alpha.lgamma().mul((double) dm1);
        Tensor numerator = alpha.sub(0.5).mvlgamma(dm1);
        double piConstant = 0.5 * dm1 * Math.log(Math.PI);
        return unnormalized.sub(numerator.sub(denominator).add(piConstant));
    }

    /** PyTorch's corr_cholesky check: lower triangular, positive diagonal, rows of unit norm (10 dim eps). */
    private static Tensor isCorrCholesky(Tensor v) {
        double tol = eps(v) * v.size(-1) * 10;
        Tensor lower = v.tril().eq(v).flatten(-2).all(-1);
        Tensor positive = v.diagonal(0, -2, -1).gt(0.0).all(-1);
        Tensor unitRows = v.detach().norm(2, new long[] {-1}, false).sub(1.0).abs().le(tol).all(-1);
        return lower.logicalAnd(positive).logicalAnd(unitRows);
    }

    /** PyTorch defines no entropy for it. */
    @Override
    public Tensor entropy() { throw new UnsupportedOperationException("LKJCholesky does not implement entropy"); }

    /** PyTorch defines no mean for it. */
    @Override
    public Tensor mean() { throw new UnsupportedOperationException("LKJCholesky does not implement mean"); }

    /** PyTorch defines no variance for it. */
    @Override
    public Tensor variance() { throw new UnsupportedOperationException("LKJCholesky does not implement variance"); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public LKJCholesky expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new LKJCholesky(dim, concentration.expand(b)));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.CORR_CHOLESKY; }
}
