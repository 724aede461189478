package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm3d;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.BNReLU3d}: a BatchNorm3d followed by a ReLU, quantized as one {@code QuantizedBNReLU3d}. */
public class BNReLU3d extends FusedModule {
    /** {@code BNReLU3d(batch_norm, relu)}. */
    public BNReLU3d(BatchNorm3d batchNorm, ReLU relu) { super(batchNorm, relu); }
}
