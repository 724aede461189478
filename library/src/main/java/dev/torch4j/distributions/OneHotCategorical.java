package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;

/**
 * {@code torch.distributions.OneHotCategorical(probs=, logits=)}: a {@link Categorical} whose samples are one-hot
 * vectors of length K (the event shape); its draws are the categorical's, one-hot encoded.
 */
public class OneHotCategorical extends Distribution {
    private final Categorical categorical;

    /** The categorical distribution of the hot index. */
    Categorical categorical() { return categorical; }

    OneHotCategorical(Categorical categorical) {
        super(categorical.batchShape().toArray(), new long[] {categorical.probs().size(-1)});
        this.categorical = categorical;
    }

    /** {@code OneHotCategorical(probs=probs)}: non-negative, normalised along the last dim. */
    public static OneHotCategorical ofProbs(Tensor probs) { return new OneHotCategorical(Categorical.ofProbs(probs)); }

    /** {@code OneHotCategorical(logits=logits)}: unnormalised log-probabilities. */
    public static OneHotCategorical ofLogits(Tensor logits) { return new OneHotCategorical(Categorical.ofLogits(logits)); }

    /** {@code OneHotCategorical(probs)}. */
    public OneHotCategorical(Tensor probs) { this(Categorical.ofProbs(probs)); }

    /** PyTorch's repr shows no parameter: probs and logits are properties there. */
    @Override
    protected Object[] reprParams() { return new Object[0]; }

    /** The normalised probabilities. */
    public Tensor probs() { return categorical.probs(); }

    /** The normalised log-probabilities. */
    public Tensor logits() { return categorical.logits(); }

    @Override
    public Tensor sample(long... sampleShape) {
        Tensor indices = categorical.sample(sampleShape);
        return Functional.oneHot(indices, categorical.probs().size(-1)).to(probs().dtype());
    }

    @Override
    public Tensor logProb(Tensor value) {
        // PyTorch's OneHot(): every entry 0 or 1, and exactly one 1
        Tensor ok = value.eq(0.0).logicalOr(value.eq(1.0)).all(-1).logicalAnd(value.sum(-1, false).eq(1.0));
        checkValue(value, () -> ok, "OneHot()");
        return categorical.logProb(value.argmax(-1));
    }

    @Override
    public Tensor entropy() { return categorical.entropy(); }

    @Override
    public Tensor mean() { return probs(); }

    /** The one-hot vector of the most likely category. */
    @Override
    public Tensor mode() { return Functional.oneHot(probs().argmax(-1), probs().size(-1)).to(probs().dtype()); }

    @Override
    public Tensor variance() { return probs().mul(probs().neg().add(1)); }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public OneHotCategorical expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new OneHotCategorical(categorical.expand(b)));
    }

    @Override
    public boolean hasEnumerateSupport() { return true; }

    /** {@code enumerate_support(expand)}. */
    @Override
    public Tensor enumerateSupport(boolean expand) { return enumerated(dev.torch4j.Torch.eye(eventShape().toArray()[0], eventShape().toArray()[0], dev.torch4j.Torch.dtype(probs().dtype()).device(probs().device())), batchShape().toArray(), eventShape().toArray(), expand); }

    /** {@code support}. */
    @Override
    public Constraint support() { return Constraint.ONE_HOT; }
}
