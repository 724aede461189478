package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.ConvReLU2d}: a Conv2d followed by a ReLU, quantized as one {@code QuantizedConvReLU2d}. */
public class ConvReLU2d extends FusedModule {
    /** {@code ConvReLU2d(conv, relu)}. */
    public ConvReLU2d(Conv2d conv, ReLU relu) { super(conv, relu); }
}
