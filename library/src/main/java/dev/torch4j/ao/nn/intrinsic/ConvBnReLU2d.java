package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.ConvBnReLU2d}: a Conv2d, its BatchNorm2d and a ReLU, kept apart for QAT. */
public class ConvBnReLU2d extends FusedModule {
    /** {@code ConvBnReLU2d(conv, bn, relu)}. */
    public ConvBnReLU2d(Conv2d conv, BatchNorm2d bn, ReLU relu) { super(conv, bn, relu); }
}
