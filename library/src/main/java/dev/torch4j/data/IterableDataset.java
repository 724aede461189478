package dev.torch4j.data;

/**
 * {@code torch.utils.data.IterableDataset}: a dataset read as a stream (records from files, a generator of
 * synthetic data) rather than by index. A {@link DataLoader} takes its items in the order they come and batches
 * them; shuffling and samplers do not apply (the loader rejects them, as PyTorch's does). Implement
 * {@link #iterator()}, and {@link #size()} if the length is known ({@code len(loader)} needs it).
 *
 * <pre>{@code
 * IterableDataset<Long> squares = () -> LongStream.range(0, 100).map(i -> i * i).boxed().iterator();
 * for (Tensor batch : new DataLoader<Tensor>(squares, DataLoader.options(10), Collate::defaultCollate)) ...
 * }</pre>
 *
 * <p>With {@code numWorkers > 0} the items are still read from one iterator, on the thread that iterates the
 * loader; only the collation runs on the workers. (PyTorch gives every worker process its own copy of the dataset,
 * which yields each item once per worker unless the dataset splits itself with {@code get_worker_info()}.)
 */
@FunctionalInterface
public interface IterableDataset<T> extends Dataset<T>, Iterable<T> {
    /** Iterable datasets have no indexing: this throws. */
    @Override
    default T get(long index) {
        throw new UnsupportedOperationException("an IterableDataset is read by iterating it, not by index (no __getitem__)");
    }

    /**
     * {@code len(dataset)}, when the dataset knows it; by default it throws, as {@code len()} of an IterableDataset
     * without {@code __len__} does ({@code TypeError}).
     */
    @Override
    default long size() { throw new UnsupportedOperationException(Splits.noLen(this)); }
}
