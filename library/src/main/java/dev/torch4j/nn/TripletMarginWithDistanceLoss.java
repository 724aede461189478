package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.function.BinaryOperator;

/**
 * {@code nn.TripletMarginWithDistanceLoss(distance_function=None, margin=1.0, swap=False, reduction='mean')};
 * {@code forward(anchor, positive, negative)}. Without a distance function the pairwise distance is a submodule
 * named {@code distance_function}, as in PyTorch.
 */
public class TripletMarginWithDistanceLoss extends Module {
    /** The default distance (null when a function was given). */
    public final PairwiseDistance distance_function;
    private final BinaryOperator<Tensor> distance;
    /** The {@code margin} argument. */
    public final double margin;
    /** The {@code swap} argument. */
    public final boolean swap;
    /** The {@code reduction} argument. */
    public final Reduction reduction;

    /** {@code nn.TripletMarginWithDistanceLoss()} with PyTorch's defaults. */
    public TripletMarginWithDistanceLoss() { this(null, 1.0, false, Reduction.MEAN); }

    /** {@code nn.TripletMarginWithDistanceLoss(distance_function, margin, swap, reduction)}; a null function: pairwise. */
    public TripletMarginWithDistanceLoss(BinaryOperator<Tensor> distanceFunction, double margin, boolean swap, Reduction reduction) {
        if (margin <= 0) {
            throw new IllegalArgumentException("TripletMarginWithDistanceLoss: expected margin to be greater than 0, got "
                    + Py.repr(margin) + " instead");
        }
        this.distance_function = distanceFunction == null ? new PairwiseDistance() : null;
        this.distance = distanceFunction;
        this.margin = margin;
        this.swap = swap;
        this.reduction = reduction.checkNotBatchmean();
    }

    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length != 3) {
            throw new IllegalArgumentException("TripletMarginWithDistanceLoss.forward() takes 3 tensors (anchor, positive, negative), got "
                    + inputs.length);
        }
        BinaryOperator<Tensor> d = distance != null ? distance : (a, b) -> distance_function.call(a, b);
        return Functional.tripletMarginWithDistanceLoss(inputs[0], inputs[1], inputs[2], d, margin, swap, reduction);
    }
}
