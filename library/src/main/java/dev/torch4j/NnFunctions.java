package dev.torch4j;

import dev.torch4j.nn.Functional;

/**
 * The {@code torch.*} names of neural-network functions that PyTorch also exposes at the top level
 * ({@code torch.conv2d}, {@code torch.layer_norm}, {@code torch.dropout(input, p, train)}, {@code torch.embedding(weight,
 * indices)}...), with the top-level signatures where they differ from {@code F.*}'s (batch_norm and instance_norm take
 * weight and bias before the running statistics; embedding takes the weight first). Inherited by {@link Torch}.
 */
abstract class NnFunctions extends ComplexFunctions {
    NnFunctions() {}

    // ---------------------------------------------------------------- convolutions

    /** {@code torch.conv1d(input, weight, bias)}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) { return Functional.conv1d(input, weight, bias); }

    /** {@code torch.conv1d(input, weight, bias, stride, padding, dilation, groups)}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return Functional.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code torch.conv2d(input, weight, bias)}. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) { return Functional.conv2d(input, weight, bias); }

    /** {@code torch.conv2d(input, weight, bias, stride, padding, dilation, groups)}. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return Functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code torch.conv3d(input, weight, bias)}. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) { return Functional.conv3d(input, weight, bias); }

    /** {@code torch.conv3d(input, weight, bias, stride, padding, dilation, groups)}. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return Functional.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code torch.conv_transpose1d(input, weight, bias)}. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias) { return Functional.convTranspose1d(input, weight, bias); }

    /** {@code torch.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        return Functional.convTranspose1d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code torch.conv_transpose2d(input, weight, bias)}. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias) { return Functional.convTranspose2d(input, weight, bias); }

    /** {@code torch.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        return Functional.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code torch.conv_transpose3d(input, weight, bias)}. */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias) { return Functional.convTranspose3d(input, weight, bias); }

    /** {@code torch.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation)}. */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        return Functional.convTranspose3d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code torch.bilinear(input1, input2, weight, bias)}. */
    public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) { return Functional.bilinear(input1, input2, weight, bias); }

    // ---------------------------------------------------------------- dropout (train is required, as in torch.dropout)

    /** {@code torch.dropout(input, p, train)}. */
    public static Tensor dropout(Tensor input, double p, boolean train) { return Functional.dropout(input, p, train); }

    /** {@code torch.alpha_dropout(input, p, train)}. */
    public static Tensor alphaDropout(Tensor input, double p, boolean train) { return Functional.alphaDropout(input, p, train); }

    /** {@code torch.feature_alpha_dropout(input, p, train)}. */
    public static Tensor featureAlphaDropout(Tensor input, double p, boolean train) { return Functional.featureAlphaDropout(input, p, train); }

    // ---------------------------------------------------------------- normalisation (torch.*'s argument orders)

    /** {@code torch.layer_norm(input, normalized_shape, weight, bias, eps)}. */
    public static Tensor layerNorm(Tensor input, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Functional.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    /** {@code torch.group_norm(input, num_groups, weight, bias, eps)}. */
    public static Tensor groupNorm(Tensor input, long numGroups, Tensor weight, Tensor bias, double eps) {
        return Functional.groupNorm(input, numGroups, weight, bias, eps);
    }

    /** {@code torch.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)}: weight first. */
    public static Tensor batchNorm(Tensor input, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training,
            double momentum, double eps) {
        return Functional.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** {@code torch.instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps)}. */
    public static Tensor instanceNorm(Tensor input, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
            boolean useInputStats, double momentum, double eps) {
        return Functional.instanceNorm(input, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }

    // ---------------------------------------------------------------- lookups, rearrangements, distances

    /** {@code torch.embedding(weight, indices)}: the weight first, unlike {@code F.embedding}. */
    public static Tensor embedding(Tensor weight, Tensor indices) { return Functional.embedding(indices, weight); }

    /** {@code torch.embedding(weight, indices, padding_idx)}; -1 means none, as torch.embedding's default. */
    public static Tensor embedding(Tensor weight, Tensor indices, long paddingIdx) {
        return Functional.embedding(indices, weight, paddingIdx < 0 ? null : paddingIdx);
    }

    /** {@code torch.pixel_shuffle(input, upscale_factor)}. */
    public static Tensor pixelShuffle(Tensor input, long upscaleFactor) { return Functional.pixelShuffle(input, upscaleFactor); }

    /** {@code torch.pixel_unshuffle(input, downscale_factor)}. */
    public static Tensor pixelUnshuffle(Tensor input, long downscaleFactor) { return Functional.pixelUnshuffle(input, downscaleFactor); }

    /** {@code torch.channel_shuffle(input, groups)}. */
    public static Tensor channelShuffle(Tensor input, long groups) { return Functional.channelShuffle(input, groups); }

    /** {@code torch.native_channel_shuffle(input, groups)}: see {@link Functional#nativeChannelShuffle}. */
    public static Tensor nativeChannelShuffle(Tensor input, long groups) { return Functional.nativeChannelShuffle(input, groups); }

    /** {@code torch.conv_tbc(input, weight, bias, pad)}: see {@link Functional#convTbc(Tensor, Tensor, Tensor, long)}. */
    public static Tensor convTbc(Tensor input, Tensor weight, Tensor bias, long pad) { return Functional.convTbc(input, weight, bias, pad); }

    /** {@code torch.conv_tbc(input, weight, bias)} with no padding. */
    public static Tensor convTbc(Tensor input, Tensor weight, Tensor bias) { return Functional.convTbc(input, weight, bias); }

    /** {@code torch.constant_pad_nd(input, pad, value)}. */
    public static Tensor constantPadNd(Tensor input, long[] pad, double value) { return Functional.pad(input, pad, "constant", value); }

    /** {@code torch.cosine_similarity(x1, x2)}: along dim 1. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) { return Functional.cosineSimilarity(x1, x2); }

    /** {@code torch.cosine_similarity(x1, x2, dim, eps)}. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, long dim, double eps) { return Functional.cosineSimilarity(x1, x2, dim, eps); }

    /** {@code torch.pairwise_distance(x1, x2)}. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2) { return Functional.pairwiseDistance(x1, x2); }

    /** {@code torch.pairwise_distance(x1, x2, p, eps, keepdim)}. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        return Functional.pairwiseDistance(x1, x2, p, eps, keepdim);
    }

    /** {@code torch.pdist(input)}: the pairwise 2-norm distances of the rows, upper triangle. */
    public static Tensor pdist(Tensor input) { return Functional.pdist(input); }

    /** {@code torch.pdist(input, p)}. */
    public static Tensor pdist(Tensor input, double p) { return Functional.pdist(input, p); }

    // ---------------------------------------------------------------- activations and pooling

    /** {@code torch.selu(input)}. */
    public static Tensor selu(Tensor input) { return Functional.selu(input); }

    /** {@code torch.celu(input)}. */
    public static Tensor celu(Tensor input) { return Functional.celu(input); }

    /** {@code torch.celu(input, alpha)}. */
    public static Tensor celu(Tensor input, double alpha) { return Functional.celu(input, alpha); }

    /** {@code torch.threshold(input, threshold, value)}. */
    public static Tensor threshold(Tensor input, double threshold, double value) { return Functional.threshold(input, threshold, value); }

    /** {@code torch.rrelu(input)}: evaluation-mode RReLU (the mean slope). */
    public static Tensor rrelu(Tensor input) { return Functional.rrelu(input); }

    /** {@code torch.rrelu(input, lower, upper, training)}. */
    public static Tensor rrelu(Tensor input, double lower, double upper, boolean training) {
        return Functional.rrelu(input, lower, upper, training);
    }

    /** {@code torch.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)}. */
    public static Tensor maxPool1d(Tensor input, long kernelSize, long stride, long padding, long dilation, boolean ceilMode) {
        return Functional.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** {@code torch.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)}. */
    public static Tensor maxPool2d(Tensor input, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return Functional.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** {@code torch.max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode)}. */
    public static Tensor maxPool3d(Tensor input, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return Functional.maxPool3d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** {@code torch.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)}. */
    public static Tensor avgPool1d(Tensor input, long kernelSize, long stride, long padding, boolean ceilMode, boolean countIncludePad) {
        return Functional.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    /** {@code torch.adaptive_avg_pool1d(input, output_size)}. */
    public static Tensor adaptiveAvgPool1d(Tensor input, long outputSize) { return Functional.adaptiveAvgPool1d(input, outputSize); }
}
