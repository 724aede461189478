package dev.torch4j.distributions;

import dev.torch4j.ops.SpecialOps;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;

import static dev.torch4j.ops.SpecialOps.digamma;
import static dev.torch4j.ops.SpecialOps.lgamma;

/**
 * {@code torch.distributions.kl_divergence(p, q)} for the pairs of families PyTorch registers here, with PyTorch's
 * closed forms (and its infinite results where q's support misses part of p's). {@link Chi2} takes the {@link Gamma}
 * pairs, as the subclass does in PyTorch; {@link LogNormal} pairs reduce to their normals (PyTorch's
 * TransformedDistribution rule). The (low-rank) multivariate normal pairs are in {@code KlLowRank}, the
 * ContinuousBernoulli ones in {@code KlContinuousBernoulli}, the Pareto and TransformedDistribution ones in
 * {@code KlTransformed}; two {@link ExponentialFamily} distributions with none of these fall to PyTorch's Bregman
 * rule ({@code KlExponentialFamily}).
 */
public final class Kl {
    private Kl() {}

    private static final double EULER = 0.57721566490153286060;

    /** {@code KL(p || q)}, batched; pairs PyTorch has no formula for raise {@link UnsupportedOperationException}. */
    public static Tensor klDivergence(Distribution p, Distribution q) {
        Tensor r = sameFamily(p, q);
        if (r == null) r = crossFamily(p, q);
        if (r == null) r = KlLowRank.pair(p, q);
        if (r == null) r = KlContinuousBernoulli.pair(p, q);
        if (r == null) r = KlTransformed.paretoPair(p, q);
        if (r == null) r = KlTransformed.transformed(p, q);
        if (r == null) r = infinite(p, q);
        // the most general pair PyTorch registers, so the last tried
        if (r == null && p instanceof ExponentialFamily a && q instanceof ExponentialFamily b) r = KlExponentialFamily.bregman(a, b);
        if (r != null) return r;
        throw new UnsupportedOperationException("No KL(p || q) is implemented for p type " + p.getClass().getSimpleName() + " and q type "
                + q.getClass().getSimpleName());
    }

