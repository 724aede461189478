package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.List;

import static dev.torch4j.ops.SpecialOps.lgamma;

/**
 * The KL divergences PyTorch registers for the {@link TransformedDistribution} families. With {@link Pareto} on either side: closed forms for Pareto against Pareto,
 * Exponential, Gamma and Normal and for Uniform against Pareto (infinite where the moments they need diverge or q's
 * support misses part of p's), and the pairs that are infinite throughout; and the rule for two
 * TransformedDistributions.
 */
final class KlTransformed {
    private KlTransformed() {}

    /** {@code KL(p || q)} when one side is a Pareto and PyTorch has the pair, else null. */
    static Tensor paretoPair(Distribution p, Distribution q) {
        if (q instanceof Pareto b) {
            if (p instanceof Pareto a) {
                Tensor alphaRatio = b.alpha().div(a.alpha());
                Tensor r = b.alpha().mul(a.scale().div(b.scale()).log()).add(alphaRatio.log().neg()).add(alphaRatio).sub(1);
                return Kl.maskAssign(r, a.scale().lt(b.scale()), Double.POSITIVE_INFINITY); // kl.py's result[mask] = inf
            }
            if (p instanceof Uniform a) {
                Tensor width = a.high().sub(a.low());
                Tensor t1 = b.alpha().mul(b.scale().pow(b.alpha())).mul(width).log();
                Tensor t2 = Kl.xLogX(a.high()).sub(Kl.xLogX(a.low())).sub(width).div(width);
                return Kl.maskAssign(t2.mul(b.alpha().add(1)).sub(t1), a.low().lt(b.scale()), Double.POSITIVE_INFINITY);
            }
            boolean infinite = p instanceof Beta || p instanceof Exponential || p instanceof Gamma || p instanceof Gumbel
                    || p instanceof Laplace || p instanceof Normal;
            return infinite ? Kl.infiniteLike(p) : null;
        }
        if (!(p instanceof Pareto a)) return null;
        if (q instanceof Beta || q instanceof Uniform) return Kl.infiniteLike(a);
        Tensor alpha = a.alpha(), scale = a.scale();
        if (q instanceof Exponential b) {
            Tensor prod = scale.mul(b.rate());
            Tensor r = alpha.div(prod).log().sub(alpha.reciprocal()).add(alpha.mul(prod).div(alpha.sub(1))).sub(1);
            return Kl.maskAssign(r, alpha.le(1.0), Double.POSITIVE_INFINITY);
        }
        if (q instanceof Gamma b) {
            Tensor common = scale.log().add(alpha.reciprocal());
            Tensor t1 = alpha.log().sub(common);
            Tensor t2 = lgamma(b.concentration()).sub(b.concentration().mul(b.rate().log()));
            Tensor t3 = b.concentration().neg().add(1).mul(common);
            Tensor t4 = b.rate().mul(alpha).mul(scale).div(alpha.sub(1));
            return Kl.maskAssign(t1.add(t2).add(t3).add(t4).sub(1), alpha.le(1.0), Double.POSITIVE_INFINITY);
        }
        if (q instanceof Normal b) {
            Tensor varNormal = b.scale().pow(2).mul(2), common = scale.div(alpha.sub(1));
            Tensor t1 = b.scale().mul(Math.sqrt(2 * Math.PI)).mul(alpha).div(scale).log();
            Tensor t3 = alpha.mul(common.pow(2)).div(alpha.sub(2));
            Tensor t4 = alpha.mul(common).sub(b.loc()).pow(2);
            Tensor r = t1.sub(alpha.reciprocal()).add(t3.add(t4).div(varNormal)).sub(1);
            return Kl.maskAssign(r, alpha.le(2.0), Double.POSITIVE_INFINITY);
        }
        return null;
    }

    /**
     * PyTorch's rule for two TransformedDistributions with no closer pair: the divergence of the bases when the
     * transforms are equal (a bijection leaves KL unchanged) and the event shapes agree; otherwise none.
     */
    static Tensor transformed(Distribution p, Distribution q) {
        Distribution pb = base(p), qb = base(q);
        if (pb == null || qb == null) return null;
        List<Transform> a = transforms(p), b = transforms(q);
        boolean same = a.size() == b.size() && p.eventShape().equals(q.eventShape());
        for (int i = 0; same && i < a.size(); i++) same = a.get(i).sameAs(b.get(i));
        if (!same) {
            throw new UnsupportedOperationException("No KL(p || q) is implemented for p type " + p.getClass().getSimpleName() + " and q type "
                    + q.getClass().getSimpleName() + " with different transforms or event shapes");
        }
        return Kl.klDivergence(pb, qb);
    }

    /**
     * The base distribution of a family that is a TransformedDistribution in PyTorch (torch4j's HalfNormal, LogNormal
     * and Gumbel compute directly), or null for the others.
     */
    private static Distribution base(Distribution d) {
        return switch (d) {
            case TransformedDistribution t -> t.baseDist();
            case HalfNormal h -> h.baseDist();
            case LogNormal l -> l.baseDist();
            case Gumbel g -> g.uniformBase();
            default -> null;
        };
    }

    /** The transforms of such a family, as PyTorch builds them. */
    private static List<Transform> transforms(Distribution d) {
        return switch (d) {
            case TransformedDistribution t -> t.transforms();
            case HalfNormal h -> List.of(new AbsTransform());
            case LogNormal l -> List.of(new ExpTransform());
            case Gumbel g -> List.of(new ExpTransform().inv(), new AffineTransform(0.0, -1.0), new ExpTransform().inv(),
                    new AffineTransform(g.loc(), g.scale().neg()));
            default -> List.of();
        };
    }
}
