package dev.torch4j.vision.models.detection;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's detection {@code BalancedPositiveNegativeSampler(batch_size_per_image, positive_fraction)}: per
 * image, up to {@code batch_size_per_image * positive_fraction} positives (labels of 1 and up) and negatives (0) to
 * fill the batch, drawn by {@code torch.randperm} (two draws per image, positives first), so that after the same
 * seed the same elements are drawn as in PyTorch. Labels of -1 are ignored.
 */
public final class BalancedPositiveNegativeSampler {
    /** How many elements each image contributes. */
    public final long batchSizePerImage;
    /** The largest share of positives. */
    public final double positiveFraction;

    /** The sampled positives and negatives, one uint8 mask per image each. */
    public record Sampled(List<Tensor> positive, List<Tensor> negative) {}

    /** {@code BalancedPositiveNegativeSampler(batch_size_per_image, positive_fraction)}. */
    public BalancedPositiveNegativeSampler(long batchSizePerImage, double positiveFraction) {
        this.batchSizePerImage = batchSizePerImage;
        this.positiveFraction = positiveFraction;
    }

    /** {@code sampler(matched_idxs)}: for each image's labels, the masks of the chosen positives and negatives. */
    public Sampled apply(List<Tensor> matchedIdxs) {
        List<Tensor> pos = new ArrayList<>(), neg = new ArrayList<>();
        for (Tensor m : matchedIdxs) {
            Tensor positive = m.ge(1L).nonzero().select(1, 0), negative = m.eq(0L).nonzero().select(1, 0);
            long numPos = Math.min(positive.numel(), (long) (batchSizePerImage * positiveFraction));
            long numNeg = Math.min(negative.numel(), batchSizePerImage - numPos);
            TensorOptions longs = TensorOptions.DEFAULT.dtype(DType.INT64).device(m.device());
            Tensor perm1 = Torch.randperm(positive.numel(), longs, null).narrow(0, 0, numPos);
            Tensor perm2 = Torch.randperm(negative.numel(), longs, null).narrow(0, 0, numNeg);
            pos.add(mask(m, positive.indexSelect(0, perm1)));
            neg.add(mask(m, negative.indexSelect(0, perm2)));
        }
        return new Sampled(pos, neg);
    }

    private static Tensor mask(Tensor like, Tensor chosen) {
        Tensor mask = Torch.zeros(Torch.shape(like.size(0)), TensorOptions.DEFAULT.dtype(DType.UINT8).device(like.device()));
        return mask.indexFill_(0, chosen, 1.0);
    }
}
