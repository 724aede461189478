package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * {@code nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True, bias=True)}: normalises over the last
 * dims, then applies a learned scale (ones) and shift (zeros).
 */
public class LayerNorm extends Module {
    private final long[] normalizedShape;
    /** The {@code eps} argument. */
    public final double eps;
    /** The {@code elementwise_affine} argument. */
    public final boolean elementwiseAffine;
    /** The scale, or null without elementwise affine. */
    public Tensor weight;
    /** The shift, or null. */
    public Tensor bias;

    /** {@code nn.LayerNorm(normalized_shape)}; other arguments take PyTorch's defaults. */
    public LayerNorm(long... normalizedShape) { this(normalizedShape, 1e-5, true, true, TensorOptions.DEFAULT); }

    /** {@code nn.LayerNorm(normalized_shape, eps, elementwise_affine)}; other arguments take PyTorch's defaults. */
    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        this(normalizedShape, eps, elementwiseAffine, true, TensorOptions.DEFAULT);
    }

    /** {@code nn.LayerNorm(normalized_shape, eps, elementwise_affine, bias, device=, dtype=)}. */
    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias, TensorOptions options) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            this.weight = Parameter.of(Torch.ones(Torch.shape(normalizedShape), options.requiresGrad(false)));
            this.bias = bias ? Parameter.of(Torch.zeros(Torch.shape(normalizedShape), options.requiresGrad(false))) : null;
        }
    }

    /** The normalised trailing shape. */
    public long[] normalizedShape() { return normalizedShape.clone(); }

    @Override
    public Tensor forward(Tensor input) { return Functional.layerNorm(input, normalizedShape, weight, bias, eps); }

    @Override
    public String extraRepr() {
        return Py.tuple(normalizedShape) + ", eps=" + Py.repr(eps) + ", elementwise_affine=" + Py.repr(elementwiseAffine);
    }
}
