package dev.torch4j.ao.quantization;

import dev.torch4j.QScheme;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

/**
 * {@code torch.ao.quantization.MinMaxObserver}: records the running minimum and maximum of the tensors it sees
 * (buffers {@code min_val}, {@code max_val}, 0-dim float32, starting at inf and -inf) and derives per-tensor
 * quantization parameters from them.
 *
 * <pre>{@code
 * var obs = new MinMaxObserver();
 * obs.forward(x);
 * Tensor[] qparams = obs.calculateQparams(); // {scale [1] float32, zero_point [1] int32}
 * }</pre>
 */
public class MinMaxObserver extends UniformQuantizationObserverBase {
    /** PyTorch's defaults: quint8, per_tensor_affine. */
    public MinMaxObserver() { this(ObserverOptions.defaults()); }

    /** With the given options (a per-tensor qscheme). */
    public MinMaxObserver(ObserverOptions o) {
        this(o, "MinMaxObserver's qscheme only support torch.per_tensor_symmetric                     "
                + "and torch.per_tensor_affine.");
    }

    MinMaxObserver(ObserverOptions o, String qschemeMessage) {
        super(o, QScheme.PER_TENSOR_AFFINE, qschemeMessage);
        registerBuffer("min_val", Torch.full(new long[0], Double.POSITIVE_INFINITY, Torch.dtype(DType.FLOAT32)));
        registerBuffer("max_val", Torch.full(new long[0], Double.NEGATIVE_INFINITY, Torch.dtype(DType.FLOAT32)));
        checkSymmetricReduceRange(QScheme.PER_TENSOR_SYMMETRIC,
                "Cannot reduce range for symmetric                                        quantization for quint8");
    }

    /** Records the running minimum and maximum of x (an empty x is ignored); returns x. */
    @Override
    public Tensor forward(Tensor x) {
        if (x.numel() == 0) return x;
        try (var g = Torch.noGrad()) {
            Tensor[] cur = x.detach().to(minVal().dtype()).aminmax();
            update(cur[0], cur[1]);
        }
        return x;
    }

    /** The new running min and max from this input's. */
    void update(Tensor curMin, Tensor curMax) {
        minVal().copy_(curMin.minimum(minVal()));
        maxVal().copy_(curMax.maximum(maxVal()));
    }

    @Override
    public Tensor[] calculateQparams() { return calculateQparams(minVal(), maxVal()); }

    @Override
    public String extraRepr() { return minMaxRepr(); }

    /** Back to inf and -inf. */
    @Override
    public void resetMinMaxVals() {
        try (var g = Torch.noGrad()) {
            minVal().fill_(Double.POSITIVE_INFINITY);
            maxVal().fill_(Double.NEGATIVE_INFINITY);
        }
    }
}
