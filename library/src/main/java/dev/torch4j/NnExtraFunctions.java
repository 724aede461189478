package dev.torch4j;

import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Reduction;
import dev.torch4j.ops.InplaceForms;

/**
 * More {@code torch.*} names of nn functions: the losses with torch.*'s integer reduction codes (0 'none',
 * 1 'mean', 2 'sum', as {@code at::Reduction}), {@code torch.convolution}, the pooling forms that return indices,
 * the in-place dropouts and activations, and {@code grid_sampler} with its integer mode codes (no
 * {@code grid_sampler_3d}: F.grid_sample samples 2-D only here). Each calls the F
 * function it names. Inherited by {@link Torch}.
 */
abstract class NnExtraFunctions extends NnNativeFunctions {
    NnExtraFunctions() {}

    /** torch.*'s reduction code as F's reduction: 0 'none', 1 'mean', 2 'sum'. */
    static Reduction reduction(long code) {
        return switch ((int) code) {
            case 0 -> Reduction.NONE;
            case 1 -> Reduction.MEAN;
            case 2 -> Reduction.SUM;
            default -> throw new IllegalArgumentException(code + " is not a valid value for reduction");
        };
    }

    // ---------------------------------------------------------------- losses (reduction: 0 none, 1 mean, 2 sum)

    /** {@code torch.kl_div(input, target, reduction, log_target)}: 'mean' (1) averages over every element. */
    public static Tensor klDiv(Tensor input, Tensor target, long reduction, boolean logTarget) {
        return Functional.klDiv(input, target, reduction(reduction), logTarget);
    }

    /**
     * {@code torch.kl_div(input, target)}: reduction 'mean' (the schema's default; PyTorch 1.13's Python binding
     * reads it as 'none'), log_target false.
     */
    public static Tensor klDiv(Tensor input, Tensor target) { return klDiv(input, target, 1, false); }