    private static Tensor sameFamily(Distribution p, Distribution q) {
        if (p instanceof Normal a && q instanceof Normal b) return normalNormal(a, b);
        if (p instanceof Bernoulli a && q instanceof Bernoulli b) {
            Tensor t1 = a.probs().mul(Functional.softplus(b.logits().neg()).sub(Functional.softplus(a.logits().neg())));
            t1 = maskAssign(maskAssign(t1, b.probs().eq(0.0), Double.POSITIVE_INFINITY), a.probs().eq(0.0), 0.0);
            Tensor t2 = a.probs().neg().add(1).mul(Functional.softplus(b.logits()).sub(Functional.softplus(a.logits())));
            t2 = maskAssign(maskAssign(t2, b.probs().eq(1.0), Double.POSITIVE_INFINITY), a.probs().eq(1.0), 0.0);
            return t1.add(t2);
        }
        if (p instanceof Categorical a && q instanceof Categorical b) return categoricalCategorical(a, b);
        if (p instanceof OneHotCategorical a && q instanceof OneHotCategorical b) {
            return categoricalCategorical(a.categorical(), b.categorical()); // PyTorch's p._categorical: exact zeros stay zeros
        }
        if (p instanceof Uniform a && q instanceof Uniform b) {
            Tensor r = b.high().sub(b.low()).div(a.high().sub(a.low())).log();
            return maskAssign(r, b.low().gt(a.low()).logicalOr(b.high().lt(a.high())), Double.POSITIVE_INFINITY);
        }
        if (p instanceof Exponential a && q instanceof Exponential b) {
            Tensor ratio = b.rate().div(a.rate());
            return ratio.log().neg().add(ratio).sub(1);
        }
        if (p instanceof Laplace a && q instanceof Laplace b) {
            Tensor scaleRatio = a.scale().div(b.scale()), diff = a.loc().sub(b.loc()).abs();
            return scaleRatio.log().neg().add(diff.div(b.scale())).add(scaleRatio.mul(diff.neg().div(a.scale()).exp())).sub(1);
        }
        // PyTorch asks only for the same number of reinterpreted dims: the bases' divergence broadcasts
        if (p instanceof Independent a && q instanceof Independent b && reinterpreted(a) == reinterpreted(b)) {
            Tensor kl = klDivergence(a.baseDist(), b.baseDist());
            int n = reinterpreted(a);
            if (n == 0) return kl;
            long[] dims = new long[n];
            for (int i = 0; i < n; i++) dims[i] = -1 - i;
            return kl.sum(dims, false);
        }
        if (p instanceof Gamma a && q instanceof Gamma b) {
            Tensor t1 = b.concentration().mul(a.rate().div(b.rate()).log());
            Tensor t2 = lgamma(b.concentration()).sub(lgamma(a.concentration()));
            Tensor t3 = a.concentration().sub(b.concentration()).mul(digamma(a.concentration()));
            Tensor t4 = b.rate().sub(a.rate()).mul(a.concentration().div(a.rate()));
            return t1.add(t2).add(t3).add(t4);
        }
        if (p instanceof Beta a && q instanceof Beta b) {
            Tensor sumP = a.concentration1().add(a.concentration0()), sumQ = b.concentration1().add(b.concentration0());
            Tensor t1 = lgamma(b.concentration1()).add(lgamma(b.concentration0())).add(lgamma(sumP));
            Tensor t2 = lgamma(a.concentration1()).add(lgamma(a.concentration0())).add(lgamma(sumQ));
            Tensor t3 = a.concentration1().sub(b.concentration1()).mul(digamma(a.concentration1()));
            Tensor t4 = a.concentration0().sub(b.concentration0()).mul(digamma(a.concentration0()));
            Tensor t5 = sumQ.sub(sumP).mul(digamma(sumP));
            return t1.sub(t2).add(t3).add(t4).add(t5);
        }
        if (p instanceof Dirichlet a && q instanceof Dirichlet b) {
            Tensor sumP = a.concentration().sum(-1, false), sumQ = b.concentration().sum(-1, false);
            Tensor t1 = lgamma(sumP).sub(lgamma(sumQ));
            Tensor t2 = lgamma(a.concentration()).sub(lgamma(b.concentration())).sum(-1, false);
            Tensor t3 = a.concentration().sub(b.concentration());
            Tensor t4 = digamma(a.concentration()).sub(digamma(sumP).unsqueeze(-1));
            return t1.sub(t2).add(t3.mul(t4).sum(-1, false));
        }
        if (p instanceof Poisson a && q instanceof Poisson b) {
            return a.rate().mul(a.rate().log().sub(b.rate().log())).sub(a.rate().sub(b.rate()));
        }
        if (p instanceof Binomial a && q instanceof Binomial b) {
            if (a.totalCount().lt(b.totalCount()).any().itemBool()) {
                throw new UnsupportedOperationException("KL between Binomials where q.total_count > p.total_count is not implemented");
            }
            Tensor kl = a.totalCount().mul(a.probs().mul(a.logits().sub(b.logits())).add(a.probs().neg().log1p()).sub(b.probs().neg().log1p()));
            return kl.maskedFill(a.totalCount().gt(b.totalCount()), Double.POSITIVE_INFINITY);
        }
        if (p instanceof Geometric a && q instanceof Geometric b) {
            return a.entropy().neg().sub(b.probs().neg().log1p().div(a.probs())).sub(b.logits());
        }
        if (p instanceof Gumbel a && q instanceof Gumbel b) {
            Tensor ct1 = a.scale().div(b.scale()), ct2 = b.loc().div(b.scale()), ct3 = a.loc().div(b.scale());
            Tensor t1 = ct1.log().neg().sub(ct2).add(ct3);
            Tensor t2 = ct1.mul(EULER);
            Tensor t3 = ct2.add(lgamma(ct1.add(1))).sub(ct3).exp();
            return t1.add(t2).add(t3).sub(1 + EULER);
        }
        if (p instanceof HalfNormal a && q instanceof HalfNormal b) return normalNormal(a.baseDist(), b.baseDist());
        if (p instanceof LogNormal a && q instanceof LogNormal b) return normalNormal(a.baseDist(), b.baseDist());
        if (p instanceof Cauchy a && q instanceof Cauchy b) {
            Tensor t1 = a.scale().add(b.scale()).pow(2).add(a.loc().sub(b.loc()).pow(2)).log();
            Tensor t2 = a.scale().mul(4).mul(b.scale()).log();
            return t1.sub(t2);
        }
        return null;
    }

