package dev.torch4j.ao.quantization;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.quantization.PlaceholderObserver}: records nothing and passes its input through; it only names a
 * {@code dtype}. With float32 ({@code default_placeholder_observer}) it is the activation "observer" of weight-only
 * qconfigs such as {@link Defaults#floatQparamsWeightOnlyQconfig()}, whose layers keep float outputs; with float16 it
 * makes {@link Defaults#float16DynamicQconfig()}, whose dynamic Linear keeps float16 weights.
 */
public class PlaceholderObserver extends Module {
    private final DType dtype;

    /** A placeholder for float32 activations. */
    public PlaceholderObserver() { this(DType.FLOAT32); }

    /** {@code PlaceholderObserver(dtype=dtype)}. */
    public PlaceholderObserver(DType dtype) { this.dtype = dtype; }

    /** {@code dtype}: what the observed tensor becomes (float32, float16, ...). */
    public DType dtype() { return dtype; }

    /** Returns {@code x} unchanged. */
    @Override
    public Tensor forward(Tensor x) { return x; }
}
