package dev.torch4j.data;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Torch;

import java.util.Iterator;

/**
 * {@code torch.utils.data.SubsetRandomSampler(indices, generator)}: the given indices in a random order, one
 * {@code torch.randperm(len(indices), generator=generator)} per epoch (drawn when the epoch starts), from the
 * default generator itself when none is given (no seed is drawn first, unlike {@link RandomSampler}).
 *
 * <pre>{@code
 * var train = new DataLoader<>(all, DataLoader.options(32).sampler(new SubsetRandomSampler(trainIndices)));
 * }</pre>
 */
public final class SubsetRandomSampler implements Sampler<Long> {
    private final long[] indices;
    private final Generator generator;

    /** {@code SubsetRandomSampler(indices)}: permutations drawn from the default generator. */
    public SubsetRandomSampler(long[] indices) { this(indices, null); }

    /** {@code SubsetRandomSampler(indices, generator)}; a null generator means the default one. */
    public SubsetRandomSampler(long[] indices, Generator generator) {
        this.indices = indices.clone();
        this.generator = generator;
    }

    /** The indices sampled from. */
    public long[] indices() { return indices.clone(); }

    /** The generator given, or null for the default one. */
    public Generator generator() { return generator; }

    @Override
    public long size() { return indices.length; }

    @Override
    public Iterator<Long> iterator() {
        return new ChunkedIndices() {
            @Override
            long[] chunk(long k) {
                if (k > 0) return null;
                long[] perm = Torch.randperm(indices.length, Torch.dtype(DType.INT64), generator).toLongArray();
                for (int i = 0; i < perm.length; i++) perm[i] = indices[(int) perm[i]];
                return perm;
            }
        };
    }
}
