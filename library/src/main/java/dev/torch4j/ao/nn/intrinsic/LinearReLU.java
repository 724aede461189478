package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.Linear;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.LinearReLU}: a Linear followed by a ReLU, quantized as one {@code QuantizedLinearReLU}. */
public class LinearReLU extends FusedModule {
    /** {@code LinearReLU(linear, relu)}. */
    public LinearReLU(Linear linear, ReLU relu) { super(linear, relu); }
}
