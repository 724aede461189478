package dev.torch4j.nn;

/**
 * {@code nn.LazyConv2d(out_channels, kernel_size, ...)}: a {@link Conv2d} whose {@code in_channels} is taken from its
 * first input ({@code [N, C, H, W]} or unbatched). Until then the weight and bias are {@link UninitializedParameter}s;
 * the first forward pass (or a loaded state dict) materializes them, drawing PyTorch's initialisation in PyTorch's
 * order, and the module then prints as a {@code Conv2d}. Create optimizers after that first call.
 */
public class LazyConv2d extends Conv2d {
    /** A square (cubic) kernel with the default options. */
    public LazyConv2d(long outChannels, long kernelSize) { this(outChannels, new long[] {kernelSize}, options()); }

    /** {@code kernelSize} as one value or one per spatial dim. */
    public LazyConv2d(long outChannels, long[] kernelSize, Options o) { super(outChannels, kernelSize, o, true); }

    @Override
    public String className() { return hasUninitializedParams() ? "LazyConv2d" : "Conv2d"; }
}
