package dev.torch4j.data;

/**
 * {@code torch.utils.data.Dataset}: a map-style dataset, items by index ({@code __getitem__}) and a size
 * ({@code __len__}). Implement it for your data, or use {@link TensorDataset}; {@link ConcatDataset} joins datasets,
 * {@link Subset} picks items, and data read as a stream is an {@link IterableDataset}.
 *
 * <pre>{@code
 * Dataset<Example> ds = new TensorDataset(features, labels);
 * Example first = ds.get(0);   // first.input(), first.target()
 * }</pre>
 */
public interface Dataset<T> {
    /** The item at {@code index} (0 <= index < size()). */
    T get(long index);

    /** The number of items. */
    long size();

    /**
     * {@code random_split(dataset, lengths)}: non-overlapping random subsets of the given lengths, or of the given
     * fractions of the size (floored, with the remainder spread one by one from the first split), drawn with a
     * permutation from the default generator.
     */
    static <T> java.util.List<Subset<T>> randomSplit(Dataset<T> dataset, double... lengths) {
        return randomSplit(dataset, lengths, null);
    }

    /** {@code random_split(dataset, lengths, generator)}; a null generator means the default one. */
    static <T> java.util.List<Subset<T>> randomSplit(Dataset<T> dataset, double[] lengths, dev.torch4j.Generator generator) {
        return Splits.randomSplit(dataset, lengths, generator);
    }
}
