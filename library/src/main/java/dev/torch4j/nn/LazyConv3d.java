package dev.torch4j.nn;

/**
 * {@code nn.LazyConv3d(out_channels, kernel_size, ...)}: a {@link Conv3d} whose {@code in_channels} is taken from its
 * first input ({@code [N, C, D, H, W]} or unbatched). Until then the weight and bias are {@link UninitializedParameter}s;
 * the first forward pass (or a loaded state dict) materializes them, drawing PyTorch's initialisation in PyTorch's
 * order, and the module then prints as a {@code Conv3d}. Create optimizers after that first call.
 */
public class LazyConv3d extends Conv3d {
    /** A square (cubic) kernel with the default options. */
    public LazyConv3d(long outChannels, long kernelSize) { this(outChannels, new long[] {kernelSize}, options()); }

    /** {@code kernelSize} as one value or one per spatial dim. */
    public LazyConv3d(long outChannels, long[] kernelSize, Options o) { super(outChannels, kernelSize, o, true); }

    @Override
    public String className() { return hasUninitializedParams() ? "LazyConv3d" : "Conv3d"; }
}
