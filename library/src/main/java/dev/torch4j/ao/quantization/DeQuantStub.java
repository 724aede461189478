package dev.torch4j.ao.quantization;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.quantization.DeQuantStub}: marks where a quantized model's output goes back to float. It passes its
 * input through; {@link QuantizeStatic#convert} replaces it with a {@link dev.torch4j.ao.nn.quantized.DeQuantize}.
 */
public class DeQuantStub extends Module {
    /** A stub without its own qconfig. */
    public DeQuantStub() {}

    /** {@code DeQuantStub(qconfig)}. */
    public DeQuantStub(QConfig qconfig) { QuantizeStatic.setQconfig(this, qconfig); }

    @Override
    public Tensor forward(Tensor x) { return x; }
}
