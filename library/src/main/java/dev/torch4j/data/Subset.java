package dev.torch4j.data;

/** {@code torch.utils.data.Subset(dataset, indices)}: the items of {@code dataset} at {@code indices}, in that order. */
public final class Subset<T> implements Dataset<T>, Gatherable {
    private final Dataset<T> dataset;
    private final long[] indices;

    /** {@code Subset(dataset, indices)}; other arguments take PyTorch's defaults. */
    public Subset(Dataset<T> dataset, long[] indices) {
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    /** The underlying dataset. */
    public Dataset<T> dataset() { return dataset; }

    /** The indices into the underlying dataset. */
    public long[] indices() { return indices.clone(); }

    @Override
    public T get(long index) {
        if (index < 0 || index >= indices.length) throw new IndexOutOfBoundsException("list index out of range: " + index);
        return dataset.get(indices[(int) index]);
    }

    @Override
    public long size() { return indices.length; }

    @Override
    public Example gather(long[] idx) {
        if (!(dataset instanceof Gatherable g)) return null;
        long[] mapped = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= indices.length) throw new IndexOutOfBoundsException("list index out of range: " + idx[i]);
            mapped[i] = indices[(int) idx[i]];
        }
        return g.gather(mapped);
    }
}
