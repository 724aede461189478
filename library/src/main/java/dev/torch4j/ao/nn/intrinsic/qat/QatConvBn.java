package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.nn.BatchNorm1d;

/**
 * A QAT convolution (or Linear) with its batch norm ({@code ConvBn1d/2d/3d}, {@code ConvBnReLU*}, {@code LinearBn1d}):
 * what {@code convert} needs to fold the statistics in.
 */
public interface QatConvBn {
    /** The {@code bn} child. */
    BatchNorm1d bn();

    /** The weight and bias with the batch norm's statistics and affine map folded in ({@code fuse_conv_bn_weights}). */
    Tensor[] fusedWeightBias();

    /** {@code freeze_bn_stats()}: the batch norm keeps its statistics (eval mode) from now on. */
    void freezeBnStats();
}
