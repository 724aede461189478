package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/** What {@link FractionalMaxPool2d} and {@link FractionalMaxPool3d} share: the arguments, their checks and forward. */
public abstract class FractionalMaxPoolNd extends Module {
    /** The kernel size per spatial dim (one value for all). */
    public final long[] kernelSize;
    /** The output size per spatial dim, or null when {@link #outputRatio} is set. */
    public final long[] outputSize;
    /** The output size as a fraction of the input's in (0, 1), or null when {@link #outputSize} is set. */
    public final double[] outputRatio;
    /** The {@code return_indices} argument ({@link #forwardWithIndices} gives the indices either way). */
    public final boolean returnIndices;
    /** Fixed {@code _random_samples} ({@code [N, C, nd]}), or null to draw them per call. */
    public Tensor randomSamples;

    FractionalMaxPoolNd(long[] kernelSize, long[] outputSize, double[] outputRatio, boolean returnIndices) {
        String name = getClass().getSimpleName();
        if (outputSize == null && outputRatio == null) {
            throw new IllegalArgumentException(name + " requires specifying either an output size, or a pooling ratio");
        }
        if (outputSize != null && outputRatio != null) {
            throw new IllegalArgumentException("only one of output_size and output_ratio may be specified");
        }
        if (outputRatio != null) {
            for (double r : outputRatio) {
                if (!(r > 0 && r < 1)) throw new IllegalArgumentException("output_ratio must be between 0 and 1 (got " + Py.repr(r) + ")");
            }
        }
        this.kernelSize = kernelSize.clone();
        this.outputSize = outputSize == null ? null : outputSize.clone();
        this.outputRatio = outputRatio == null ? null : outputRatio.clone();
        this.returnIndices = returnIndices;
    }

    @Override
    public Tensor forward(Tensor input) { return forwardWithIndices(input).values(); }

    /** The pooled values and their flat indices within each input plane. */
    public abstract ValuesIndices forwardWithIndices(Tensor input);
}
