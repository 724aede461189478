package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.Autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's last-resort KL rule for two {@link ExponentialFamily} distributions ({@code _kl_expfamily_expfamily}):
 * for the same family, the Bregman divergence of the log normaliser A between the natural parameters,
 * {@code A(eta_q) - A(eta_p) - sum_i <eta_q,i - eta_p,i, dA/deta_p,i>}; for different families, PyTorch's error.
 * Reached only by pairs without a closed form of their own (among PyTorch's families, {@link Wishart} with itself).
 *
 * <p>Note: PyTorch's quirks are kept. It differentiates A at detached copies of p's natural parameters, so no gradient
 * reaches p's own parameters (only q's). It sums each term over the rightmost {@code len(q.event_shape)} dims of the
 * term, whatever the term's own shape: a Wishart's df term has only batch dims, so with a matrix event (2 dims) it is
 * summed over up to two batch dims, and each element of a batch subtracts the whole batch's df terms. Like PyTorch's
 * {@code torch.autograd.grad}, it needs gradient recording on (it fails under no_grad).
 */
final class KlExponentialFamily {
    private KlExponentialFamily() {}

    static Tensor bregman(ExponentialFamily p, ExponentialFamily q) {
        if (p.getClass() != q.getClass()) {
            throw new UnsupportedOperationException("The cross KL-divergence between different exponential families cannot"
                    + " ".repeat(29) + "be computed using Bregman divergences");
        }
        List<Tensor> pEta = new ArrayList<>();
        for (Tensor t : p.naturalParams()) pEta.add(t.detach().requiresGrad_(true));
        List<Tensor> qEta = q.naturalParams();
        Tensor logNormP = p.logNormalizer(pEta);
        // PyTorch asks create_graph=True (which keeps the graph of A(eta_p), still needed below); the gradient is a
        // constant for q's parameters and p's get none, so retaining the graph without recording the gradient's own
        // gives the same values and the same gradients at every parameter
        Tensor[] g = Autograd.get().grad(new Tensor[] {logNormP.sum()}, pEta.toArray(new Tensor[0]), null, true, false, false);
        Tensor result = q.logNormalizer(qEta).sub(logNormP);
        int eventDims = q.eventShape().toArray().length;
        for (int i = 0; i < pEta.size(); i++) result = result.sub(Transform.sumRightmost(qEta.get(i).sub(pEta.get(i)).mul(g[i]), eventDims));
        return result;
    }
}
