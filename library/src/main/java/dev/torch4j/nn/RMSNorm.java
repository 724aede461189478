package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * {@code nn.RMSNorm(normalized_shape, eps=None, elementwise_affine=True)} (PyTorch 2.4): divides by the root mean
 * square over the last dims, then applies a learned scale (ones); a null {@code eps} means the machine epsilon of
 * the input's computation type.
 */
public class RMSNorm extends Module {
    private final long[] normalizedShape;
    /** The {@code eps} argument, or null for the dtype's machine epsilon. */
    public final Double eps;
    /** The {@code elementwise_affine} argument. */
    public final boolean elementwiseAffine;
    /** The scale, or null without elementwise affine. */
    public Tensor weight;

    /** {@code nn.RMSNorm(normalized_shape)}; other arguments take PyTorch's defaults. */
    public RMSNorm(long... normalizedShape) { this(normalizedShape, null, true, TensorOptions.DEFAULT); }

    /** {@code nn.RMSNorm(normalized_shape, eps, elementwise_affine)}. */
    public RMSNorm(long[] normalizedShape, Double eps, boolean elementwiseAffine) { this(normalizedShape, eps, elementwiseAffine, TensorOptions.DEFAULT); }

    /** {@code nn.RMSNorm(normalized_shape, eps, elementwise_affine, device=, dtype=)}. */
    public RMSNorm(long[] normalizedShape, Double eps, boolean elementwiseAffine, TensorOptions options) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) this.weight = Parameter.of(Torch.ones(Torch.shape(normalizedShape), options.requiresGrad(false)));
    }

    /** The normalised trailing shape. */
    public long[] normalizedShape() { return normalizedShape.clone(); }

    @Override
    public Tensor forward(Tensor input) { return Functional.rmsNorm(input, normalizedShape, weight, eps); }

    @Override
    public String extraRepr() {
        return Py.tuple(normalizedShape) + ", eps=" + (eps == null ? "None" : Py.repr(eps)) + ", elementwise_affine=" + Py.repr(elementwiseAffine);
    }
}
