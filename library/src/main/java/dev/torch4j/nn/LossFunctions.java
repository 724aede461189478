package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * The loss and distance functions of {@code torch.nn.functional}; {@link Functional} inherits them, so they are
 * called as {@code Functional.crossEntropy(...)} like the rest of {@code F}.
 */
abstract class LossFunctions extends SamplingFunctions {
    LossFunctions() {}

    // ---------------------------------------------------------------- losses

    // ---------------------------------------------------------------- distances and margin losses (nn.Distances)

    /** {@code F.normalize(x)}: unit L2 norm along dim 1 (norms clamped to at least 1e-12). */
    public static Tensor normalize(Tensor x) { return Distances.normalize(x, 2, 1, 1e-12); }

    /** {@code F.normalize(x, p, dim, eps)}: {@code x / max(||x||_p, eps)} along {@code dim}. */
    public static Tensor normalize(Tensor x, double p, long dim, double eps) { return Distances.normalize(x, p, dim, eps); }

    /** {@code F.cosine_similarity(x1, x2)}: along dim 1, eps 1e-8. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) { return Distances.cosineSimilarity(x1, x2, 1, 1e-8); }

    /** {@code F.cosine_similarity(x1, x2, dim, eps)}: each side divided by {@code max(||x||, eps)}, then summed products. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, long dim, double eps) { return Distances.cosineSimilarity(x1, x2, dim, eps); }

    /** {@code F.pairwise_distance(x1, x2)}: {@code ||x1 - x2 + 1e-6||_2} over the last dim. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2) { return Distances.pairwiseDistance(x1, x2, 2, 1e-6, false); }

    /** {@code F.pairwise_distance(x1, x2, p, eps, keepdim)}. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        return Distances.pairwiseDistance(x1, x2, p, eps, keepdim);
    }

    /** {@code F.margin_ranking_loss(x1, x2, y, margin, reduction)}: {@code max(0, -y * (x1 - x2) + margin)}. */
    public static Tensor marginRankingLoss(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        return Distances.marginRankingLoss(x1, x2, y, margin, reduction);
    }

    /** {@code F.hinge_embedding_loss(x, y, margin, reduction)}: x where y is 1, {@code max(0, margin - x)} where y is -1. */
    public static Tensor hingeEmbeddingLoss(Tensor x, Tensor y, double margin, Reduction reduction) {
        return Distances.hingeEmbeddingLoss(x, y, margin, reduction);
    }

    /** {@code F.soft_margin_loss(x, y, reduction)}: {@code log(1 + exp(-y * x))}. */
    public static Tensor softMarginLoss(Tensor x, Tensor y, Reduction reduction) { return Distances.softMarginLoss(x, y, reduction); }