    private static int reinterpreted(Independent d) { return d.eventShape().toArray().length - d.baseDist().eventShape().toArray().length; }

    private static Tensor normalNormal(Normal a, Normal b) {
        Tensor varRatio = a.scale().div(b.scale()).square();
        Tensor t1 = a.loc().sub(b.loc()).div(b.scale()).square();
        return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
    }

    private static Tensor categoricalCategorical(Categorical a, Categorical b) {
        Tensor t = a.probs().mul(a.logits().sub(b.logits()));
        long[] s = t.shapeArray();
        t = t.maskedFill(b.probs().eq(0.0).expand(s), Double.POSITIVE_INFINITY).maskedFill(a.probs().eq(0.0).expand(s), 0.0);
        return t.sum(-1, false);
    }

    /** The pairs of different families with a finite closed form. */
    private static Tensor crossFamily(Distribution p, Distribution q) {
        if (p instanceof Bernoulli a && q instanceof Poisson b) {
            return a.entropy().neg().sub(a.probs().mul(b.rate().log()).sub(b.rate()));
        }
        if (p instanceof Beta a) {
            Tensor c1 = a.concentration1(), c0 = a.concentration0(), total = c1.add(c0);
            if (q instanceof Exponential b) return a.entropy().neg().sub(b.rate().log()).add(b.rate().mul(c1.div(total)));
            if (q instanceof Gamma b) {
                Tensor t2 = lgamma(b.concentration()).sub(b.concentration().mul(b.rate().log()));
                Tensor t3 = b.concentration().sub(1).mul(digamma(c1).sub(digamma(total)));
                Tensor t4 = b.rate().mul(c1).div(total);
                return a.entropy().neg().add(t2).sub(t3).add(t4);
            }
            if (q instanceof Normal b) {
                Tensor mean = c1.div(total), varNormal = b.scale().pow(2);
                Tensor t2 = varNormal.mul(2 * Math.PI).log().mul(0.5);
                Tensor t3 = mean.mul(mean.neg().add(1)).div(total.add(1)).add(mean.pow(2)).mul(0.5);
                Tensor t4 = b.loc().mul(mean), t5 = b.loc().pow(2).mul(0.5);
                return a.entropy().neg().add(t2).add(t3.sub(t4).add(t5).div(varNormal));
            }
            if (q instanceof Uniform b) {
                Tensor r = a.entropy().neg().add(b.high().sub(b.low()).log());
                return maskAssign(r, b.low().gt(0.0).logicalOr(b.high().lt(1.0)), Double.POSITIVE_INFINITY);
            }
        }
        if (p instanceof Exponential a) {
            if (q instanceof Gamma b) {
                Tensor ratio = b.rate().div(a.rate());
                Tensor t1 = b.concentration().neg().mul(ratio.log());
                return t1.add(ratio).add(lgamma(b.concentration())).add(b.concentration().mul(EULER)).sub(1 + EULER);
            }
            if (q instanceof Gumbel b) {
                Tensor prod = a.rate().mul(b.scale()), locScale = b.loc().div(b.scale());
                Tensor t1 = prod.log().sub(1);
                Tensor t2 = locScale.exp().mul(prod).div(prod.add(1));
                return t1.sub(locScale).add(t2).add(prod.reciprocal());
            }
            if (q instanceof Normal b) {
                Tensor varNormal = b.scale().pow(2), rateSq = a.rate().pow(2);
                Tensor t1 = rateSq.mul(varNormal).mul(2 * Math.PI).log().mul(0.5);
                Tensor t2 = rateSq.reciprocal(), t3 = b.loc().div(a.rate()), t4 = b.loc().pow(2).mul(0.5);
                return t1.sub(1).add(t2.sub(t3).add(t4).div(varNormal));
            }
        }
        if (p instanceof Gamma a) {
            Tensor c = a.concentration();
            if (q instanceof Exponential b) return a.entropy().neg().sub(b.rate().log()).add(b.rate().mul(c).div(a.rate()));
            if (q instanceof Gumbel b) {
                Tensor prod = a.rate().mul(b.scale()), locScale = b.loc().div(b.scale());
                Tensor t1 = c.sub(1).mul(digamma(c)).sub(lgamma(c)).sub(c);
                Tensor t2 = prod.log().add(c.div(prod));
                Tensor t3 = locScale.exp().mul(prod.reciprocal().add(1).pow(c.neg())).sub(locScale);
                return t1.add(t2).add(t3);
            }
            if (q instanceof Normal b) {
                Tensor varNormal = b.scale().pow(2), betaSq = a.rate().pow(2);
                Tensor t1 = betaSq.mul(varNormal).mul(2 * Math.PI).log().mul(0.5).sub(c).sub(lgamma(c));
                Tensor t2 = c.pow(2).add(c).mul(0.5).div(betaSq);
                Tensor t3 = b.loc().mul(c).div(a.rate()), t4 = b.loc().pow(2).mul(0.5);
                return t1.add(c.sub(1).mul(digamma(c))).add(t2.sub(t3).add(t4).div(varNormal));
            }
        }
        if (p instanceof Gumbel a && q instanceof Normal b) {
            Tensor ratio = a.scale().div(b.scale());
            Tensor t1 = ratio.div(Math.sqrt(2 * Math.PI)).log();
            Tensor t2 = ratio.mul(Math.PI * 0.5).pow(2).div(3);
            Tensor t3 = a.loc().add(a.scale().mul(EULER)).sub(b.loc()).div(b.scale()).pow(2).mul(0.5);
            return t1.neg().add(t2).add(t3).sub(EULER + 1);
        }
        if (p instanceof Laplace a && q instanceof Normal b) {
            Tensor varNormal = b.scale().pow(2), ratio = a.scale().pow(2).div(varNormal);
            Tensor t1 = ratio.mul(2).div(Math.PI).log().mul(0.5);
            Tensor t2 = a.loc().pow(2).mul(0.5), t3 = a.loc().mul(b.loc()), t4 = b.loc().pow(2).mul(0.5);
            return t1.neg().add(ratio).add(t2.sub(t3).add(t4).div(varNormal)).sub(1);
        }
        if (p instanceof Normal a && q instanceof Gumbel b) {
            Tensor meanScale = a.loc().div(b.scale()), varScale = a.scale().div(b.scale()).pow(2), locScale = b.loc().div(b.scale());
            Tensor t1 = varScale.log().mul(0.5);
            Tensor t2 = meanScale.sub(locScale);
            Tensor t3 = meanScale.neg().add(varScale.mul(0.5)).add(locScale).exp();
            return t1.neg().add(t2).add(t3).sub(0.5 * (1 + Math.log(2 * Math.PI)));
        }
        if (p instanceof Normal a && q instanceof Laplace b) {
            Tensor locDiff = a.loc().sub(b.loc()), scaleRatio = a.scale().div(b.scale()), z = locDiff.div(a.scale());
            Tensor t1 = scaleRatio.log();
            Tensor t2 = a.scale().mul(Math.sqrt(2 / Math.PI)).mul(z.pow(2).mul(-0.5).exp());
            Tensor t3 = locDiff.mul(z.mul(Math.sqrt(0.5)).erf());
            return t1.neg().add(t2.add(t3).div(b.scale())).sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
        }
        if (p instanceof Uniform a) return uniformCross(a, q);
        return null;
    }

