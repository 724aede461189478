package dev.torch4j.data;

import java.util.List;

/**
 * {@code torch.utils.data.ConcatDataset(datasets)}: map-style datasets one after another, indexed as a whole.
 * Index {@code i} falls in the first dataset whose cumulative size exceeds it; negative indices count from the end,
 * as in Python.
 *
 * <pre>{@code
 * var all = new ConcatDataset<>(trainSet, extraSet);   // all.get(trainSet.size()) == extraSet.get(0)
 * }</pre>
 */
public final class ConcatDataset<T> implements Dataset<T> {
    private final List<Dataset<? extends T>> datasets;
    private final long[] cumulativeSizes;

    /**
     * {@code ConcatDataset(datasets)}; the sizes are read once, here.
     *
     * @throws IllegalArgumentException when there are no datasets or one is an {@link IterableDataset}
     */
    public ConcatDataset(List<? extends Dataset<? extends T>> datasets) {
        this.datasets = List.copyOf(datasets);
        if (this.datasets.isEmpty()) throw new IllegalArgumentException("datasets should not be an empty iterable");
        for (Dataset<?> d : this.datasets) {
            if (d instanceof IterableDataset<?>) throw new IllegalArgumentException("ConcatDataset does not support IterableDataset");
        }
        cumulativeSizes = new long[this.datasets.size()];
        long sum = 0;
        for (int i = 0; i < cumulativeSizes.length; i++) cumulativeSizes[i] = sum += this.datasets.get(i).size();
    }

    /** {@code ConcatDataset([d1, d2, ...])}. */
    @SafeVarargs
    public ConcatDataset(Dataset<? extends T>... datasets) { this(List.of(datasets)); }

    /** The datasets, in order. */
    public List<Dataset<? extends T>> datasets() { return datasets; }

    /** {@code cumulative_sizes}: entry {@code i} is the total size of datasets {@code 0..i}. */
    public long[] cumulativeSizes() { return cumulativeSizes.clone(); }

    @Override
    public long size() { return cumulativeSizes[cumulativeSizes.length - 1]; }

    /**
     * The item at {@code index}; {@code -size() <= index < 0} counts from the end.
     *
     * @throws IllegalArgumentException  when {@code index < -size()} (PyTorch's ValueError)
     * @throws IndexOutOfBoundsException when {@code index >= size()} (PyTorch's IndexError)
     */
    @Override
    public T get(long index) {
        long n = size();
        if (index < 0) {
            if (index < -n) throw new IllegalArgumentException("absolute value of index should not exceed dataset length");
            index += n;
        }
        int d = bisectRight(index);
        if (d == datasets.size()) throw new IndexOutOfBoundsException("list index out of range");
        return datasets.get(d).get(d == 0 ? index : index - cumulativeSizes[d - 1]);
    }

    /** Python's bisect_right: the first position whose cumulative size exceeds {@code index} (empty datasets skipped). */
    private int bisectRight(long index) {
        int lo = 0, hi = cumulativeSizes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (index < cumulativeSizes[mid]) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
