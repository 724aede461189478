package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;

/** {@code torchvision.ops.DropBlock3d(p, block_size, inplace, eps)}: {@link DropBlock2d} over cubes of an {@code [N, C, D, H, W]} input. */
public class DropBlock3d extends DropBlock2d {
    /** {@code DropBlock3d(p, block_size)}: not in place, eps 1e-6. */
    public DropBlock3d(double p, long blockSize) { super(p, blockSize); }

    /** {@code DropBlock3d(p, block_size, inplace, eps)}. */
    public DropBlock3d(double p, long blockSize, boolean inplace, double eps) { super(p, blockSize, inplace, eps); }

    @Override
    public Tensor forward(Tensor input) { return dropBlock3d(input, p, blockSize, inplace, eps, isTraining()); }
}