    private static Tensor uniformCross(Uniform a, Distribution q) {
        Tensor width = a.high().sub(a.low());
        if (q instanceof Beta b) {
            Tensor t1 = width.log();
            Tensor t2 = b.concentration1().sub(1).mul(xLogX(a.high()).sub(xLogX(a.low())).sub(width)).div(width);
            Tensor t3 = b.concentration0().sub(1).mul(xLogX(a.high().neg().add(1)).sub(xLogX(a.low().neg().add(1))).add(width)).div(width);
            Tensor t4 = lgamma(b.concentration1()).add(lgamma(b.concentration0())).sub(lgamma(b.concentration1().add(b.concentration0())));
            Tensor r = t3.add(t4).sub(t1).sub(t2);
            return maskAssign(r, a.high().gt(1.0).logicalOr(a.low().lt(0.0)), Double.POSITIVE_INFINITY); // kl.py's result[mask] = inf
        }
        if (q instanceof Exponential b) {
            Tensor r = b.rate().mul(a.high().add(a.low())).div(2).sub(width.mul(b.rate()).log());
            return maskAssign(r, a.low().lt(0.0), Double.POSITIVE_INFINITY); // kl.py's result[mask] = inf
        }
        if (q instanceof Gamma b) {
            Tensor t1 = width.log();
            Tensor t2 = lgamma(b.concentration()).sub(b.concentration().mul(b.rate().log()));
            Tensor t3 = b.concentration().neg().add(1).mul(xLogX(a.high()).sub(xLogX(a.low())).sub(width)).div(width);
            Tensor t4 = b.rate().mul(a.high().add(a.low())).div(2);
            Tensor r = t1.neg().add(t2).add(t3).add(t4);
            return maskAssign(r, a.low().lt(0.0), Double.POSITIVE_INFINITY); // kl.py's result[mask] = inf
        }
        if (q instanceof Gumbel b) {
            Tensor common = b.scale().div(width);
            Tensor highDiff = a.high().sub(b.loc()).div(b.scale()), lowDiff = a.low().sub(b.loc()).div(b.scale());
            Tensor t1 = common.log().add(highDiff.add(lowDiff).mul(0.5));
            Tensor t2 = common.mul(highDiff.neg().exp().sub(lowDiff.neg().exp()));
            return t1.sub(t2);
        }
        if (q instanceof Normal b) {
            Tensor t1 = b.scale().mul(Math.sqrt(Math.PI * 2)).div(width).log();
            Tensor t2 = width.pow(2).div(12);
            Tensor t3 = a.high().add(a.low()).sub(b.loc().mul(2)).div(2).pow(2);
            return t1.add(t2.add(t3).mul(0.5).div(b.scale().pow(2)));
        }
        return null;
    }

