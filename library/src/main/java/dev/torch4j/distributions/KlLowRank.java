package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;

/**
 * The KL divergences PyTorch registers between {@link LowRankMultivariateNormal} and itself or
 * {@link MultivariateNormal} (both ways), and between two MultivariateNormals: half of
 * {@code log det S_q - log det S_p + tr(S_q^-1 S_p) + (mu_q - mu_p)^T S_q^-1 (mu_q - mu_p) - n}, with PyTorch's
 * expansions of the trace through Woodbury (no n x n inverse of a low-rank covariance is formed).
 */
final class KlLowRank {
    private KlLowRank() {}

    /** PyTorch's message; the run of spaces is the indentation its source line continuation keeps inside the string. */
    private static String shapeMessage(String which) {
        return "KL-divergence between two " + which + " with" + " ".repeat(26) + "different event shapes cannot be computed";
    }

    /** {@code KL(p || q)} for the (low-rank) multivariate normal pairs, else null. */
    static Tensor pair(Distribution p, Distribution q) {
        boolean pLow = p instanceof LowRankMultivariateNormal, qLow = q instanceof LowRankMultivariateNormal;
        boolean pFull = p instanceof MultivariateNormal, qFull = q instanceof MultivariateNormal;
        if (!(pLow || pFull) || !(qLow || qFull)) return null;
        if (!p.eventShape().equals(q.eventShape())) {
            throw new IllegalArgumentException(shapeMessage(pLow && qLow ? "Low Rank Multivariate Normals"
                    : pFull && qFull ? "Multivariate Normals" : "(Low Rank) Multivariate Normals"));
        }
        long n = p.eventShape().toArray()[0];
        if (pFull && qFull) return fullFull((MultivariateNormal) p, (MultivariateNormal) q, n);
        if (pLow && qFull) return lowFull((LowRankMultivariateNormal) p, (MultivariateNormal) q, n);
        LowRankMultivariateNormal b = (LowRankMultivariateNormal) q;
        Tensor qW = b.unbroadcastedCovFactor(), qD = b.unbroadcastedCovDiag(), qC = b.capacitanceTril();
        Tensor term3 = LowRankMultivariateNormal.mahalanobis(qW, qD, b.loc().sub(p.mean()), qC);
        // inv(S_q) = inv(qD) - A^T A with A = qC^-1 qW^T inv(qD)
        Tensor a = Torch.linalg().solveTriangular(qC, qW.mT().div(qD.unsqueeze(-2)), false);
        Tensor term1, term2;
        if (p instanceof LowRankMultivariateNormal lp) {
            Tensor pW = lp.unbroadcastedCovFactor(), pD = lp.unbroadcastedCovDiag();
            term1 = b.logDet().sub(lp.logDet());
            Tensor term21 = pD.div(qD).sum(-1, false);
            Tensor term22 = traceXXT(pW.mul(qD.rsqrt().unsqueeze(-1)));
            Tensor term23 = traceXXT(a.mul(pD.sqrt().unsqueeze(-2)));
            Tensor term24 = traceXXT(a.matmul(pW));
            term2 = term21.add(term22).sub(term23).sub(term24);
        } else {
            Tensor pL = ((MultivariateNormal) p).unbroadcastedScaleTril();
            term1 = b.logDet().sub(logDiagSum(pL).mul(2.0));
            term2 = traceXXT(pL.mul(qD.rsqrt().unsqueeze(-1))).sub(traceXXT(a.matmul(pL)));
        }
        return term1.add(term2).add(term3).sub(n).mul(0.5);
    }

    private static Tensor fullFull(MultivariateNormal a, MultivariateNormal b, long n) {
        Tensor halfTerm1 = logDiagSum(b.unbroadcastedScaleTril()).sub(logDiagSum(a.unbroadcastedScaleTril()));
        long[] batch = Distribution.broadcastShape("kl", a.unbroadcastedScaleTril(), b.unbroadcastedScaleTril());
        Tensor term2 = traceXXT(Torch.linalg().solveTriangular(b.unbroadcastedScaleTril().expand(batch), a.unbroadcastedScaleTril().expand(batch), false));
        Tensor term3 = MultivariateNormal.mahalanobis(b.unbroadcastedScaleTril(), b.loc().sub(a.loc()));
        return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
    }

    private static Tensor lowFull(LowRankMultivariateNormal a, MultivariateNormal b, long n) {
        Tensor qL = b.unbroadcastedScaleTril(), pW = a.unbroadcastedCovFactor();
        Tensor term1 = logDiagSum(qL).mul(2.0).sub(a.logDet());
        Tensor term3 = MultivariateNormal.mahalanobis(qL, b.loc().sub(a.loc()));
        // PyTorch's combined batch: q's scale_tril with p's cov_factor (not its cov_diag)
        long[] batch = dev.torch4j.core.Shapes.broadcast("kl", Arrays.copyOf(qL.shapeArray(), qL.dim() - 2),
                Arrays.copyOf(pW.shapeArray(), pW.dim() - 2));
        Tensor qLb = qL.expand(withTail(batch, n, n));
        Tensor pWb = pW.expand(withTail(batch, n, pW.size(-1)));
        Tensor pDb = a.unbroadcastedCovDiag().sqrt().diagEmbed(0, -2, -1).expand(withTail(batch, n, n));
        Tensor term21 = traceXXT(Torch.linalg().solveTriangular(qLb, pWb, false));
        Tensor term22 = traceXXT(Torch.linalg().solveTriangular(qLb, pDb, false));
        return term1.add(term21.add(term22)).add(term3).sub(n).mul(0.5);
    }

    /** {@code sum(log(diag(L)))}: half the log determinant of {@code L L^T}. */
    private static Tensor logDiagSum(Tensor l) { return l.diagonal(0, -2, -1).log().sum(-1, false); }

    /** PyTorch's {@code _batch_trace_XXT}: {@code tr(X X^T)}, the sum of squares over the last two dims. */
    private static Tensor traceXXT(Tensor x) { return x.pow(2).sum(new long[] {-2, -1}, false); }

    private static long[] withTail(long[] batch, long a, long b) {
        long[] r = Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = a;
        r[batch.length + 1] = b;
        return r;
    }
}
