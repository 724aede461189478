package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;

import java.util.Map;

/**
 * {@code nn.LazyLinear(out_features, bias=True)}: a {@link Linear} whose {@code in_features} is taken from the last
 * dim of its first input. Until then {@code weight} and {@code bias} are {@link UninitializedParameter}s; the first
 * forward pass (or loading a state dict) materializes them and draws PyTorch's initialisation, in PyTorch's order,
 * so {@code manualSeed(s)} then the same first call gives PyTorch's weights. Afterwards it prints and behaves as a
 * {@code Linear} (PyTorch swaps the class). The placeholders become the real parameters in place, so an optimizer
 * made before the first call trains them.
 */
public class LazyLinear extends Module {
    /** 0 until the first input sets it. */
    public long inFeatures;
    /** The {@code out_features} argument. */
    public final long outFeatures;
    /** The {@code [out, in]} weight (a placeholder until materialized). */
    public Tensor weight;
    /** The {@code [out]} bias, null without one (a placeholder until materialized). */
    public Tensor bias;

    /** {@code nn.LazyLinear(out_features)}. */
    public LazyLinear(long outFeatures) { this(outFeatures, true, TensorOptions.DEFAULT); }

    /** {@code nn.LazyLinear(out_features, bias)}. */
    public LazyLinear(long outFeatures, boolean bias) { this(outFeatures, bias, TensorOptions.DEFAULT); }

    /** {@code nn.LazyLinear(out_features, bias, device=, dtype=)}. */
    public LazyLinear(long outFeatures, boolean bias, TensorOptions options) {
        this.outFeatures = outFeatures;
        this.weight = UninitializedParameter.of(options);
        this.bias = bias ? UninitializedParameter.of(options) : null;
    }

    /** {@code has_uninitialized_params()}. */
    public boolean hasUninitializedParams() {
        return UninitializedParameter.isUninitialized(weight) || UninitializedParameter.isUninitialized(bias);
    }

    /** Gives the parameters their shapes; the initialisation is drawn only for a forward pass (a load copies values). */
    private void materialize(long in, boolean initialize) {
        inFeatures = in;
        UninitializedParameter.materialize(weight, outFeatures, in);
        if (bias != null) UninitializedParameter.materialize(bias, outFeatures);
        if (initialize) Init.linearDefaults_(weight, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (hasUninitializedParams()) materialize(input.dim() == 0 ? 1 : input.size(-1), true);
        return Functional.linear(input, weight, bias);
    }

    /** Takes {@code in_features} from a checkpoint's weight, as PyTorch's lazy load hook does. */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        Tensor w = stateDict.get(prefix + "weight");
        if (hasUninitializedParams() && w != null && w.dim() == 2) materialize(w.size(1), false);
    }

    @Override
    public String className() { return hasUninitializedParams() ? "LazyLinear" : "Linear"; }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + Py.repr(bias != null);
    }
}
