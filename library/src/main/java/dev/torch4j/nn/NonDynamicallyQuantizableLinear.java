package dev.torch4j.nn;

import dev.torch4j.TensorOptions;

/**
 * {@code nn.modules.linear.NonDynamicallyQuantizableLinear}: a {@link Linear} under another name, used by
 * {@link MultiheadAttention} for {@code out_proj} (PyTorch names it so to keep dynamic quantisation away from it);
 * it exists here so that reprs and module types read as PyTorch's.
 */
public class NonDynamicallyQuantizableLinear extends Linear {
    /** {@code NonDynamicallyQuantizableLinear(in_features, out_features, bias, device=, dtype=)}, initialised as Linear. */
    public NonDynamicallyQuantizableLinear(long inFeatures, long outFeatures, boolean bias, TensorOptions options) {
        super(inFeatures, outFeatures, bias, options);
    }

    NonDynamicallyQuantizableLinear(NonDynamicallyQuantizableLinear source) { super(source); }
}
