package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * {@code nn.Bilinear(in1_features, in2_features, out_features, bias=True)}:
 * {@code y[k] = x1 W[k] x2^T + b[k]}; {@code forward(x1, x2)}. Weight and bias are drawn from
 * U(-1/sqrt(in1), 1/sqrt(in1)), as in PyTorch.
 */
public class Bilinear extends Module {
    /** The {@code in1_features, in2_features, out_features} arguments. */
    public final long in1Features, in2Features, outFeatures;
    /** The {@code [out, in1, in2]} weight. */
    public Tensor weight;
    /** The {@code [out]} bias, or null. */
    public Tensor bias;

    /** {@code nn.Bilinear(in1_features, in2_features, out_features)}; other arguments take PyTorch's defaults. */
    public Bilinear(long in1Features, long in2Features, long outFeatures) { this(in1Features, in2Features, outFeatures, true, TensorOptions.DEFAULT); }

    /** {@code nn.Bilinear(in1_features, in2_features, out_features, bias, device=, dtype=)}. */
    public Bilinear(long in1Features, long in2Features, long outFeatures, boolean bias, TensorOptions options) {
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        TensorOptions o = options.requiresGrad(false);
        this.weight = Parameter.of(Torch.empty(Torch.shape(outFeatures, in1Features, in2Features), o));
        this.bias = bias ? Parameter.of(Torch.empty(Torch.shape(outFeatures), o)) : null;
        resetParameters();
    }

    /** Re-draws weight and bias from U(-1/sqrt(in1), 1/sqrt(in1)). */
    public void resetParameters() {
        double bound = 1 / Math.sqrt(weight.size(1));
        Init.uniform_(weight, -bound, bound);
        if (bias != null) Init.uniform_(bias, -bound, bound);
    }

    @Override
    public Tensor forward(Tensor input1, Tensor input2) { return Functional.bilinear(input1, input2, weight, bias); }

    @Override
    public String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + Py.repr(bias != null);
    }
}
