package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;

/**
 * {@code torch.ao.nn.quantized.Dropout(p, inplace)} (printed {@code QuantizedDropout}): the identity, as a quantized
 * model runs in eval mode; what {@code convert} puts in place of an {@link dev.torch4j.nn.Dropout}.
 */
public class Dropout extends dev.torch4j.nn.Dropout {
    /** {@code Dropout(p, inplace)}. */
    public Dropout(double p, boolean inplace) { super(p, inplace); }

    /** {@code Dropout.from_float(mod)}. */
    public static Dropout fromFloat(dev.torch4j.nn.Dropout mod) { return new Dropout(mod.p, mod.inplace); }

    @Override
    public Tensor forward(Tensor x) { return x; }

    @Override
    public String className() { return "QuantizedDropout"; }
}
