package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;

import java.util.Arrays;

/**
 * {@code torch.distributions.MixtureSameFamily(mixture_distribution, component_distribution)}: a mixture whose k
 * components are the last batch dim of one distribution, weighted by a {@link Categorical} over k. Sampling draws
 * the mixture's choice then every component (as PyTorch, so the same seed gives the same values) and gathers;
 * log_prob is the log-sum-exp of the components' log-probabilities plus the log weights; mean and variance by the
 * laws of total expectation and variance; cdf where the components have one.
 */
public class MixtureSameFamily extends Distribution {
    private final Categorical mixture;
    private final Distribution component;
    private final int eventDims;

    /** {@code MixtureSameFamily(mixture_distribution, component_distribution)}, with PyTorch's shape checks. */
    public MixtureSameFamily(Categorical mixture, Distribution component) {
        super(batchOf(mixture, component), component.eventShape().toArray());
        this.mixture = mixture;
        this.component = component;
        this.eventDims = component.eventShape().toArray().length;
    }

    private static long[] batchOf(Categorical mixture, Distribution component) {
        long[] mdbs = mixture.batchShape().toArray(), cb = component.batchShape().toArray();
        long[] cdbs = Arrays.copyOf(cb, Math.max(0, cb.length - 1));
        for (int i = 1; i <= Math.min(mdbs.length, cdbs.length); i++) {
            long a = mdbs[mdbs.length - i], b = cdbs[cdbs.length - i];
            if (a != 1 && b != 1 && a != b) {
                throw new IllegalArgumentException("`mixture_distribution.batch_shape` (" + mixture.batchShape()
                        + ") is not compatible with `component_distribution.batch_shape`(" + dev.torch4j.Size.of(cdbs) + ")");
            }
        }
        long km = mixture.logits().size(-1), kc = cb.length == 0 ? -1 : cb[cb.length - 1];
        if (km != kc) {
            throw new IllegalArgumentException("`mixture_distribution component` (" + km + ") does not equal "
                    + "`component_distribution.batch_shape[-1]` (" + kc + ")");
        }
        return cdbs;
    }

    /** The Categorical over the components. */
    public Categorical mixtureDistribution() { return mixture; }

    /** The components (their last batch dim indexes the component). */
    public Distribution componentDistribution() { return component; }

    @Override
    protected Object[] reprParams() { return new Object[0]; }

    /** PyTorch's repr: the two distributions on their own lines (the Categorical's logits read by the checks). */
    @Override
    public String toString() { return "MixtureSameFamily(\n  " + mixture.reprWithLogits() + ",\n  " + component + ")"; }

    private Tensor pad(Tensor x) { return x.unsqueeze(-1 - eventDims); }

    /** The mixture's probabilities shaped to broadcast against the components' batch and event dims. */
    private Tensor padMixture(Tensor x) {
        int distBatch = batchShape().toArray().length, catBatch = mixture.batchShape().toArray().length;
        int padDims = catBatch == 1 ? 0 : distBatch - catBatch;
        long[] xs = x.shapeArray(), s = new long[xs.length + padDims + eventDims];
        System.arraycopy(xs, 0, s, 0, xs.length - 1);
        Arrays.fill(s, xs.length - 1, xs.length - 1 + padDims, 1);
        s[xs.length - 1 + padDims] = xs[xs.length - 1];
        Arrays.fill(s, xs.length + padDims, s.length, 1);
        return x.reshape(s);
    }

    @Override
    public Tensor mean() { return padMixture(mixture.probs()).mul(component.mean()).sum(-1 - eventDims, false); }

    @Override
    public Tensor variance() {
        Tensor probs = padMixture(mixture.probs());
        Tensor meanCondVar = probs.mul(component.variance()).sum(-1 - eventDims, false);
        Tensor varCondMean = probs.mul(component.mean().sub(pad(mean())).pow(2.0)).sum(-1 - eventDims, false);
        return meanCondVar.add(varCondMean);
    }

    @Override
    public Tensor cdf(Tensor x) { return component.cdf(pad(x)).mul(mixture.probs()).sum(-1, false); }

    @Override
    public Tensor logProb(Tensor x) {
        validateSample(x);
        Tensor logProbX = component.logProb(pad(x));
        return logProbX.add(mixture.logits().logSoftmax(-1)).logsumexp(-1, false);
    }

    @Override
    public Tensor sample(long... sampleShape) {
        try (var g = GradMode.noGrad()) {
            int gatherDim = sampleShape.length + batchShape().toArray().length;
            long[] es = eventShape().toArray();
            Tensor mix = mixture.sample(sampleShape);
            Tensor comp = component.sample(sampleShape);
            long[] ms = mix.shapeArray(), r = Arrays.copyOf(ms, ms.length + es.length + 1), rep = new long[r.length];
            Arrays.fill(r, ms.length, r.length, 1);
            Arrays.fill(rep, 1);
            System.arraycopy(es, 0, rep, ms.length + 1, es.length);
            Tensor index = mix.reshape(r).repeat(rep);
            return comp.gather(gatherDim, index).squeeze(gatherDim);
        }
    }

    /** PyTorch defines no entropy for a mixture. */
    @Override
    public Tensor entropy() { throw new UnsupportedOperationException("MixtureSameFamily does not implement entropy"); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public MixtureSameFamily expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new MixtureSameFamily(mixture.expand(b), component.expand(with(b, mixture.probs().size(-1)))));
    }

    /** {@code support}. */
    @Override
    public Constraint support() { return component.support(); }
}
