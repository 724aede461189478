package dev.torch4j;

import dev.torch4j.autograd.GradMode;
import dev.torch4j.nn.Functional;

/**
 * The {@code torch.native_*} normalisations and dropout with their tuple outputs (the statistics they save for
 * backward), the norms weight normalisation and {@code nn.utils} use ({@code norm_except_dim},
 * {@code frobenius_norm}, {@code native_norm}), and SyncBatchNorm's building blocks ({@code batch_norm_stats},
 * {@code batch_norm_gather_stats[_with_counts]}, {@code batch_norm_elemt}, {@code batch_norm_backward_reduce},
 * {@code batch_norm_backward_elemt}, {@code batch_norm_update_stats}). The main outputs come from the F functions;
 * the statistics are computed beside them. Inherited by {@link Torch}.
 */
abstract class NnNativeFunctions extends RnnFunctions {
    NnNativeFunctions() {}

    /** Every dim but 1 (the channels) of an {@code (N, C, *)} input. */
    private static long[] allButChannels(Tensor input) {
        long[] dims = new long[input.dim() - 1];
        dims[0] = 0;
        for (int i = 1; i < dims.length; i++) dims[i] = i + 1;
        return dims;
    }

    /** {@code 1 / sqrt(var + eps)}. */
    private static Tensor invstd(Tensor var, double eps) { return var.add(eps).rsqrt(); }

    // ---------------------------------------------------------------- native_* (outputs with their saved statistics)

    /**
     * {@code torch.native_layer_norm(input, normalized_shape, weight, bias, eps)}: {output, mean, rstd}; mean and
     * rstd (1 / sqrt(biased var + eps)) have input's leading dims and size 1 in each normalised dim, and, as in
     * PyTorch, do not require grad.
     */
    public static Tensor[] nativeLayerNorm(Tensor input, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        Tensor out = Functional.layerNorm(input, normalizedShape, weight, bias, eps);
        long[] dims = new long[normalizedShape.length];
        for (int i = 0; i < dims.length; i++) dims[i] = input.dim() - dims.length + i;
        try (var g = GradMode.noGrad()) {
            return new Tensor[] {out, input.mean(dims, true), invstd(input.var(dims, false, true), eps)};
        }
    }

