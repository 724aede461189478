package dev.torch4j.ao.quantization;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.quantization.PlaceholderObserver} with float32 dtype ({@code default_placeholder_observer}): records
 * nothing and passes its input through; the activation "observer" of weight-only qconfigs such as
 * {@link Defaults#floatQparamsWeightOnlyQconfig()}, whose layers keep float outputs.
 */
public class PlaceholderObserver extends Module {
    /** A placeholder for float32 activations. */
    public PlaceholderObserver() {}

    /** Returns {@code x} unchanged. */
    @Override
    public Tensor forward(Tensor x) { return x; }
}
