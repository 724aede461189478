package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/**
 * {@code nn.FractionalMaxPool3d(kernel_size, output_size=None, output_ratio=None, return_indices=False,
 * _random_samples=None)}: max-pooling over pseudo-random windows ({@link Functional#fractionalMaxPool3dWithIndices}),
 * the windows drawn anew from the default generator on each call unless fixed samples are given.
 */
public class FractionalMaxPool3d extends FractionalMaxPoolNd {
    /** {@code nn.FractionalMaxPool3d(kernel_size, output_size=)}. */
    public FractionalMaxPool3d(long kernelSize, long outputSize) { this(new long[] {kernelSize}, new long[] {outputSize}, null, false); }

    /** {@code nn.FractionalMaxPool3d(kernel_size, output_ratio=)}. */
    public FractionalMaxPool3d(long kernelSize, double outputRatio) { this(new long[] {kernelSize}, null, new double[] {outputRatio}, false); }

    /** The full form: exactly one of outputSize and outputRatio non-null (one value or one per spatial dim each). */
    public FractionalMaxPool3d(long[] kernelSize, long[] outputSize, double[] outputRatio, boolean returnIndices) {
        super(kernelSize, outputSize, outputRatio, returnIndices);
    }

    @Override
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.fractionalMaxPool3dWithIndices(input, kernelSize, outputSize, outputRatio, randomSamples);
    }
}
