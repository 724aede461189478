package dev.torch4j.data;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.utils.data.TensorDataset(*tensors)}: item {@code i} is {@code (t[i] for t in tensors)}, as an
 * {@link Example} of views. The tensors must share their first dimension.
 */
public final class TensorDataset implements Dataset<Example>, Gatherable {
    private final Tensor[] tensors;

    /** {@code TensorDataset(tensors)}; other arguments take PyTorch's defaults. */
    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("TensorDataset: at least one tensor is required");
        for (Tensor t : tensors) {
            if (t.dim() == 0 || t.size(0) != tensors[0].size(0)) {
                throw new IllegalArgumentException("Size mismatch between tensors: " + java.util.Arrays.stream(tensors)
                        .map(x -> x.shape().toString()).toList());
            }
        }
        this.tensors = tensors.clone();
    }

    /** The tensors, in order. */
    public java.util.List<Tensor> tensors() { return java.util.List.of(tensors); }

    @Override
    public Example get(long index) {
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension 0 with size " + size());
        Tensor[] items = new Tensor[tensors.length];
        for (int i = 0; i < items.length; i++) items[i] = tensors[i].select(0, index);
        return new Example(items);
    }

    @Override
    public long size() { return tensors[0].size(0); }

    @Override
    public Example gather(long[] indices) {
        Tensor idx = Torch.fromArray(indices.clone());
        Tensor[] out = new Tensor[tensors.length];
        for (int i = 0; i < out.length; i++) out[i] = tensors[i].indexSelect(0, idx);
        return new Example(out);
    }
}
