package dev.torch4j.ao.quantization;

import dev.torch4j.Tensor;

/**
 * {@code torch.ao.quantization.MovingAveragePerChannelMinMaxObserver}: per-channel min and max that, after the first
 * input, move toward each input's by {@code averaging_constant}.
 */
public class MovingAveragePerChannelMinMaxObserver extends PerChannelMinMaxObserver {
    /** {@code averaging_constant}. */
    public final double averagingConstant;

    /** PyTorch's defaults: averaging_constant 0.01, ch_axis 0, quint8, per_channel_affine. */
    public MovingAveragePerChannelMinMaxObserver() { this(ObserverOptions.defaults()); }

    /** With the given options (a per-channel qscheme; {@code averagingConstant} and {@code chAxis} from them). */
    public MovingAveragePerChannelMinMaxObserver(ObserverOptions o) {
        super(o, "MovingAveragePerChannelMinMaxObserver's qscheme only support                     "
                + "torch.per_channel_symmetric, torch.per_channel_affine and torch.per_channel_affine_float_qparams.");
        this.averagingConstant = o.averagingConstant();
    }

    @Override
    Tensor[] update(Tensor lo, Tensor hi, Tensor curMin, Tensor curMax) {
        return new Tensor[] {lo.add(curMin.sub(lo).mul(averagingConstant)), hi.add(curMax.sub(hi).mul(averagingConstant))};
    }
}