    /**
     * {@code torch.native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)}:
     * {output, save_mean, save_invstd}. Training: the batch's per-channel mean and 1 / sqrt(biased var + eps), and
     * the running statistics are updated as {@link Functional#batchNorm} updates them; evaluation: both saved
     * statistics are empty ({@code [0]}), as PyTorch's CPU kernel returns them. They do not require grad.
     */
    public static Tensor[] nativeBatchNorm(Tensor input, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
            boolean training, double momentum, double eps) {
        Tensor out = Functional.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
        try (var g = GradMode.noGrad()) {
            if (!training) {
                Tensor empty = Torch.empty(Size.of(0), TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device()));
                return new Tensor[] {out, empty, empty.clone()};
            }
            long[] dims = allButChannels(input);
            return new Tensor[] {out, input.mean(dims, false), invstd(input.var(dims, false, false), eps)};
        }
    }

    /**
     * {@code torch.native_group_norm(input, weight, bias, N, C, HxW, group, eps)}: {output, mean, rstd}, the
     * statistics {@code (N, group)} and differentiable, as PyTorch's.
     *
     * @throws IllegalArgumentException when N, C and HxW do not describe input
     */
    public static Tensor[] nativeGroupNorm(Tensor input, Tensor weight, Tensor bias, long n, long c, long hxw, long group, double eps) {
        if (input.numel() != n * c * hxw || input.size(0) != n || input.size(1) != c) {
            throw new IllegalArgumentException("Expected input of " + n + " x " + c + " x " + hxw + " elements (N, C, HxW), got sizes "
                    + input.size());
        }
        Tensor out = Functional.groupNorm(input, group, weight, bias, eps);
        Tensor grouped = input.reshape(n, group, -1);
        long[] last = {2};
        return new Tensor[] {out, grouped.mean(last, false), invstd(grouped.var(last, false, false), eps)};
    }

    /**
     * {@code torch.native_dropout(input, p, train)}: {output, mask}, mask the bool tensor of kept elements; the draw
     * and the scaling by 1 / (1 - p) are {@link Functional#dropout}'s. Not training: a copy of input and an all-true
     * mask.
     */
    public static Tensor[] nativeDropout(Tensor input, double p, boolean train) {
        if (!train) {
            Tensor all = Torch.ones(Size.of(input.shapeArray()), TensorOptions.DEFAULT.dtype(DType.BOOL).device(input.device()));
            return new Tensor[] {input.clone(), all};
        }
        Tensor noise = Functional.dropout(Torch.onesLike(input).detach(), p, true);
        return new Tensor[] {input.mul(noise), noise.ne(0.0)};
    }

    /** {@code torch.native_norm(input, p)}: the p-norm of all elements (PyTorch has it for sparse and CUDA tensors only). */
    public static Tensor nativeNorm(Tensor input, double p) { return input.norm(p); }

    /** {@code torch.native_norm(input)}: the 2-norm of all elements. */
    public static Tensor nativeNorm(Tensor input) { return input.norm(2); }

    /** {@code torch.native_norm(input, p, dim, keepdim, dtype)}: over dims, computed in dtype when given. */
    public static Tensor nativeNorm(Tensor input, double p, long[] dim, boolean keepdim, DType dtype) {
        return (dtype == null ? input : input.to(dtype)).norm(p, dim, keepdim);
    }

    // ---------------------------------------------------------------- norms of weight normalisation

    /** {@code torch.frobenius_norm(input, dim, keepdim)}: {@code sqrt(sum |x|^2)} over dim (PyTorch 2.x requires dim). */
    public static Tensor frobeniusNorm(Tensor input, long[] dim, boolean keepdim) { return input.norm(2, dim, keepdim); }

    /**
     * {@code torch.norm_except_dim(v, pow, dim)}: the pow-norm over every dim but {@code dim}, shaped with size 1
     * everywhere except dim (nn.utils.weight_norm's {@code g}); dim -1 gives the norm of all elements, 0-d.
     */
    public static Tensor normExceptDim(Tensor v, double pow, long dim) {
        if (dim == -1) return v.norm(pow);
        int d = (int) (dim < 0 ? dim + v.dim() : dim);
        long[] dims = new long[v.dim() - 1];
        for (int i = 0, j = 0; i < v.dim(); i++) if (i != d) dims[j++] = i;
        return v.norm(pow, dims, true);
    }

    /** {@code torch.norm_except_dim(v)}: pow 2, dim 0. */
    public static Tensor normExceptDim(Tensor v) { return normExceptDim(v, 2, 0); }

    // ---------------------------------------------------------------- SyncBatchNorm's building blocks

    /** {@code torch.batch_norm_stats(input, eps)}: {mean, invstd} per channel of {@code (N, C, *)}, over this process's batch. */
    public static Tensor[] batchNormStats(Tensor input, double eps) {
        long[] dims = allButChannels(input);
        return new Tensor[] {input.mean(dims, false), invstd(input.var(dims, false, false), eps)};
    }

    /**
     * {@code torch.batch_norm_gather_stats_with_counts(input, mean, invstd, running_mean, running_var, momentum, eps,
     * counts)}: the global {mean, invstd} of several processes' statistics ({@code mean}, {@code invstd}:
     * {@code (world, C)}; counts: each one's element count per channel), merged as the parallel variance formula
     * merges them; the running statistics (when given) move by momentum toward the global mean and unbiased variance.
     */
    public static Tensor[] batchNormGatherStatsWithCounts(Tensor input, Tensor mean, Tensor invstd, Tensor runningMean, Tensor runningVar,
            double momentum, double eps, Tensor counts) {
        Tensor n = counts.to(mean.device(), mean.dtype()).unsqueeze(1); // (world, 1)
        Tensor total = n.sum();
        Tensor globalMean = mean.mul(n).sum(0).div(total);
        Tensor var = invstd.pow(-2).sub(eps); // each process's biased variance
        Tensor globalVar = var.add(mean.sub(globalMean).square()).mul(n).sum(0).div(total);
        if (runningMean != null || runningVar != null) {
            try (var g = GradMode.noGrad()) {
                if (runningMean != null) runningMean.mul_(1 - momentum).add_(globalMean.mul(momentum).to(runningMean.dtype()));
                if (runningVar != null) {
                    Tensor unbiased = globalVar.mul(total).div(total.sub(1.0));
                    runningVar.mul_(1 - momentum).add_(unbiased.mul(momentum).to(runningVar.dtype()));
                }
            }
        }
        return new Tensor[] {globalMean, invstd(globalVar, eps)};
    }

    /** {@code torch.batch_norm_gather_stats(...)}: {@link #batchNormGatherStatsWithCounts} with one count for every process. */
    public static Tensor[] batchNormGatherStats(Tensor input, Tensor mean, Tensor invstd, Tensor runningMean, Tensor runningVar,
            double momentum, double eps, long count) {
        Tensor counts = Torch.full(new long[] {mean.size(0)}, (double) count, TensorOptions.DEFAULT.dtype(mean.dtype()).device(mean.device()));
        return batchNormGatherStatsWithCounts(input, mean, invstd, runningMean, runningVar, momentum, eps, counts);
    }

    /** Per-channel stat {@code (C)} shaped to broadcast over {@code (N, C, *)}. */
    private static Tensor perChannel(Tensor stat, Tensor input) {
        long[] shape = new long[input.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = -1;
        return stat.reshape(shape);
    }

    /** {@code torch.batch_norm_elemt(input, weight, bias, mean, invstd, eps)}: {@code (x - mean) * invstd * weight + bias} per channel. */
    public static Tensor batchNormElemt(Tensor input, Tensor weight, Tensor bias, Tensor mean, Tensor invstd, double eps) {
        Tensor y = input.sub(perChannel(mean, input)).mul(perChannel(invstd, input));
        if (weight != null) y = y.mul(perChannel(weight, input));
        return bias == null ? y : y.add(perChannel(bias, input));
    }

    /**
     * {@code torch.batch_norm_backward_reduce(grad_out, input, mean, invstd, weight, input_g, weight_g, bias_g)}:
     * {sum_dy, sum_dy_xmu, grad_weight, grad_bias} per channel over this process's batch: {@code sum(dy)},
     * {@code sum(dy * (x - mean))}, {@code sum_dy_xmu * invstd} and {@code sum_dy}; the first two are null unless
     * input_g, grad_weight unless weight_g (and a weight), grad_bias unless bias_g.
     */
    public static Tensor[] batchNormBackwardReduce(Tensor gradOut, Tensor input, Tensor mean, Tensor invstd, Tensor weight,
            boolean inputG, boolean weightG, boolean biasG) {
        long[] dims = allButChannels(input);
        Tensor sumDy = gradOut.sum(dims, false);
        Tensor sumDyXmu = gradOut.mul(input.sub(perChannel(mean, input))).sum(dims, false);
        return new Tensor[] {inputG ? sumDy : null, inputG ? sumDyXmu : null, weightG && weight != null ? sumDyXmu.mul(invstd) : null,
                biasG ? sumDy : null};
    }

    /**
     * {@code torch.batch_norm_backward_elemt(grad_out, input, mean, invstd, weight, sum_dy, sum_dy_xmu, count)}: the
     * input's gradient from the global sums (all processes') and the per-process counts ({@code count}, int):
     * {@code (dy - sum_dy / N - (x - mean) * invstd^2 * sum_dy_xmu / N) * invstd * weight} with N their total.
     */
    public static Tensor batchNormBackwardElemt(Tensor gradOut, Tensor input, Tensor mean, Tensor invstd, Tensor weight, Tensor sumDy,
            Tensor sumDyXmu, Tensor count) {
        Tensor total = count.to(input.device(), input.dtype()).sum();
        Tensor meanDy = perChannel(sumDy.div(total), input), meanDyXmu = perChannel(sumDyXmu.div(total), input);
        Tensor is = perChannel(invstd, input);
        Tensor g = gradOut.sub(meanDy).sub(input.sub(perChannel(mean, input)).mul(is.square()).mul(meanDyXmu)).mul(is);
        return weight == null ? g : g.mul(perChannel(weight, input));
    }

    /**
     * {@code torch.batch_norm_update_stats(input, running_mean, running_var, momentum)}: {mean, biased var} per
     * channel of this batch; the running statistics (when given) move by momentum toward the mean and the unbiased
     * variance.
     */
    public static Tensor[] batchNormUpdateStats(Tensor input, Tensor runningMean, Tensor runningVar, double momentum) {
        long[] dims = allButChannels(input);
        Tensor mean = input.mean(dims, false), var = input.var(dims, false, false);
        long n = input.numel() / Math.max(1, input.size(1));
        try (var g = GradMode.noGrad()) {
            if (runningMean != null) runningMean.mul_(1 - momentum).add_(mean.mul(momentum).to(runningMean.dtype()));
            if (runningVar != null) runningVar.mul_(1 - momentum).add_(var.mul(momentum * n / Math.max(1, n - 1)).to(runningVar.dtype()));
        }
        return new Tensor[] {mean, var};
    }
}
