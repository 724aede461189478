package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.ConvReLU3d}: a Conv3d followed by a ReLU, quantized as one {@code QuantizedConvReLU3d}. */
public class ConvReLU3d extends FusedModule {
    /** {@code ConvReLU3d(conv, relu)}. */
    public ConvReLU3d(Conv3d conv, ReLU relu) { super(conv, relu); }
}
