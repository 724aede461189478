package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Conv1d;

/** {@code torch.ao.nn.intrinsic.ConvBn1d}: a Conv1d and its BatchNorm1d kept apart for QAT ({@code fuse_modules_qat}). */
public class ConvBn1d extends FusedModule {
    /** {@code ConvBn1d(conv, bn)}. */
    public ConvBn1d(Conv1d conv, BatchNorm1d bn) { super(conv, bn); }
}
