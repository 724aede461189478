package dev.torch4j.distributions;

import dev.torch4j.Linalg;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.distributions.Wishart(df, covariance_matrix= | precision_matrix= | scale_tril=)}: the distribution of
 * {@code X X^T} for df Gaussian columns of covariance Sigma. Sampling is PyTorch's Bartlett decomposition (chi2 on
 * the diagonal, normal draws below it) followed by its "correction" pass, which redraws every sample that passes its
 * positive-definite check (PyTorch's own logic, kept so that the same seed gives the same matrices); log_prob, entropy,
 * mean, mode and variance as PyTorch computes them.
 */
public class Wishart extends ExponentialFamily {
    private final Tensor df, param, scaleTril;
    private final String paramName;
    private final long p;
    private final Chi2 chi2;

    private Wishart(Tensor df, Tensor param, String paramName) {
        super(batchOf(df, param), new long[] {param.size(-2), param.size(-1)});
        this.p = param.size(-1);
        long[] bs = batchShape().toArray();
        this.df = df.expand(bs);
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            if (this.df.le((double) (p - 1)).any().itemBool()) {
                throw new IllegalArgumentException("Value of df=" + format(df) + " expected to be greater than ndim - 1 = " + (p - 1) + ".");
            }
        }
        long[] full = Arrays.copyOf(bs, bs.length + 2);
        full[bs.length] = p;
        full[bs.length + 1] = p;
        this.param = param.expand(full);
        this.paramName = paramName;
        // PyTorch's arg_constraints order: the matrix, then df
        if (paramName.equals("scale_tril")) checkParam(paramName, this.param, Constraint.LOWER_CHOLESKY.check().apply(this.param), "LowerCholesky()");
        else checkParam(paramName, this.param, Constraint.POSITIVE_DEFINITE.check().apply(this.param), "PositiveDefinite()");
        checkParam("df", this.df, this.df.gt((double) (p - 1)), "GreaterThan(lower_bound=" + (p - 1) + ")");
        Linalg la = Linalg.get();
        this.scaleTril = switch (paramName) {
            case "scale_tril" -> param;
            case "covariance_matrix" -> la.cholesky(param);
            default -> precisionToScaleTril(param);
        };
        this.chi2 = bartlettChi2(this.df, scaleTril, bs, p);
    }

    /** The copy {@link #expand} makes: df, the matrix and the factor expanded. */
    private Wishart(Wishart w, long[] bs) {
        super(bs, w.eventShape().toArray());
        this.p = w.p;
        this.df = w.df.expand(bs);
        long[] full = Arrays.copyOf(bs, bs.length + 2);
        full[bs.length] = p;
        full[bs.length + 1] = p;
        this.param = w.param.expand(full);
        this.paramName = w.paramName;
        this.scaleTril = w.scaleTril.expand(full);
        this.chi2 = bartlettChi2(this.df, scaleTril, bs, p);
    }

    /** The Chi2 of Bartlett's decomposition: df - i for i = 0 .. p - 1. */
    private static Chi2 bartlettChi2(Tensor df, Tensor scaleTril, long[] bs, long p) {
        Tensor offsets = Torch.arange(0.0, (double) p, 1.0).to(scaleTril.device(), scaleTril.dtype());
        return new Chi2(df.unsqueeze(-1).sub(offsets.expand(Arrays.copyOf(with(bs, p), bs.length + 1))));
    }

    @Override
    public Wishart expand(long... batchShape) { return expanded(() -> new Wishart(this, batchShape.clone())); }

    private static long[] batchOf(Tensor df, Tensor param) {
        if (param.dim() < 2) {
            throw new IllegalArgumentException("scale_tril must be at least two-dimensional, with optional leading batch dimensions");
        }
        return broadcastShape("Wishart", Arrays.copyOf(param.shapeArray(), param.dim() - 2), df.shapeArray());
    }

    private static long[] broadcastShape(String op, long[] a, long[] b) { return dev.torch4j.core.Shapes.broadcast(op, a, b); }

    /** PyTorch's {@code _precision_to_scale_tril}: the Cholesky factor of P's inverse, without inverting P. */
    private static Tensor precisionToScaleTril(Tensor prec) {
        Tensor lf = Linalg.get().cholesky(prec.flip(-2, -1));
        Tensor lInv = lf.flip(-2, -1).mT();
        Tensor id = Torch.eye(prec.size(-1), prec.size(-1), Torch.dtype(prec.dtype()).device(prec.device()));
        return Linalg.get().solveTriangular(lInv, id, false);
    }

    /** {@code Wishart(df, covariance_matrix=...)}. */
    public static Wishart ofCovariance(Tensor df, Tensor covarianceMatrix) { return new Wishart(df, covarianceMatrix, "covariance_matrix"); }

    /** {@code Wishart(df, precision_matrix=...)}. */
    public static Wishart ofPrecision(Tensor df, Tensor precisionMatrix) { return new Wishart(df, precisionMatrix, "precision_matrix"); }

    /** {@code Wishart(df, scale_tril=...)}. */
    public static Wishart ofScaleTril(Tensor df, Tensor scaleTril) { return new Wishart(df, scaleTril, "scale_tril"); }

    @Override
    protected Object[] reprParams() { return new Object[] {paramName, param, "df", df}; }

    /** The degrees of freedom. */
    public Tensor df() { return df; }

    /** The given precision matrix, else {@code (L L^T)^-1} by a Cholesky solve against the identity, broadcast to the batch. */
    public Tensor precisionMatrix() {
        if (paramName.equals("precision_matrix")) return param; // PyTorch's attribute: gradients reach it directly
        Tensor id = Torch.eye(p, p, Torch.dtype(scaleTril.dtype()).device(scaleTril.device()));
        return Torch.choleskySolve(id, scaleTril, false).expand(param.shapeArray());
    }

    /** The given covariance matrix, else {@code L L^T}, broadcast to the batch. */
    public Tensor covarianceMatrix() {
        if (paramName.equals("covariance_matrix")) return param;
        return scaleTril.matmul(scaleTril.mT()).expand(param.shapeArray());
    }

    private Tensor dfMatrix() { return df.reshape(concat(batchShape().toArray(), 1, 1)); }

    private static long[] concat(long[] a, long... b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Override
    public Tensor mean() { return dfMatrix().mul(covarianceMatrix()); }

    /** {@code (df - p - 1) Sigma}, NaN where df <= p + 1. */
    @Override
    public Tensor mode() {
        Tensor factor = df.sub((double) (p + 1));
        factor = factor.maskedFill(factor.le(0.0), Double.NaN);
        return factor.reshape(concat(batchShape().toArray(), 1, 1)).mul(covarianceMatrix());
    }

    @Override
    public Tensor variance() {
        Tensor v = covarianceMatrix(), d = v.diagonal(0, -2, -1);
        return dfMatrix().mul(v.pow(2).add(d.unsqueeze(-1).mul(d.unsqueeze(-2))));
    }

    /** Bartlett: {@code L A (L A)^T}, A lower triangular with sqrt(chi2) on the diagonal and normal draws below. */
    private Tensor bartlett(long[] sampleShape) {
        Tensor diag = chi2.rsample(sampleShape).sqrt();
        diag = diag.clampMin(eps(diag));
        Tensor noise = diag.diagEmbed(0, -2, -1);
        Tensor ij = Torch.trilIndices(p, p, -1);
        long[] nShape = concat(concat(sampleShape, batchShape().toArray()), p * (p - 1) / 2);
        Tensor draws = Torch.randn(Torch.shape(nShape), Torch.dtype(noise.dtype()).device(noise.device()));
        noise = noise.clone();
        noise.indexPut_(new Object[] {dev.torch4j.Index.ELLIPSIS, ij.select(0, 0), ij.select(0, 1)}, draws);
        Tensor chol = scaleTril.matmul(noise);
        return chol.matmul(chol.mT());
    }

    /** PyTorch's positive_definite check: symmetric within 1e-6, then a Cholesky factorization succeeds. */
    private Tensor isPositiveDefinite(Tensor v) {
        Tensor sym = v.isclose(v.mT(), 1e-5, 1e-6, false).all(-1).all(-1);
        if (!sym.all().itemBool()) return sym;
        return Linalg.get().choleskyEx(v, false).info().eq(0L);
    }

    private Tensor reduceBatch(Tensor t) {
        int nb = batchShape().toArray().length;
        if (nb == 0) return t;
        long[] dims = new long[nb];
        for (int i = 0; i < nb; i++) dims[i] = -(i + 1);
        return t.amax(dims, false);
    }

    @Override
    public boolean hasRsample() { return true; }

    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor sample = bartlett(sampleShape);
        Tensor chosen = reduceBatch(isPositiveDefinite(sample));
        if (chosen.any().itemBool()) {
            // PyTorch's correction pass redraws the samples its check passes (up to 10 rounds), as written
            System.getLogger("dev.torch4j.distributions").log(System.Logger.Level.WARNING, "Singular sample detected.");
            for (int round = 0; round < 10; round++) {
                long count = chosen.sum().itemLong();
                Tensor fresh = bartlett(new long[] {count});
                sample = sample.clone();
                sample.indexPut_(new Object[] {chosen}, fresh);
                Tensor again = reduceBatch(isPositiveDefinite(fresh).logicalNot());
                chosen = chosen.clone();
                chosen.indexPut_(new Object[] {chosen.clone()}, again);
                if (!chosen.any().itemBool()) break;
            }
        }
        return sample;
    }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            return rsample(sampleShape);
        }
    }

    private Tensor halfLogDetScale() { return scaleTril.diagonal(0, -2, -1).log().sum(-1, false); }

    @Override
    public Tensor logProb(Tensor given) {
        checkValue(given, () -> isPositiveDefinite(given), "PositiveDefinite()");
        Tensor value = given.to(df.device(), df.dtype());
        double log2 = Math.log(2);
        Tensor logAbsDet = Linalg.get().slogdet(value).logabsdet();
        Tensor trace = Torch.choleskySolve(value, scaleTril).diagonal(0, -2, -1).sum(-1, false);
        return df.neg().mul(halfLogDetScale().add(p * log2 / 2)).sub(df.div(2.0).mvlgamma(p))
                .add(df.sub((double) (p + 1)).div(2.0).mul(logAbsDet)).sub(trace.div(2.0));
    }

    @Override
    public Tensor entropy() {
        double log2 = Math.log(2);
        Tensor half = df.div(2.0);
        Tensor offsets = Torch.arange(0.0, (double) p, 1.0).to(df.device(), df.dtype()).div(2.0);
        Tensor mvdigamma = half.unsqueeze(-1).sub(offsets).digamma().sum(-1, false);
        return halfLogDetScale().add(p * log2 / 2).mul((double) (p + 1)).add(half.mvlgamma(p))
                .sub(df.sub((double) (p + 1)).div(2.0).mul(mvdigamma)).add(df.mul(p / 2.0));
    }

    /** {@code (-precision / 2, (df - p - 1) / 2)}. */
    @Override
    protected List<Tensor> naturalParams() { return List.of(precisionMatrix().div(-2.0), df.sub((double) (p + 1)).div(2.0)); }

    /** {@code (y + (p+1)/2) (p log 2 - log|det(-2x)|) + mvlgamma(y + (p+1)/2, p)}. */
    @Override
    protected Tensor logNormalizer(List<Tensor> eta) {
        Tensor x = eta.get(0), half = eta.get(1).add((p + 1) / 2.0);
        Tensor logDet = Linalg.get().slogdet(x.mul(-2.0)).logabsdet();
        return half.mul(logDet.neg().add(Math.log(2) * p)).add(half.mvlgamma(p));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.POSITIVE_DEFINITE; }
}