    /** {@code F.cosine_embedding_loss(x1, x2, y, margin, reduction)}: {@code 1 - cos} where y is 1, {@code max(0, cos - margin)} where -1. */
    public static Tensor cosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        return Distances.cosineEmbeddingLoss(x1, x2, y, margin, reduction);
    }

    /** {@code F.triplet_margin_loss(anchor, positive, negative)}: margin 1, p 2, eps 1e-6, no swap, mean. */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) {
        return Distances.tripletMarginLoss(anchor, positive, negative, 1, 2, 1e-6, false, Reduction.MEAN);
    }

    /** {@code F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction)}. */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps, boolean swap,
                                           Reduction reduction) {
        return Distances.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }

    /** {@code F.poisson_nll_loss(input, target, log_input, full, eps, reduction)}. */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction reduction) {
        return Distances.poissonNllLoss(input, target, logInput, full, eps, reduction);
    }

    /** {@code F.gaussian_nll_loss(input, target, var, full, eps, reduction)}: {@code 0.5 * (log(var) + (input - target)^2 / var)}. */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
        return Distances.gaussianNllLoss(input, target, var, full, eps, reduction);
    }

    /** {@code F.multilabel_soft_margin_loss(input, target, weight, reduction)}; a null weight weighs classes equally. */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Distances.multilabelSoftMarginLoss(input, target, weight, reduction);
    }

    /** {@code F.mse_loss(input, target)}: mean squared error. */
    public static Tensor mseLoss(Tensor input, Tensor target) { return Losses.mseLoss(input, target, Reduction.MEAN); }

    /** {@code F.mse_loss(input, target, reduction)}. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return Losses.mseLoss(input, target, reduction); }

    /** {@code F.l1_loss(input, target)}: mean absolute error. */
    public static Tensor l1Loss(Tensor input, Tensor target) { return Losses.l1Loss(input, target, Reduction.MEAN); }

    /** {@code F.l1_loss(input, target, reduction)}. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { return Losses.l1Loss(input, target, reduction); }

    /** {@code F.smooth_l1_loss(input, target)} with beta 1. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return Losses.smoothL1Loss(input, target, Reduction.MEAN, 1.0); }

    /** {@code F.smooth_l1_loss(input, target, reduction, beta)}. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return Losses.smoothL1Loss(input, target, reduction, beta);
    }

    /** {@code F.huber_loss(input, target)} with delta 1. */
    public static Tensor huberLoss(Tensor input, Tensor target) { return Losses.huberLoss(input, target, Reduction.MEAN, 1.0); }

    /** {@code F.huber_loss(input, target, reduction, delta)}. */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return Losses.huberLoss(input, target, reduction, delta);
    }

    /** {@code F.cross_entropy(input, target)}: logits {@code (N, C, ...)} and class indices or probabilities. */
    public static Tensor crossEntropy(Tensor input, Tensor target) { return crossEntropy(input, target, CrossEntropyLoss.options()); }

    /** {@code F.cross_entropy(input, target, weight=, ignore_index=, reduction=, label_smoothing=)}. */
    public static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyLoss.Options o) {
        return Losses.crossEntropy(input, target, o.weight(), o.ignoreIndex(), o.reduction(), o.labelSmoothing());
    }

    /** {@code F.nll_loss(input, target)}: log-probabilities {@code (N, C, ...)} and int64 class indices. */
    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, NLLLoss.options()); }

    /** {@code F.nll_loss(input, target, weight=, ignore_index=, reduction=)}. */
    public static Tensor nllLoss(Tensor input, Tensor target, NLLLoss.Options o) {
        return Losses.nllLoss(input, target, o.weight(), o.ignoreIndex(), o.reduction());
    }

    /** {@code F.binary_cross_entropy(input, target)}: probabilities in [0, 1]. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /** {@code F.binary_cross_entropy(input, target, weight, reduction)}; weight may be null. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return Losses.binaryCrossEntropy(input, target, weight, reduction);
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target)}. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target, weight, reduction=, pos_weight=)}; weights may be null. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    /** {@code F.kl_div(input, target)}: input holds log-probabilities; reduction 'mean' as PyTorch's default. */
    public static Tensor klDiv(Tensor input, Tensor target) { return Losses.klDiv(input, target, Reduction.MEAN, false); }

    /** {@code F.kl_div(input, target, reduction, log_target)}. */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        return Losses.klDiv(input, target, reduction, logTarget);
    }

    /**
     * {@code F.ctc_loss(log_probs, targets, input_lengths, target_lengths)}: log-probabilities {@code (T, N, C)} (from
     * log_softmax) or {@code (T, C)}, targets padded {@code (N, S)} or concatenated, blank 0, reduction 'mean' (each
     * loss divided by its target length, then averaged).
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths) {
        return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false);
    }

    /** {@code F.ctc_loss(..., blank=, reduction=, zero_infinity=)}: infinite losses (impossible alignments) become 0. */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, int blank,
                                 Reduction reduction, boolean zeroInfinity) {
        return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /** {@code F.ctc_loss} with the lengths as int tensors, as PyTorch accepts them. */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank,
                                 Reduction reduction, boolean zeroInfinity) {
        for (Tensor l : new Tensor[] {inputLengths, targetLengths}) {
            if (!l.dtype().isIntegral()) {   // bool is not integral here, as in PyTorch's check
                throw new IllegalArgumentException((l == inputLengths ? "input" : "target") + "_lengths must be integral");
            }
        }
        return Ctc.ctcLoss(logProbs, targets, inputLengths.cpu().toLongArray(), targetLengths.cpu().toLongArray(), blank,
                reduction, zeroInfinity);
    }

    /** {@code F.multi_margin_loss(input, target)}: p=1, margin=1, no weight, reduction 'mean'. */
    public static Tensor multiMarginLoss(Tensor input, Tensor target) {
        return MarginLosses.multiMarginLoss(input, target, 1, 1.0, null, Reduction.MEAN);
    }

    /** {@code F.multi_margin_loss(input, target, p, margin, weight, reduction)}; weight may be null. */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        return MarginLosses.multiMarginLoss(input, target, p, margin, weight, reduction);
    }

    /** {@code F.multilabel_margin_loss(input, target)}: targets are class indices ended by -1. */
    public static Tensor multilabelMarginLoss(Tensor input, Tensor target) {
        return MarginLosses.multilabelMarginLoss(input, target, Reduction.MEAN);
    }

    /** {@code F.multilabel_margin_loss(input, target, reduction)}. */
    public static Tensor multilabelMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        return MarginLosses.multilabelMarginLoss(input, target, reduction);
    }
}
