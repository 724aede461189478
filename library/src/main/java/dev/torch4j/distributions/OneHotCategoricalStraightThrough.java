package dev.torch4j.distributions;

import dev.torch4j.Tensor;

/**
 * {@code torch.distributions.OneHotCategoricalStraightThrough(probs=, logits=)}: a {@link OneHotCategorical} whose
 * {@link #rsample} is the straight-through estimator: the one-hot sample in the forward pass, the probabilities'
 * gradient in the backward pass ({@code sample + probs - probs.detach()}).
 */
public class OneHotCategoricalStraightThrough extends OneHotCategorical {
    private OneHotCategoricalStraightThrough(Categorical categorical) { super(categorical); }

    /** {@code OneHotCategoricalStraightThrough(probs=probs)}. */
    public static OneHotCategoricalStraightThrough ofProbs(Tensor probs) { return new OneHotCategoricalStraightThrough(Categorical.ofProbs(probs)); }

    /** {@code OneHotCategoricalStraightThrough(logits=logits)}. */
    public static OneHotCategoricalStraightThrough ofLogits(Tensor logits) {
        return new OneHotCategoricalStraightThrough(Categorical.ofLogits(logits));
    }

    @Override
    public boolean hasRsample() { return true; }

    /** The sample, carrying the probabilities' gradient. */
    @Override
    public Tensor rsample(long... sampleShape) {
        Tensor samples = sample(sampleShape);
        Tensor probs = probs();
        return samples.add(probs.sub(probs.detach()));
    }

    /** {@code expand(batch_shape)}: the parameters expanded to the new batch shape. */
    @Override
    public OneHotCategoricalStraightThrough expand(long... batchShape) {
        long[] b = batchShape.clone();
        return expanded(() -> new OneHotCategoricalStraightThrough(categorical().expand(b)));
    }
}
