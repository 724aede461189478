package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * The spatial-transformer functions of {@code torch.nn.functional} ({@code affine_grid}, {@code grid_sample}) and the
 * less common layers (local response norm, LP pooling, max unpooling, alpha dropout, channel shuffle, ...) and
 * {@code multi_head_attention_forward}, kept out
 * of {@link Functional}'s file and reached through it (Functional extends LossFunctions extends this).
 */
abstract class SamplingFunctions {
    SamplingFunctions() {}

    /**
     * {@code F.affine_grid(theta, size, align_corners=False)}: the sampling grid {@code (N, H, W, 2)} of the affine
     * maps theta {@code (N, 2, 3)} over an output of size {@code (N, C, H, W)}.
     */
    public static Tensor affineGrid(Tensor theta, long[] size) { return GridSample.affineGrid(theta, size, false); }

    /** {@code F.affine_grid(theta, size, align_corners)}. */
    public static Tensor affineGrid(Tensor theta, long[] size, boolean alignCorners) {
        return GridSample.affineGrid(theta, size, alignCorners);
    }

    /**
     * {@code F.grid_sample(input, grid)}: bilinear, zeros padding, align_corners=False: the output
     * {@code (N, C, Ho, Wo)} samples input {@code (N, C, H, W)} at the grid's {@code (x, y)} in [-1, 1].
     */
    public static Tensor gridSample(Tensor input, Tensor grid) { return GridSample.gridSample(input, grid, "bilinear", "zeros", false); }

    /** {@code F.grid_sample(input, grid, mode, padding_mode, align_corners)}: mode "bilinear" or "nearest". */
    public static Tensor gridSample(Tensor input, Tensor grid, String mode, String paddingMode, boolean alignCorners) {
        return GridSample.gridSample(input, grid, mode, paddingMode, alignCorners);
    }

    /** {@code F.local_response_norm(x, size, alpha=1e-4, beta=0.75, k=1)}. */
    public static Tensor localResponseNorm(Tensor x, long size) { return ExtraLayers.localResponseNorm(x, size, 1e-4, 0.75, 1.0); }

    /** {@code F.local_response_norm(x, size, alpha, beta, k)}: normalised across channels. */
    public static Tensor localResponseNorm(Tensor x, long size, double alpha, double beta, double k) {
        return ExtraLayers.localResponseNorm(x, size, alpha, beta, k);
    }

    /** {@code F.lp_pool2d(x, norm_type, kernel_size, stride=None, ceil_mode=False)}; stride null: the kernel. */
    public static Tensor lpPool2d(Tensor x, double normType, long[] kernelSize, long[] stride, boolean ceilMode) {
        long[] k = kernelSize.length == 1 ? new long[] {kernelSize[0], kernelSize[0]} : kernelSize;
        long[] s = stride == null ? null : stride.length == 1 ? new long[] {stride[0], stride[0]} : stride;
        return ExtraLayers.lpPool(x, normType, k, s, ceilMode);
    }

    /** {@code F.lp_pool1d(x, norm_type, kernel_size, stride=None, ceil_mode=False)}; stride null: the kernel. */
    public static Tensor lpPool1d(Tensor x, double normType, long kernelSize, Long stride, boolean ceilMode) {
        return ExtraLayers.lpPool(x, normType, new long[] {kernelSize}, stride == null ? null : new long[] {stride}, ceilMode);
    }

