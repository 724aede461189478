package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm3d;
import dev.torch4j.nn.Conv3d;

/** {@code torch.ao.nn.intrinsic.ConvBn3d}: a Conv3d and its BatchNorm3d kept apart for QAT ({@code fuse_modules_qat}). */
public class ConvBn3d extends FusedModule {
    /** {@code ConvBn3d(conv, bn)}. */
    public ConvBn3d(Conv3d conv, BatchNorm3d bn) { super(conv, bn); }
}
