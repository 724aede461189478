package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * {@code nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)}: log-softmax
 * of the logits followed by the negative log-likelihood; the target is int64 class indices, or class probabilities
 * shaped like the input. The class weights are a buffer named {@code weight}.
 *
 * <pre>{@code
 * var loss = new CrossEntropyLoss(CrossEntropyLoss.options().labelSmoothing(0.1));
 * Tensor l = loss.call(logits, labels);
 * }</pre>
 */
public class CrossEntropyLoss extends Module {
    /** The keyword arguments of {@code nn.CrossEntropyLoss} / {@code F.cross_entropy}. */
    public record Options(Tensor weight, long ignoreIndex, Reduction reduction, double labelSmoothing) {
        /** Sets {@code weight}. */
        public Options weight(Tensor w) { return new Options(w, ignoreIndex, reduction, labelSmoothing); }

        /** Sets {@code ignore_index}. */
        public Options ignoreIndex(long i) { return new Options(weight, i, reduction, labelSmoothing); }

        /** Sets {@code reduction}. */
        public Options reduction(Reduction r) { return new Options(weight, ignoreIndex, r.checkNotBatchmean(), labelSmoothing); }

        /** Sets {@code label_smoothing}. */
        public Options labelSmoothing(double s) { return new Options(weight, ignoreIndex, reduction, s); }
    }

    /** PyTorch's defaults: no weight, ignore_index=-100, reduction='mean', label_smoothing=0.0. */
    public static Options options() { return new Options(null, -100, Reduction.MEAN, 0.0); }

    /** The {@code ignore_index} argument. */
    public final long ignoreIndex;
    /** The {@code reduction} argument. */
    public final Reduction reduction;
    /** The {@code label_smoothing} argument. */
    public final double labelSmoothing;

    /** {@code nn.CrossEntropyLoss()} with PyTorch's defaults. */
    public CrossEntropyLoss() { this(options()); }

    /** {@code nn.CrossEntropyLoss(**options)}, as built by {@link #options()}. */
    public CrossEntropyLoss(Options o) {
        registerBuffer("weight", o.weight());
        this.ignoreIndex = o.ignoreIndex();
        this.reduction = o.reduction();
        this.labelSmoothing = o.labelSmoothing();
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Functional.crossEntropy(input, target, new Options(buffer("weight"), ignoreIndex, reduction, labelSmoothing));
    }
}
