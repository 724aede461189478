package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Conv1d;
import dev.torch4j.nn.ReLU;

/** {@code torch.ao.nn.intrinsic.ConvBnReLU1d}: a Conv1d, its BatchNorm1d and a ReLU, kept apart for QAT. */
public class ConvBnReLU1d extends FusedModule {
    /** {@code ConvBnReLU1d(conv, bn, relu)}. */
    public ConvBnReLU1d(Conv1d conv, BatchNorm1d bn, ReLU relu) { super(conv, bn, relu); }
}