    /** PyTorch 2.x's {@code _x_log_x}: {@code xlogy(t, t)}, so 0 at 0 (1.x's {@code t * log t} gave NaN there). */
    /**
     * Python's {@code t[mask] = value} as kl.py writes it: the mask indexes t's leading dims, which it must match
     * exactly (PyTorch's IndexError otherwise, as for Bernoulli parameters of different batch shapes).
     */
    static Tensor maskAssign(Tensor t, Tensor mask, double value) {
        long[] ts = t.shapeArray(), ms = mask.shapeArray();
        if (ms.length > ts.length) throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + ts.length);
        for (int i = 0; i < ms.length; i++) {
            if (ms[i] != ts[i]) {
                throw new IndexOutOfBoundsException("The shape of the mask " + pyList(ms) + " at index " + i
                        + " does not match the shape of the indexed tensor " + pyList(ts) + " at index " + i);
            }
        }
        long[] view = java.util.Arrays.copyOf(ms, ts.length);
        java.util.Arrays.fill(view, ms.length, ts.length, 1L);
        return t.maskedFill(mask.reshape(view), value);
    }

    private static String pyList(long[] s) { return java.util.Arrays.toString(s); }

    static Tensor xLogX(Tensor t) { return t.xlogy(t); }

    /** The pairs PyTorch registers as infinite: q gives zero density to part of p's support. Shaped like p's parameter. */
    private static Tensor infinite(Distribution p, Distribution q) {
        boolean qBounded = q instanceof Beta || q instanceof Uniform;
        boolean qNonNegative = q instanceof Exponential || q instanceof Gamma;
        boolean infinite = p instanceof Exponential ? qBounded
                : p instanceof Gamma ? qBounded
                : p instanceof Gumbel || p instanceof Laplace || p instanceof Normal ? qBounded || qNonNegative
                : p instanceof Poisson && (q instanceof Bernoulli || q instanceof Binomial);
        return infinite ? infiniteLike(p) : null;
    }

    /**
     * {@code _infinite_like(param)} for p's parameter that PyTorch's infinite pairs pass (rate, concentration, loc,
     * scale, concentration1 or probs by family), or null for a family none of them has.
     */
    static Tensor infiniteLike(Distribution p) {
        Tensor like = switch (p) {
            case Exponential a -> a.rate();
            case Gamma a -> a.concentration();
            case Gumbel a -> a.loc();
            case Laplace a -> a.loc();
            case Normal a -> a.loc();
            case Poisson a -> a.rate();
            case Pareto a -> a.scale();
            case Beta a -> a.concentration1();
            case ContinuousBernoulli a -> a.probs();
            default -> null;
        };
        return like == null ? null : Torch.fullLike(like, Double.POSITIVE_INFINITY);
    }
}
