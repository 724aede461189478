package dev.torch4j.data;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * {@code torch.utils.data.BatchSampler(sampler, batch_size, drop_last)}: the indices of another sampler, in lists
 * of {@code batchSize}; the last, shorter list is kept unless {@code dropLast}. The inner sampler is asked for
 * indices only as batches are taken (a full batch is yielded without looking past it), as PyTorch's generator does.
 *
 * <pre>{@code
 * new BatchSampler(new SequentialSampler(range10), 3, false);   // [0, 1, 2], [3, 4, 5], [6, 7, 8], [9]
 * new BatchSampler(new SequentialSampler(range10), 3, true);    // [0, 1, 2], [3, 4, 5], [6, 7, 8]
 * }</pre>
 */
public final class BatchSampler implements Sampler<List<Long>> {
    private final Iterable<Long> sampler;
    private final long batchSize;
    private final boolean dropLast;

    /**
     * {@code BatchSampler(sampler, batch_size, drop_last)}; {@code sampler} is any iterable of indices (its length,
     * for {@link #size()}, comes from {@link Sampler#size()} or {@link Collection#size()}).
     *
     * @throws IllegalArgumentException when {@code batchSize <= 0}
     */
    public BatchSampler(Iterable<Long> sampler, long batchSize, boolean dropLast) {
        checkBatchSize(batchSize);
        this.sampler = sampler;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    static void checkBatchSize(long batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size=" + batchSize);
    }

    /** The sampler whose indices are batched. */
    public Iterable<Long> sampler() { return sampler; }

    /** {@code batch_size}. */
    public long batchSize() { return batchSize; }

    /** {@code drop_last}. */
    public boolean dropLast() { return dropLast; }

    /** {@code len(batch_sampler)}: the inner length divided by the batch size, rounded down with dropLast, else up. */
    @Override
    public long size() {
        long n = switch (sampler) {
            case Sampler<?> s -> s.size();
            case Collection<?> c -> c.size();
            default -> throw new UnsupportedOperationException(Splits.noLen(sampler));
        };
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<List<Long>> iterator() {
        return new Lookahead<>() {
            private Iterator<Long> indices; // made on the first request: PyTorch's iter(sampler) runs inside the generator

            @Override
            List<Long> advance() {
                if (indices == null) indices = sampler.iterator();
                List<Long> batch = take(indices, batchSize);
                if (batch.size() < batchSize) { // the sampler ran out: nothing comes after this batch
                    end();
                    if (dropLast || batch.isEmpty()) return null;
                }
                return batch;
            }
        };
    }
}
