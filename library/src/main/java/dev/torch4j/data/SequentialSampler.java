package dev.torch4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code torch.utils.data.SequentialSampler(data_source)}: the indices {@code 0, 1, ..., len(data_source) - 1}. */
public final class SequentialSampler implements Sampler<Long> {
    private final Dataset<?> dataSource;

    /** {@code SequentialSampler(data_source)}. */
    public SequentialSampler(Dataset<?> dataSource) { this.dataSource = dataSource; }

    /** The dataset whose indices this sampler yields. */
    public Dataset<?> dataSource() { return dataSource; }

    @Override
    public Iterator<Long> iterator() {
        long n = dataSource.size(); // read per epoch, as PyTorch's range(len(data_source))
        return new Iterator<>() {
            private long next;

            @Override public boolean hasNext() { return next < n; }

            @Override public Long next() {
                if (next >= n) throw new NoSuchElementException();
                return next++;
            }
        };
    }

    @Override
    public long size() { return dataSource.size(); }
}
