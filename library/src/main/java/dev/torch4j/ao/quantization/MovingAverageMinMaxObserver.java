package dev.torch4j.ao.quantization;

import dev.torch4j.Tensor;

/**
 * {@code torch.ao.quantization.MovingAverageMinMaxObserver}: like {@link MinMaxObserver}, but after the first input
 * the min and max move toward each input's by {@code averaging_constant}:
 * {@code min_val + c * (min(x) - min_val)}.
 */
public class MovingAverageMinMaxObserver extends MinMaxObserver {
    /** {@code averaging_constant}. */
    public final double averagingConstant;

    /** PyTorch's defaults: averaging_constant 0.01, quint8, per_tensor_affine. */
    public MovingAverageMinMaxObserver() { this(ObserverOptions.defaults()); }

    /** With the given options (a per-tensor qscheme; {@code averagingConstant} is read from them). */
    public MovingAverageMinMaxObserver(ObserverOptions o) {
        super(o, "MovingAverageMinMaxObserver's qscheme only support                     "
                + "torch.per_tensor_symmetric and torch.per_tensor_affine.");
        this.averagingConstant = o.averagingConstant();
    }

    @Override
    void update(Tensor curMin, Tensor curMax) {
        Tensor lo = minVal(), hi = maxVal();
        if (lo.item() == Double.POSITIVE_INFINITY && hi.item() == Double.NEGATIVE_INFINITY) {
            lo.copy_(curMin);
            hi.copy_(curMax);
        } else {
            lo.copy_(lo.add(curMin.sub(lo).mul(averagingConstant)));
            hi.copy_(hi.add(curMax.sub(hi).mul(averagingConstant)));
        }
    }
}
