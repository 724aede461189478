package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * {@code nn.Linear(in_features, out_features, bias=True)}: {@code y = x W^T + b}, with {@code W} of shape
 * {@code [out, in]}. Initialised as PyTorch does: {@code kaiming_uniform_(W, a=sqrt(5))}, which is
 * U(-1/sqrt(in), 1/sqrt(in)), and the bias from U(-1/sqrt(in), 1/sqrt(in)), drawn from the default generator in
 * that order: {@code manualSeed(0); new Linear(2, 3)} holds PyTorch's exact weights.
 */
public class Linear extends Module {
    /** The {@code in_features, out_features} arguments. */
    public final long inFeatures, outFeatures;
    /** The {@code [out, in]} weight. */
    public Tensor weight;
    /** The {@code [out]} bias, or null without one. */
    public Tensor bias;

    /** {@code nn.Linear(in, out)}. */
    public Linear(long inFeatures, long outFeatures) { this(inFeatures, outFeatures, true); }

    /** {@code nn.Linear(in, out, bias)}. */
    public Linear(long inFeatures, long outFeatures, boolean bias) { this(inFeatures, outFeatures, bias, TensorOptions.DEFAULT); }

    /** {@code nn.Linear(in, out, bias, device=, dtype=)}. */
    public Linear(long inFeatures, long outFeatures, boolean bias, TensorOptions options) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = Parameter.of(Torch.empty(Torch.shape(outFeatures, inFeatures), options.requiresGrad(false)));
        this.bias = bias ? Parameter.of(Torch.empty(Torch.shape(outFeatures), options.requiresGrad(false))) : null;
        resetParameters();
    }

    /**
     * A Linear of the given sizes over {@code weight} and {@code bias} as they are (either may be null), nothing drawn
     * from the generator: for subclasses that keep their weights in another form (the quantized Linear modules of
     * {@code dev.torch4j.ao.nn}), which must then override {@link #forward} and {@link #resetParameters}.
     */
    protected Linear(long inFeatures, long outFeatures, Tensor weight, Tensor bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight;
        this.bias = bias;
    }

    /** A deep copy of {@code source} (cloned parameters, nothing drawn from the generator), for the Transformer clones. */
    Linear(Linear source) {
        this.inFeatures = source.inFeatures;
        this.outFeatures = source.outFeatures;
        this.weight = Copies.parameter(source.weight);
        this.bias = Copies.parameter(source.bias);
        train(source.isTraining());
    }

    /** Re-draws the weights and bias with the default initialisation. */
    public void resetParameters() {
        Init.linearDefaults_(weight, bias);
    }

    @Override
    public Tensor forward(Tensor input) { return Functional.linear(input, weight, bias); }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Py.repr(bias != null);
    }
}
