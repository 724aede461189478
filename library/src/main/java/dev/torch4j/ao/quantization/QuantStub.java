package dev.torch4j.ao.quantization;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.quantization.QuantStub}: marks where a float model's input becomes quantized. It passes its input
 * through; {@link QuantizeStatic#prepare} observes its output and {@link QuantizeStatic#convert} replaces it with a
 * {@link dev.torch4j.ao.nn.quantized.Quantize}.
 */
public class QuantStub extends Module {
    /** A stub without its own qconfig (it takes its parent's). */
    public QuantStub() {}

    /** {@code QuantStub(qconfig)}. */
    public QuantStub(QConfig qconfig) { QuantizeStatic.setQconfig(this, qconfig); }

    @Override
    public Tensor forward(Tensor x) { return x; }
}
