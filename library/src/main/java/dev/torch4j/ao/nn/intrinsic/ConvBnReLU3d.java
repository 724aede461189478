package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm3d;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.ConvBnReLU3d}: a Conv3d, its BatchNorm3d and a ReLU, kept apart for QAT. */
public class ConvBnReLU3d extends FusedModule {
    /** {@code ConvBnReLU3d(conv, bn, relu)}. */
    public ConvBnReLU3d(Conv3d conv, BatchNorm3d bn, ReLU relu) { super(conv, bn, relu); }
}
