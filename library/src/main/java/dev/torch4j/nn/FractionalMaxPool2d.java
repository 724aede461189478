package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/**
 * {@code nn.FractionalMaxPool2d(kernel_size, output_size=None, output_ratio=None, return_indices=False,
 * _random_samples=None)}: max-pooling over pseudo-random windows ({@link Functional#fractionalMaxPool2dWithIndices}),
 * the windows drawn anew from the default generator on each call unless fixed samples are given.
 */
public class FractionalMaxPool2d extends FractionalMaxPoolNd {
    /** {@code nn.FractionalMaxPool2d(kernel_size, output_size=)}. */
    public FractionalMaxPool2d(long kernelSize, long outputSize) { this(new long[] {kernelSize}, new long[] {outputSize}, null, false); }

    /** {@code nn.FractionalMaxPool2d(kernel_size, output_ratio=)}. */
    public FractionalMaxPool2d(long kernelSize, double outputRatio) { this(new long[] {kernelSize}, null, new double[] {outputRatio}, false); }

    /** The full form: exactly one of outputSize and outputRatio non-null (one value or one per spatial dim each). */
    public FractionalMaxPool2d(long[] kernelSize, long[] outputSize, double[] outputRatio, boolean returnIndices) {
        super(kernelSize, outputSize, outputRatio, returnIndices);
    }

    @Override
    public ValuesIndices forwardWithIndices(Tensor input) {
        return Functional.fractionalMaxPool2dWithIndices(input, kernelSize, outputSize, outputRatio, randomSamples);
    }
}
