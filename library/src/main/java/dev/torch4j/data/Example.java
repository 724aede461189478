package dev.torch4j.data;

import dev.torch4j.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A tuple of tensors: one item of a {@link TensorDataset} ({@code (x[i], y[i])}) or a collated batch of them
 * ({@code (X, Y)}). {@link #input()} and {@link #target()} name the first two.
 */
public final class Example {
    private final Tensor[] tensors;

    /** A tuple of these tensors. */
    public Example(Tensor... tensors) { this.tensors = tensors.clone(); }

    /** The first tensor (the features). */
    public Tensor input() { return get(0); }

    /** The second tensor (the labels). */
    public Tensor target() { return get(1); }

    /** The tensor at position {@code i}. */
    public Tensor get(int i) {
        if (i < 0 || i >= tensors.length) throw new IndexOutOfBoundsException("tuple index out of range: " + i + " (size " + tensors.length + ")");
        return tensors[i];
    }

    /** The number of tensors. */
    public int size() { return tensors.length; }

    /** The tensors, in order. */
    public List<Tensor> tensors() { return List.of(tensors); }

    @Override
    public String toString() {
        return Arrays.stream(tensors).map(String::valueOf).reduce((a, b) -> a + ", " + b).map(s -> "(" + s + (tensors.length == 1 ? ",)" : ")")).orElse("()");
    }
}
