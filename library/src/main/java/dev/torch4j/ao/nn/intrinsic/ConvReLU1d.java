package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.Conv1d;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.ConvReLU1d}: a Conv1d followed by a ReLU, quantized as one {@code QuantizedConvReLU1d}. */
public class ConvReLU1d extends FusedModule {
    /** {@code ConvReLU1d(conv, relu)}. */
    public ConvReLU1d(Conv1d conv, ReLU relu) { super(conv, relu); }
}
