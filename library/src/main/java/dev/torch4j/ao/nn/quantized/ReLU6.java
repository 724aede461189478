package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedNn;

/**
 * {@code torch.ao.nn.quantized.ReLU6} (printed {@code QuantizedReLU6}): clamps a quantized input's integers to those of 0
 * and 6, keeping its scale and zero point ({@code torch.ops.quantized.relu6}).
 */
public class ReLU6 extends Module {
    /** {@code inplace}: writes into the input. */
    public final boolean inplace;

    /** {@code ReLU6()}. */
    public ReLU6() { this(false); }

    /** {@code ReLU6(inplace)}. */
    public ReLU6(boolean inplace) { this.inplace = inplace; }

    /** {@code ReLU6.from_float(mod)}: no parameters to carry over. */
    public static ReLU6 fromFloat(dev.torch4j.nn.ReLU6 mod) { return new ReLU6(mod.inplace); }

    @Override
    public Tensor forward(Tensor x) { return QuantizedNn.relu6(x, inplace); }

    @Override
    public String className() { return "QuantizedReLU6"; }

    @Override
    public String extraRepr() { return inplace ? "inplace=True" : ""; }
}
