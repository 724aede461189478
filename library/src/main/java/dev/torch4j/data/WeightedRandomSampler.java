package dev.torch4j.data;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Iterator;
import java.util.StringJoiner;

/**
 * {@code torch.utils.data.WeightedRandomSampler(weights, num_samples, replacement, generator)}: indices
 * {@code 0 .. len(weights) - 1} drawn with probabilities proportional to the weights, one
 * {@code torch.multinomial(weights, num_samples, replacement, generator=generator)} per epoch (drawn when the epoch
 * starts; float64 weights). The draws are PyTorch 2.x's after the same seed, which for a single sample with
 * replacement differ from 1.13's (see {@link Torch#multinomial(Tensor, long, boolean, Generator)}).
 *
 * <pre>{@code
 * // oversample the rare class: each item weighted by 1 / (its class's count)
 * var sampler = new WeightedRandomSampler(itemWeights, itemWeights.length);
 * var loader = new DataLoader<>(dataset, DataLoader.options(64).sampler(sampler));
 * }</pre>
 */
public final class WeightedRandomSampler implements Sampler<Long> {
    private final Tensor weights;
    private final long numSamples;
    private final boolean replacement;
    private final Generator generator;

    /** {@code WeightedRandomSampler(weights, num_samples)}: with replacement, from the default generator. */
    public WeightedRandomSampler(double[] weights, long numSamples) { this(weights, numSamples, true, null); }

    /** {@code WeightedRandomSampler(weights, num_samples, replacement, generator)}; a null generator: the default one. */
    public WeightedRandomSampler(double[] weights, long numSamples, boolean replacement, Generator generator) {
        this(Torch.fromArray(weights.clone()), numSamples, replacement, generator);
    }

    /**
     * {@code WeightedRandomSampler(weights, num_samples, replacement, generator)} with the weights as a 1-D tensor
     * (converted to float64, as {@code torch.as_tensor(weights, dtype=torch.double)}).
     *
     * @throws IllegalArgumentException when {@code numSamples <= 0} or the weights are not 1-D
     */
    public WeightedRandomSampler(Tensor weights, long numSamples, boolean replacement, Generator generator) {
        if (numSamples <= 0) {
            throw new IllegalArgumentException("num_samples should be a positive integer value, but got num_samples=" + numSamples);
        }
        if (weights.dim() != 1) {
            StringJoiner shape = new StringJoiner(", ", "(", ")"); // a Python tuple (never of one element here)
            for (long d : weights.shapeArray()) shape.add(Long.toString(d));
            throw new IllegalArgumentException("weights should be a 1d sequence but given weights have shape " + shape);
        }
        this.weights = weights.to(DType.FLOAT64);
        this.numSamples = numSamples;
        this.replacement = replacement;
        this.generator = generator;
    }

    /** The weights, as a float64 tensor. */
    public Tensor weights() { return weights; }

    /** {@code num_samples}. */
    public long numSamples() { return numSamples; }

    /** Whether indices are drawn with replacement. */
    public boolean replacement() { return replacement; }

    /** The generator given, or null for the default one. */
    public Generator generator() { return generator; }

    @Override
    public long size() { return numSamples; }

    @Override
    public Iterator<Long> iterator() {
        return new ChunkedIndices() {
            @Override
            long[] chunk(long k) {
                return k > 0 ? null : Torch.multinomial(weights, numSamples, replacement, generator).toLongArray();
            }
        };
    }
}
