package dev.torch4j.distributions;

import dev.torch4j.Tensor;

import java.util.List;

/**
 * {@code torch.distributions.ExponentialFamily}: a family whose density is {@code exp(<t(x), eta> - A(eta) + k(x))},
 * given by its natural parameters eta and log normaliser A. {@link Kl} uses them for PyTorch's generic rule between
 * two distributions of the same such family that have no closed form of their own (a Bregman divergence of A).
 */
public abstract class ExponentialFamily extends Distribution {
    protected ExponentialFamily(long[] batchShape, long[] eventShape) { super(batchShape, eventShape); }

    /** PyTorch's {@code _natural_params}: eta, one tensor per component. */
    protected abstract List<Tensor> naturalParams();

    /** PyTorch's {@code _log_normalizer(*eta)}: A at the given natural parameters (which may be detached copies). */
    protected abstract Tensor logNormalizer(List<Tensor> eta);
}
