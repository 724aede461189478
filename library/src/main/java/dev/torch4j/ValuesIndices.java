package dev.torch4j;

/**
 * A pair of tensors returned by {@code max(dim)}, {@code min(dim)}, {@code sort} and {@code topk}, like PyTorch's
 * {@code torch.return_types} named tuples: the selected values and their int64 positions along the dim.
 *
 * <pre>{@code
 * ValuesIndices m = x.max(1);
 * Tensor best = m.values(), where = m.indices();
 * }</pre>
 *
 * @param values  the selected elements (the input's dtype)
 * @param indices their positions along the reduced or sorted dim (int64)
 */
public record ValuesIndices(Tensor values, Tensor indices) {
    /** Prints like PyTorch's named tuple: {@code (values=tensor(...), indices=tensor(...))}. */
    @Override
    public String toString() {
        return "(values=" + values + ",\nindices=" + indices + ")";
    }
}
