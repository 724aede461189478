package dev.torch4j.data;

/**
 * {@code torch.utils.data.Sampler}: what a {@link DataLoader} iterates to know which items to load. Index samplers
 * are {@code Sampler<Long>} ({@link SequentialSampler}, {@link RandomSampler}, {@link SubsetRandomSampler},
 * {@link WeightedRandomSampler}, {@link DistributedSampler}); samplers of whole batches are
 * {@code Sampler<List<Long>>} ({@link BatchSampler}), as PyTorch's {@code Sampler[int]} and
 * {@code Sampler[List[int]]}.
 *
 * <p>Each {@link #iterator()} is one epoch. A sampler needs only {@code iterator()}, so a lambda is one:
 * <pre>{@code
 * Sampler<Long> evensFirst = () -> LongStream.concat(LongStream.range(0, 5).map(i -> 2 * i),
 *                                                    LongStream.range(0, 5).map(i -> 2 * i + 1)).boxed().iterator();
 * new DataLoader<>(dataset, DataLoader.options(4).sampler(evensFirst));
 * }</pre>
 *
 * @param <T> what one step of an epoch yields: an index, or a batch of indices
 */
@FunctionalInterface
public interface Sampler<T> extends Iterable<T> {
    /**
     * {@code len(sampler)}: the number of elements an epoch yields. PyTorch's samplers need not have one, and
     * neither does this interface: by default it throws as {@code len()} of such a sampler does ({@code TypeError}
     * in Python). {@link DataLoader#size()} asks for it.
     *
     * @throws UnsupportedOperationException when the sampler does not know its length
     */
    default long size() { throw new UnsupportedOperationException(Splits.noLen(this)); }
}
