package dev.torch4j.nn;

/**
 * {@code nn.LazyConvTranspose3d(out_channels, kernel_size, ...)}: a {@link ConvTranspose3d} whose {@code in_channels} is taken from
 * its first input. Until then the weight and bias are {@link UninitializedParameter}s; the first forward pass (or a
 * loaded state dict) materializes them, drawing PyTorch's initialisation in PyTorch's order, and the module then
 * prints as a {@code ConvTranspose3d}. Create optimizers after that first call.
 */
public class LazyConvTranspose3d extends ConvTranspose3d {
    /** A square (cubic) kernel with the default options. */
    public LazyConvTranspose3d(long outChannels, long kernelSize) { this(outChannels, new long[] {kernelSize}, options()); }

    /** {@code kernelSize} as one value or one per spatial dim. */
    public LazyConvTranspose3d(long outChannels, long[] kernelSize, Options o) { super(outChannels, kernelSize, o, true); }

    @Override
    public String className() { return hasUninitializedParams() ? "LazyConvTranspose3d" : "ConvTranspose3d"; }
}
