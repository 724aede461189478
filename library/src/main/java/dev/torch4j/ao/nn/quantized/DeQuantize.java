package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

/** {@code torch.ao.nn.quantized.DeQuantize}: {@code x.dequantize()}; what {@code convert} puts in place of a DeQuantStub. */
public class DeQuantize extends Module {
    /** A dequantizing module. */
    public DeQuantize() {}

    @Override
    public Tensor forward(Tensor x) { return x.dequantize(); }
}