    /**
     * {@code F.max_unpool2d(x, indices, kernel_size, stride=None, padding=0, output_size=None)}: the inverse placement
     * of {@link Functional#maxPool2dWithIndices}'s values (zeros elsewhere).
     */
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, long[] kernelSize, long[] stride, long[] padding, long[] outputSize) {
        return ExtraLayers.maxUnpool2d(x, indices, kernelSize, stride, padding == null ? new long[] {0} : padding, outputSize);
    }

    /** {@code F.alpha_dropout(x, p, training)}: dropout that keeps SELU's self-normalising statistics. */
    public static Tensor alphaDropout(Tensor x, double p, boolean training) { return ExtraLayers.alphaDropout(x, p, training, false); }

    /** {@code F.feature_alpha_dropout(x, p, training)}: alpha dropout of whole channels. */
    public static Tensor featureAlphaDropout(Tensor x, double p, boolean training) { return ExtraLayers.alphaDropout(x, p, training, true); }

    /** {@code F.channel_shuffle(x, groups)}. */
    public static Tensor channelShuffle(Tensor x, long groups) { return ExtraLayers.channelShuffle(x, groups); }

    /**
     * {@code F.native_channel_shuffle(x, groups)}: channel_shuffle's arithmetic without its checks, as PyTorch's
     * ({@code x.view(b, groups, c / groups, -1)} transposed and reshaped back).
     */
    public static Tensor nativeChannelShuffle(Tensor x, long groups) { return ExtraLayers.nativeChannelShuffle(x, groups); }

    /**
     * {@code F.conv_tbc(input, weight, bias, pad=0)}: a 1-d convolution of {@code input (time, batch, in_channels)}
     * with {@code weight (kernel_width, in_channels, out_channels)} and {@code bias (out_channels)}, {@code pad} time
     * steps of zeros at both ends; the result is {@code (time + 2 pad - kernel_width + 1, batch, out_channels)}.
     */
    public static Tensor convTbc(Tensor input, Tensor weight, Tensor bias, long pad) { return ExtraLayers.convTbc(input, weight, bias, pad); }

    /** {@code F.conv_tbc(input, weight, bias)} with no padding. */
    public static Tensor convTbc(Tensor input, Tensor weight, Tensor bias) { return ExtraLayers.convTbc(input, weight, bias, 0); }

    /** {@code F.adaptive_max_pool1d(x, output_size)}. */
    public static Tensor adaptiveMaxPool1d(Tensor x, long outputSize) { return ExtraLayers.adaptiveMaxPool1d(x, outputSize).values(); }

    /** {@code F.adaptive_max_pool1d(x, output_size, return_indices=True)}. */
    public static dev.torch4j.ValuesIndices adaptiveMaxPool1dWithIndices(Tensor x, long outputSize) {
        return ExtraLayers.adaptiveMaxPool1d(x, outputSize);
    }

    /**
     * {@code F.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=, margin=, swap=,
     * reduction=)}; a null distance is the pairwise (Euclidean) distance.
     */
    public static Tensor tripletMarginWithDistanceLoss(Tensor anchor, Tensor positive, Tensor negative,
                                                       java.util.function.BinaryOperator<Tensor> distanceFunction, double margin,
                                                       boolean swap, Reduction reduction) {
        return ExtraLayers.tripletMarginWithDistanceLoss(anchor, positive, negative, distanceFunction, margin, swap, reduction);
    }

    /** {@code F.max_unpool1d(input, indices, kernel_size, stride, padding, output_size)} (stride null: the kernel). */
    public static Tensor maxUnpool1d(Tensor input, Tensor indices, long[] kernelSize, long[] stride, long[] padding, long[] outputSize) {
        return ExtraLayers.maxUnpool(1, input, indices, kernelSize, stride, padding, outputSize);
    }

    /** {@code F.max_unpool3d(input, indices, kernel_size, stride, padding, output_size)} (stride null: the kernel). */
    public static Tensor maxUnpool3d(Tensor input, Tensor indices, long[] kernelSize, long[] stride, long[] padding, long[] outputSize) {
        return ExtraLayers.maxUnpool(3, input, indices, kernelSize, stride, padding, outputSize);
    }

    /** {@code F.gumbel_softmax(logits, tau=1, hard=False, dim=-1)}. */
    public static Tensor gumbelSoftmax(Tensor logits) { return ExtraLayers.gumbelSoftmax(logits, 1.0, false, -1); }

    /** {@code F.gumbel_softmax(logits, tau, hard, dim)}: Gumbel-softmax samples; hard gives straight-through one-hot. */
    public static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, long dim) {
        return ExtraLayers.gumbelSoftmax(logits, tau, hard, dim);
    }

    /** {@code F.rrelu(input, lower=1/8, upper=1/3, training=False)}. */
    public static Tensor rrelu(Tensor input) { return ExtraLayers.rrelu(input, 1.0 / 8, 1.0 / 3, false); }

    /** {@code F.rrelu(input, lower, upper, training)}: randomized leaky ReLU. */
    public static Tensor rrelu(Tensor input, double lower, double upper, boolean training) {
        return ExtraLayers.rrelu(input, lower, upper, training);
    }

    /** {@code F.pdist(input, p=2)}: distances between all pairs of rows. */
    public static Tensor pdist(Tensor input) { return ExtraLayers.pdist(input, 2); }

    /** {@code F.pdist(input, p)}. */
    public static Tensor pdist(Tensor input, double p) { return ExtraLayers.pdist(input, p); }

    // ---------------------------------------------------------------- multi-head attention

    /**
     * {@code F.multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight,
     * in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias)} with PyTorch's
     * defaults for the rest: training, no masks, the weights averaged over heads.
     */
    public static MultiheadAttention.Result multiHeadAttentionForward(Tensor query, Tensor key, Tensor value, long embedDimToCheck,
                                                                      long numHeads, Tensor inProjWeight, Tensor inProjBias,
                                                                      Tensor biasK, Tensor biasV, boolean addZeroAttn, double dropoutP,
                                                                      Tensor outProjWeight, Tensor outProjBias) {
        return multiHeadAttentionForward(query, key, value, embedDimToCheck, numHeads, inProjWeight, inProjBias, biasK, biasV,
                addZeroAttn, dropoutP, outProjWeight, outProjBias, true, null, true, null, false, null, null, null, null, null, true, false);
    }

    /**
     * PyTorch 2.x's {@code F.multi_head_attention_forward} with its full parameter list (null for None): the
     * attention of {@link MultiheadAttention} with explicit weights. Query {@code [L, N, E]} or unbatched
     * {@code [L, E]} (always sequence first, as PyTorch's function), key {@code [S, N, kdim]}, value
     * {@code [S, N, vdim]}; {@code in_proj_weight [3E, E]} unless {@code useSeparateProjWeight}, which takes
     * {@code q/k/v_proj_weight [E, E], [E, kdim], [E, vdim]}; {@code in_proj_bias [3E]}; {@code bias_k}/{@code bias_v}
     * {@code [1, 1, E]} appended to the keys and values; {@code static_k}/{@code static_v} {@code [N * num_heads, S, E /
     * num_heads]} replace the projected keys/values. Masks are bool (true = ignore) or floating (added):
     * {@code key_padding_mask [N, S]}, {@code attn_mask [L, S]} or {@code [N * num_heads, L, S]}; {@code isCausal}
     * is a hint that attn_mask is causal (which must still be given). Dropout applies when {@code training}.
     *
     * @return the output {@code [L, N, E]} ({@code [L, E]}), and with {@code needWeights} the attention weights
     *         {@code [N, L, S]} averaged over heads, or {@code [N, num_heads, L, S]} without
     *         {@code averageAttnWeights} (unbatched: without N); else null weights
     */
    public static MultiheadAttention.Result multiHeadAttentionForward(Tensor query, Tensor key, Tensor value, long embedDimToCheck,
                                                                      long numHeads, Tensor inProjWeight, Tensor inProjBias,
                                                                      Tensor biasK, Tensor biasV, boolean addZeroAttn, double dropoutP,
                                                                      Tensor outProjWeight, Tensor outProjBias, boolean training,
                                                                      Tensor keyPaddingMask, boolean needWeights, Tensor attnMask,
                                                                      boolean useSeparateProjWeight, Tensor qProjWeight,
                                                                      Tensor kProjWeight, Tensor vProjWeight, Tensor staticK,
                                                                      Tensor staticV, boolean averageAttnWeights, boolean isCausal) {
        return Attention.multiHeadAttentionForward(query, key, value, new Attention.MhaArgs(embedDimToCheck, numHeads, inProjWeight,
                inProjBias, biasK, biasV, addZeroAttn, dropoutP, outProjWeight, outProjBias, training, keyPaddingMask, needWeights,
                attnMask, useSeparateProjWeight, qProjWeight, kProjWeight, vProjWeight, staticK, staticV, averageAttnWeights,
                isCausal, false));
    }
}
