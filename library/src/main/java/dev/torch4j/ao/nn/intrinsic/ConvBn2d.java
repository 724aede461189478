package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;

/** {@code torch.ao.nn.intrinsic.ConvBn2d}: a Conv2d and its BatchNorm2d kept apart for QAT ({@code fuse_modules_qat}). */
public class ConvBn2d extends FusedModule {
    /** {@code ConvBn2d(conv, bn)}. */
    public ConvBn2d(Conv2d conv, BatchNorm2d bn) { super(conv, bn); }
}
