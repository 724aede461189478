package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')} over log-probabilities and int64 class
 * indices; {@code forward(input, target)}. The class weights are a buffer named {@code weight}.
 */
public class NLLLoss extends Module {
    /** The keyword arguments of {@code nn.NLLLoss} / {@code F.nll_loss}. */
    public record Options(Tensor weight, long ignoreIndex, Reduction reduction) {
        /** Sets {@code weight}. */
        public Options weight(Tensor w) { return new Options(w, ignoreIndex, reduction); }

        /** Sets {@code ignore_index}. */
        public Options ignoreIndex(long i) { return new Options(weight, i, reduction); }

        /** Sets {@code reduction}. */
        public Options reduction(Reduction r) { return new Options(weight, ignoreIndex, r.checkNotBatchmean()); }
    }

    /** PyTorch's defaults: no weight, ignore_index=-100, reduction='mean'. */
    public static Options options() { return new Options(null, -100, Reduction.MEAN); }

    /** The {@code ignore_index} argument. */
    public final long ignoreIndex;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.NLLLoss()} with PyTorch's defaults. */
    public NLLLoss() { this(options()); }

    /** {@code nn.NLLLoss(**options)}, as built by {@link #options()}. */
    public NLLLoss(Options o) {
        registerBuffer("weight", o.weight());
        this.ignoreIndex = o.ignoreIndex();
        this.reduction = o.reduction();
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.nllLoss(input, target, new Options(buffer("weight"), ignoreIndex, reduction));
    }
}