    /** {@code torch.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction, zero_infinity)}. */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, long blank, long reduction,
            boolean zeroInfinity) {
        return Functional.ctcLoss(logProbs, targets, inputLengths, targetLengths, Math.toIntExact(blank), reduction(reduction), zeroInfinity);
    }

    /** {@code torch.ctc_loss} with the lengths as int tensors. */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, long blank, long reduction,
            boolean zeroInfinity) {
        return Functional.ctcLoss(logProbs, targets, inputLengths, targetLengths, Math.toIntExact(blank), reduction(reduction), zeroInfinity);
    }

    /** {@code torch.cosine_embedding_loss(input1, input2, target, margin, reduction)}. */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin, long reduction) {
        return Functional.cosineEmbeddingLoss(input1, input2, target, margin, reduction(reduction));
    }

    /** {@code torch.hinge_embedding_loss(input, target, margin, reduction)}. */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, long reduction) {
        return Functional.hingeEmbeddingLoss(input, target, margin, reduction(reduction));
    }

    /** {@code torch.margin_ranking_loss(input1, input2, target, margin, reduction)}. */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, long reduction) {
        return Functional.marginRankingLoss(input1, input2, target, margin, reduction(reduction));
    }

    /** {@code torch.poisson_nll_loss(input, target, log_input, full, eps, reduction)}. */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, long reduction) {
        return Functional.poissonNllLoss(input, target, logInput, full, eps, reduction(reduction));
    }

    /** {@code torch.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction)}. */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
            boolean swap, long reduction) {
        return Functional.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction(reduction));
    }

    /** {@code torch.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction)}; weights may be null. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, long reduction) {
        return Functional.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction(reduction));
    }

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * {@code torch.convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups)}:
     * the convolution (transposed or not) whose spatial rank is the weight's dims minus 2, as conv1d..conv3d and
     * conv_transpose1d..3d; output_padding applies to transposed ones only.
     */
    public static Tensor convolution(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation,
            boolean transposed, long[] outputPadding, long groups) {
        int spatial = weight.dim() - 2;
        if (spatial < 1 || spatial > 3) {
            throw new IllegalArgumentException("convolution: expected a weight of 3, 4 or 5 dims, got " + weight.dim());
        }
        if (!transposed) {
            return switch (spatial) {
                case 1 -> Functional.conv1d(input, weight, bias, stride, padding, dilation, groups);
                case 2 -> Functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
                default -> Functional.conv3d(input, weight, bias, stride, padding, dilation, groups);
            };
        }
        return switch (spatial) {
            case 1 -> Functional.convTranspose1d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
            case 2 -> Functional.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
            default -> Functional.convTranspose3d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
        };
    }

    /** {@code torch.adaptive_max_pool1d(input, output_size)}: the values and their indices, as torch.*'s tuple. */
    public static ValuesIndices adaptiveMaxPool1d(Tensor input, long outputSize) { return Functional.adaptiveMaxPool1dWithIndices(input, outputSize); }

    /** {@code torch.max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)}. */
    public static ValuesIndices maxPool1dWithIndices(Tensor input, long kernelSize, long stride, long padding, long dilation, boolean ceilMode) {
        return Functional.maxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    // ---------------------------------------------------------------- in-place dropouts and feature dropout

    /** {@code torch.dropout_(input, p, train)}: {@link #dropout(Tensor, double, boolean)} in place. */
    public static Tensor dropout_(Tensor input, double p, boolean train) { return InplaceForms.apply("dropout_", input, s -> Functional.dropout(s, p, train)); }

    /** {@code torch.alpha_dropout_(input, p, train)}. */
    public static Tensor alphaDropout_(Tensor input, double p, boolean train) {
        return InplaceForms.apply("alpha_dropout_", input, s -> Functional.alphaDropout(s, p, train));
    }

    /** {@code torch.feature_alpha_dropout_(input, p, train)}. */
    public static Tensor featureAlphaDropout_(Tensor input, double p, boolean train) {
        return InplaceForms.apply("feature_alpha_dropout_", input, s -> Functional.featureAlphaDropout(s, p, train));
    }

    /**
     * {@code torch.feature_dropout(input, p, train)}: whole features zeroed, one Bernoulli draw per
     * {@code (sample, channel)} of an input {@code (N, C, *)} (any rank from 2), the rest scaled by 1 / (1 - p).
     *
     * @throws IllegalArgumentException for fewer than 2 dims, with PyTorch's message
     */
    public static Tensor featureDropout(Tensor input, double p, boolean train) { return featureNoise(input, p, train).mul(input); }

    /** {@code torch.feature_dropout_(input, p, train)}: in place. */
    public static Tensor featureDropout_(Tensor input, double p, boolean train) {
        Tensor noise = featureNoise(input, p, train);
        return InplaceForms.apply("feature_dropout_", input, s -> s.mul(noise), noise);
    }

    /** The {@code (N, C, 1, ...)} multiplier of feature dropout: ones through {@link Functional#dropout}, so its draws and scaling are dropout's. */
    private static Tensor featureNoise(Tensor input, double p, boolean train) {
        if (input.dim() < 2) throw new IllegalArgumentException("Feature dropout requires at least 2 dimensions in the input");
        long[] shape = input.shapeArray();
        for (int d = 2; d < shape.length; d++) shape[d] = 1;
        Tensor ones = Torch.ones(Size.of(shape), TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device()));
        return Functional.dropout(ones, p, train);
    }

    // ---------------------------------------------------------------- in-place activations

    /** {@code torch.celu_(input, alpha)}. */
    public static Tensor celu_(Tensor input, double alpha) { return InplaceForms.apply("celu_", input, s -> Functional.celu(s, alpha)); }

    /** {@code torch.celu_(input)}: alpha 1. */
    public static Tensor celu_(Tensor input) { return celu_(input, 1.0); }

    /** {@code torch.selu_(input)}. */
    public static Tensor selu_(Tensor input) { return InplaceForms.apply("selu_", input, Functional::selu); }

    /** {@code torch.rrelu_(input, lower, upper, training)}: training draws each negative slope from U(lower, upper). */
    public static Tensor rrelu_(Tensor input, double lower, double upper, boolean training) {
        return InplaceForms.apply("rrelu_", input, s -> Functional.rrelu(s, lower, upper, training));
    }

    /** {@code torch.rrelu_(input)}: evaluation mode, slope (1/8 + 1/3) / 2. */
    public static Tensor rrelu_(Tensor input) { return rrelu_(input, 1.0 / 8, 1.0 / 3, false); }

    /** {@code torch.threshold_(input, threshold, value)}. */
    public static Tensor threshold_(Tensor input, double threshold, double value) {
        return InplaceForms.apply("threshold_", input, s -> Functional.threshold(s, threshold, value));
    }

    // ---------------------------------------------------------------- grid sampling (integer mode codes)

    private static final String[] INTERPOLATION = {"bilinear", "nearest", "bicubic"};
    private static final String[] PADDING = {"zeros", "border", "reflection"};

    /**
     * {@code torch.grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners)}: {@code F.grid_sample}
     * with PyTorch's codes, interpolation 0 bilinear, 1 nearest, 2 bicubic; padding 0 zeros, 1 border, 2 reflection.
     * A code outside these throws (PyTorch 1.13 does not check them); bicubic takes 4-D inputs only, as PyTorch.
     */
    public static Tensor gridSampler(Tensor input, Tensor grid, long interpolationMode, long paddingMode, boolean alignCorners) {
        if (interpolationMode < 0 || interpolationMode > 2) {
            throw new IllegalArgumentException("grid_sampler(): invalid interpolation_mode " + interpolationMode + " (0 bilinear, 1 nearest, 2 bicubic)");
        }
        if (paddingMode < 0 || paddingMode > 2) {
            throw new IllegalArgumentException("grid_sampler(): invalid padding_mode " + paddingMode + " (0 zeros, 1 border, 2 reflection)");
        }
        return Functional.gridSample(input, grid, INTERPOLATION[(int) interpolationMode], PADDING[(int) paddingMode], alignCorners);
    }

    /** {@code torch.grid_sampler_2d(...)}: {@link #gridSampler} on a 4-D input and grid only. */
    public static Tensor gridSampler2d(Tensor input, Tensor grid, long interpolationMode, long paddingMode, boolean alignCorners) {
        checkGridRank(input, grid, 4);
        return gridSampler(input, grid, interpolationMode, paddingMode, alignCorners);
    }

    private static void checkGridRank(Tensor input, Tensor grid, int rank) {
        if (grid.dim() > 0 && grid.size(-1) != input.dim() - 2) {
            throw new IllegalArgumentException("grid_sampler(): expected grid to have size " + (input.dim() - 2) + " in last dimension, but got "
                    + "grid with sizes " + dev.torch4j.core.Shapes.str(grid.shapeArray()));
        }
        if (input.dim() != rank || grid.dim() != rank) {
            throw new IllegalArgumentException("grid_sampler(): expected " + rank + "D input and grid with same number of dimensions, but got "
                    + "input with sizes " + dev.torch4j.core.Shapes.str(input.shapeArray()) + " and grid with sizes "
                    + dev.torch4j.core.Shapes.str(grid.shapeArray()));
        }
    }

    /** {@code torch.affine_grid_generator(theta, size, align_corners)}: {@code F.affine_grid}'s grid. */
    public static Tensor affineGridGenerator(Tensor theta, long[] size, boolean alignCorners) { return Functional.affineGrid(theta, size, alignCorners); }

    // ---------------------------------------------------------------- segment reduction

    /**
     * {@code torch.segment_reduce(data, reduce, lengths=, indices=, offsets=, axis=, unsafe=, initial=)} (PyTorch
     * 2.x): reduces contiguous segments of data along axis with "sum", "mean", "max", "min" or "prod". The segments
     * are given by lengths (int, {@code data.shape[:axis] + [segments]}, each row summing to data's size at axis) or
     * offsets (their boundaries, one more than the segments); indices is not supported, as in PyTorch. Each segment
     * starts from initial when given (null: the reduction's identity; an empty segment's mean is NaN). unsafe skips
     * the checks of lengths.
     */
    public static Tensor segmentReduce(Tensor data, String reduce, Tensor lengths, Tensor indices, Tensor offsets, long axis, boolean unsafe,
            Double initial) {
        return dev.torch4j.ops.SegmentReduce.segmentReduce(data, reduce, lengths, indices, offsets, axis, unsafe, initial);
    }

    /** {@code torch.segment_reduce(data, reduce, lengths=lengths)}: along axis 0, checked, no initial. */
    public static Tensor segmentReduce(Tensor data, String reduce, Tensor lengths) {
        return segmentReduce(data, reduce, lengths, null, null, 0, false, null);
    }
}
