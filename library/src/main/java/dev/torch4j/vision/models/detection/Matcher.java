package dev.torch4j.vision.models.detection;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;

/**
 * torchvision's detection {@code Matcher(high_threshold, low_threshold, allow_low_quality_matches)}: from an
 * {@code [M, N]} quality matrix (IoU of M ground-truth boxes with N predictions) each prediction gets its best
 * ground truth's index when the quality reaches {@code high_threshold}, {@link #BETWEEN_THRESHOLDS} from
 * {@code low_threshold} up, else {@link #BELOW_LOW_THRESHOLD}. With low-quality matches allowed, each ground truth's
 * best predictions (ties included) keep their best match whatever its quality.
 */
public final class Matcher {
    /** A prediction whose best quality is below the low threshold. */
    public static final long BELOW_LOW_THRESHOLD = -1;
    /** A prediction whose best quality lies between the thresholds. */
    public static final long BETWEEN_THRESHOLDS = -2;
    /** Qualities from here up are matches. */
    public final double highThreshold;
    /** Qualities below this are background. */
    public final double lowThreshold;
    /** Whether each ground truth's best predictions are matched whatever their quality. */
    public final boolean allowLowQualityMatches;

    /** {@code Matcher(high_threshold, low_threshold)}: low-quality matches not allowed. */
    public Matcher(double highThreshold, double lowThreshold) { this(highThreshold, lowThreshold, false); }

    /** {@code Matcher(high_threshold, low_threshold, allow_low_quality_matches)}. */
    public Matcher(double highThreshold, double lowThreshold, boolean allowLowQualityMatches) {
        if (!(lowThreshold <= highThreshold)) throw new IllegalArgumentException("low_threshold should be <= high_threshold");
        this.highThreshold = highThreshold;
        this.lowThreshold = lowThreshold;
        this.allowLowQualityMatches = allowLowQualityMatches;
    }

    /** {@code matcher(match_quality_matrix)}: the {@code [N]} int64 matches. */
    public Tensor apply(Tensor matchQualityMatrix) {
        if (matchQualityMatrix.numel() == 0) {
            throw new IllegalArgumentException(matchQualityMatrix.size(0) == 0 ? "No ground-truth boxes available for one of the images during training"
                    : "No proposal boxes available for one of the images during training");
        }
        ValuesIndices best = matchQualityMatrix.max(0);
        Tensor matchedVals = best.values(), matches = best.indices();
        Tensor allMatches = allowLowQualityMatches ? matches.clone() : null;
        Tensor below = matchedVals.lt(lowThreshold);
        Tensor between = matchedVals.ge(lowThreshold).logicalAnd(matchedVals.lt(highThreshold));
        matches = matches.maskedFill(below, (double) BELOW_LOW_THRESHOLD).maskedFill(between, (double) BETWEEN_THRESHOLDS);
        if (allowLowQualityMatches) setLowQualityMatches(matches, allMatches, matchQualityMatrix);
        return matches;
    }

    /** {@code set_low_quality_matches_}: every prediction that is some ground truth's best (ties too) gets its best match back. */
    private static void setLowQualityMatches(Tensor matches, Tensor allMatches, Tensor matchQualityMatrix) {
        Tensor highest = matchQualityMatrix.max(1).values();
        Tensor predInds = matchQualityMatrix.eq(highest.unsqueeze(1)).nonzero().select(1, 1);
        matches.indexPut_(new Object[] {predInds}, allMatches.indexSelect(0, predInds));
    }
}
