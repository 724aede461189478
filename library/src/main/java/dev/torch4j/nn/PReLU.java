package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code nn.PReLU(num_parameters=1, init=0.25)}: x where positive, else {@code weight * x}, with a learnt weight shared
 * by all channels or one per channel (dim 1 of the input).
 */
public class PReLU extends Module {
    /** The {@code num_parameters} argument: 1, or the number of input channels. */
    public final long numParameters;
    /** The learnt slopes, {@code [num_parameters]}, initialised to {@code init}. */
    public Tensor weight;

    /** {@code nn.PReLU()}: one slope, 0.25. */
    public PReLU() { this(1, 0.25); }

    /** {@code nn.PReLU(num_parameters)}: slopes of 0.25. */
    public PReLU(long numParameters) { this(numParameters, 0.25); }

    /** {@code nn.PReLU(num_parameters, init)}. */
    public PReLU(long numParameters, double init) {
        if (numParameters < 1) throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        this.numParameters = numParameters;
        this.weight = Parameter.of(Torch.full(new long[] {numParameters}, init));
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.prelu(input, weight); }

    @Override
    public String extraRepr() { return "num_parameters=" + numParameters; }
}
