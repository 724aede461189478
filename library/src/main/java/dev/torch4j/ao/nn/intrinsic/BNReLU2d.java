package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.BNReLU2d}: a BatchNorm2d followed by a ReLU, quantized as one {@code QuantizedBNReLU2d}. */
public class BNReLU2d extends FusedModule {
    /** {@code BNReLU2d(batch_norm, relu)}. */
    public BNReLU2d(BatchNorm2d batchNorm, ReLU relu) { super(batchNorm, relu); }
}
