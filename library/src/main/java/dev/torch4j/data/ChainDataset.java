package dev.torch4j.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@code torch.utils.data.ChainDataset(datasets)}: iterable datasets read one after another, each started only
 * once the previous one is exhausted.
 */
public final class ChainDataset<T> implements IterableDataset<T> {
    private final List<IterableDataset<? extends T>> datasets;

    /** {@code ChainDataset(datasets)}. */
    public ChainDataset(List<? extends IterableDataset<? extends T>> datasets) { this.datasets = List.copyOf(datasets); }

    /** {@code ChainDataset([d1, d2, ...])}. */
    @SafeVarargs
    public ChainDataset(IterableDataset<? extends T>... datasets) { this(List.of(datasets)); }

    /** The chained datasets, in order. */
    public List<IterableDataset<? extends T>> datasets() { return datasets; }

    /** The sum of the datasets' sizes (each must know its own). */
    @Override
    public long size() {
        long total = 0;
        for (IterableDataset<? extends T> d : datasets) total += d.size();
        return total;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int next;
            private Iterator<? extends T> current;

            @Override
            public boolean hasNext() {
                while (current == null || !current.hasNext()) {
                    if (next == datasets.size()) return false;
                    current = datasets.get(next++).iterator();
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }
}
