package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

import java.util.Arrays;

/**
 * {@code torchvision.ops.DropBlock2d(p, block_size, inplace, eps)} (Ghiasi et al., "DropBlock"): in training, zeroes
 * {@code block_size}-sided squares around Bernoulli-drawn centres and rescales the rest so the mean is kept; the
 * identity in eval mode. As in torchvision, an even block size (smaller than the input) gives a mask of the wrong size
 * and fails.
 */
public class DropBlock2d extends Module {
    /** The drop probability. */
    public final double p;
    /** The side of a dropped block. */
    public final long blockSize;
    /** Whether the input is scaled in place. */
    public final boolean inplace;
    /** Guards the rescaling's division. */
    public final double eps;

    /** {@code DropBlock2d(p, block_size)}: not in place, eps 1e-6. */
    public DropBlock2d(double p, long blockSize) { this(p, blockSize, false, 1e-6); }

    /** {@code DropBlock2d(p, block_size, inplace, eps)}. */
    public DropBlock2d(double p, long blockSize, boolean inplace, double eps) {
        this.p = p;
        this.blockSize = blockSize;
        this.inplace = inplace;
        this.eps = eps;
    }

    /** {@code drop_block2d(input, p, block_size, inplace, eps, training)} on an {@code [N, C, H, W]} input. */
    public static Tensor dropBlock2d(Tensor input, double p, long blockSize, boolean inplace, double eps, boolean training) {
        return dropBlock(2, input, p, blockSize, inplace, eps, training);
    }

    /** {@code drop_block3d(input, p, block_size, inplace, eps, training)} on an {@code [N, C, D, H, W]} input. */
    public static Tensor dropBlock3d(Tensor input, double p, long blockSize, boolean inplace, double eps, boolean training) {
        return dropBlock(3, input, p, blockSize, inplace, eps, training);
    }

    private static Tensor dropBlock(int nd, Tensor input, double p, long blockSize, boolean inplace, double eps, boolean training) {
        if (p < 0.0 || p > 1.0) throw new IllegalArgumentException("drop probability has to be between 0 and 1, but got " + Py.repr(p) + ".");
        if (input.dim() != nd + 2) {
            throw new IllegalArgumentException("input should be " + (nd + 2) + " dimensional. Got " + input.dim() + " dimensions.");
        }
        if (!training || p == 0.0) return input;
        long block = blockSize, cells = 1, valid = 1;
        for (int d = 0; d < nd; d++) block = Math.min(block, input.size(2 + d));
        long[] noiseShape = input.shapeArray();
        for (int d = 0; d < nd; d++) {
            cells *= input.size(2 + d);
            valid *= input.size(2 + d) - block + 1;
            noiseShape[2 + d] = input.size(2 + d) - block + 1;
        }
        double gamma = p * cells / (Math.pow(block, nd) * valid);
        Tensor noise = Torch.empty(Torch.shape(noiseShape), TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device()));
        noise.bernoulli_(gamma);
        long[] pad = new long[2 * nd], k = new long[nd], one = new long[nd], half = new long[nd], dil = new long[nd];
        Arrays.fill(pad, block / 2);
        Arrays.fill(k, block);
        Arrays.fill(one, 1);
        Arrays.fill(half, block / 2);
        Arrays.fill(dil, 1);
        noise = Functional.pad(noise, pad);
        noise = nd == 2 ? Functional.maxPool2d(noise, k, one, half, dil, false) : Functional.maxPool3d(noise, k, one, half, dil, false);
        noise = noise.neg().add(1);
        // Python's numel / tensor is tensor.__rtruediv__: reciprocal, then the product
        Tensor scale = noise.sum().add(eps).reciprocal().mul((double) noise.numel());
        return inplace ? input.mul_(noise).mul_(scale) : input.mul(noise).mul(scale);
    }

    @Override
    public Tensor forward(Tensor input) { return dropBlock2d(input, p, blockSize, inplace, eps, isTraining()); }

    @Override
    public String toString() { return className() + "(p=" + Py.repr(p) + ", block_size=" + blockSize + ", inplace=" + Py.repr(inplace) + ")"; }
}
