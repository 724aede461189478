package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Linear;

/** {@code torch.ao.nn.intrinsic.LinearBn1d}: a Linear and its BatchNorm1d kept apart for QAT ({@code fuse_modules_qat}). */
public class LinearBn1d extends FusedModule {
    /** {@code LinearBn1d(linear, bn)}. */
    public LinearBn1d(Linear linear, BatchNorm1d bn) { super(linear, bn); }
}
