package dev.torch4j.ao.quantization;

import dev.torch4j.QScheme;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import java.util.Map;

/**
 * {@code torch.ao.quantization.PerChannelMinMaxObserver}: the running minimum and maximum of each channel (index of
 * {@code ch_axis}), buffers {@code min_val}/{@code max_val} of shape {@code [channels]} (empty until the first
 * input), and per-channel quantization parameters from them.
 */
public class PerChannelMinMaxObserver extends UniformQuantizationObserverBase {
    /** {@code ch_axis}. */
    public final long chAxis;

    /** PyTorch's defaults: ch_axis 0, quint8, per_channel_affine. */
    public PerChannelMinMaxObserver() { this(ObserverOptions.defaults()); }

    /** With the given options (a per-channel qscheme; {@code chAxis} is read from them). */
    public PerChannelMinMaxObserver(ObserverOptions o) {
        this(o, "PerChannelMinMaxObserver's qscheme only support                     torch.per_channel_symmetric, "
                + "torch.per_channel_affine and torch.per_channel_affine_float_qparams.");
    }

    PerChannelMinMaxObserver(ObserverOptions o, String qschemeMessage) {
        super(o, QScheme.PER_CHANNEL_AFFINE, qschemeMessage);
        this.chAxis = o.chAxis();
        registerBuffer("min_val", Torch.zeros(Size.of(0), Torch.dtype(DType.FLOAT32)));
        registerBuffer("max_val", Torch.zeros(Size.of(0), Torch.dtype(DType.FLOAT32)));
        checkSymmetricReduceRange(QScheme.PER_CHANNEL_SYMMETRIC, "Cannot reduce range for symmetric quantization for quint8");
    }

    /** Records each channel's running minimum and maximum (an empty x is ignored); returns x. */
    @Override
    public Tensor forward(Tensor x) {
        if (x.numel() == 0) return x;
        try (var g = Torch.noGrad()) {
            int axis = Shapes.wrapDim(chAxis, x.dim());
            Tensor y = x.detach().transpose(0, axis).to(minVal().dtype()).flatten(1);
            Tensor[] cur = y.aminmax(1, false);
            Tensor lo = minVal(), hi = maxVal();
            Tensor[] next = lo.numel() == 0 || hi.numel() == 0 ? cur : update(lo, hi, cur[0], cur[1]);
            lo.resize_(next[0].shapeArray()).copy_(next[0]);
            hi.resize_(next[1].shapeArray()).copy_(next[1]);
        }
        return x;
    }

    /** The new running min and max from the recorded ones and this input's. */
    Tensor[] update(Tensor lo, Tensor hi, Tensor curMin, Tensor curMax) {
        return new Tensor[] {curMin.minimum(lo), curMax.maximum(hi)};
    }

    @Override
    public Tensor[] calculateQparams() { return calculateQparams(minVal(), maxVal()); }

    @Override
    public String extraRepr() { return minMaxRepr(); }

    /** Back to empty min_val and max_val. */
    @Override
    public void resetMinMaxVals() {
        minVal().resize_(0);
        maxVal().resize_(0);
    }

    /** Gives min_val and max_val the checkpoint's shapes first (they grow with the first input), as PyTorch does. */
    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        resizeLike(stateDict, prefix, Map.of("min_val", minVal(), "max_val", maxVal()));
    }
}
