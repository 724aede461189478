package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ops.Nondeterministic;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Less common layers composed of other ops as PyTorch composes them: local response norm, power-average pooling,
 * max unpooling, alpha dropout, channel shuffle, 1-d adaptive max pooling, and the triplet loss with a distance
 * function of one's own.
 */
final class ExtraLayers {
    private ExtraLayers() {}

    /** {@code F.local_response_norm}: x over (k + alpha * mean of x^2 over a window of size channels)^beta. */
    static Tensor localResponseNorm(Tensor x, long size, double alpha, double beta, double k) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("Expected 3D or higher dimensionality input (got " + x.dim() + " dimensions)");
        }
        // PyTorch average-pools x*x in x's dtype: of the integer types its pools take int64 alone
        boolean integral = !x.isFloatingPoint();
        if (integral && x.dtype() != DType.INT64) {
            throw new IllegalArgumentException("\"" + (x.dim() == 3 ? "avg_pool2d" : "avg_pool3d_out_frame") + "\" not implemented for '"
                    + x.dtype().scalarTypeName() + "'");
        }
        if (x.numel() == 0) return integral ? x.to(Torch.getDefaultDtype()) : x;
        long c = x.size(1);
        Tensor sq = x.mul(x);
        // zero padding of size/2 before and (size-1)/2 after along channels, then the window means
        long before = size / 2, after = (size - 1) / 2;
        List<Tensor> parts = new ArrayList<>();
        long[] padShape = sq.shapeArray();
        if (before > 0) {
            padShape[1] = before;
            parts.add(Torch.zeros(dev.torch4j.Size.of(padShape), Torch.dtype(x.dtype()).device(x.device())));
        }
        parts.add(sq);
        if (after > 0) {
            padShape = sq.shapeArray();
            padShape[1] = after;
            parts.add(Torch.zeros(dev.torch4j.Size.of(padShape), Torch.dtype(x.dtype()).device(x.device())));
        }
        Tensor padded = Torch.cat(parts, 1);
        Tensor sum = padded.narrow(1, 0, c);
        for (long i = 1; i < size; i++) sum = sum.add(padded.narrow(1, i, c));
        // an int64 average truncates as the pool's integer division does; alpha then makes it floating
        Tensor mean = integral ? sum.div(Torch.tensor(size).to(x.device()), "trunc") : sum.div((double) size);
        return x.div(mean.mul(alpha).add(k).pow(beta));
    }

    /** {@code F.lp_pool2d} / {@code lp_pool1d}: {@code (sum over the window of x^p)^(1/p)} via an average pool. */
    static Tensor lpPool(Tensor x, double p, long[] kernel, long[] stride, boolean ceilMode) {
        Tensor powered = x.pow(p);
        Tensor avg;
        long window;
        if (kernel.length == 1) {
            avg = Functional.avgPool1d(powered, kernel[0], stride == null ? kernel[0] : stride[0], 0, ceilMode, true);
            window = kernel[0];
        } else {
            avg = Functional.avgPool2d(powered, kernel, stride == null ? kernel : stride, new long[] {0}, ceilMode, true, null);
            window = kernel[0] * kernel[1];
        }
        return avg.sign().mul(avg.abs().relu()).mul((double) window).pow(1.0 / p);
    }

    /** {@code F.max_unpool2d}: the values put back at max_pool2d's flat indices in a zero output. */
    static Tensor maxUnpool2d(Tensor x, Tensor indices, long[] kernel, long[] stride, long[] padding, long[] outputSize) {
        return maxUnpool(2, x, indices, kernel, stride, padding, outputSize);
    }

    /**
     * {@code F.max_unpool1d/2d/3d}: the values scattered to their flat positions (the pooling's indices) in a zero
     * output of the given size or {@code (in - 1) * stride - 2 * padding + kernel} per spatial dim.
     */
    static Tensor maxUnpool(int nd, Tensor x, Tensor indices, long[] kernel, long[] stride, long[] padding, long[] outputSize) {
        String op = "max_unpool" + nd + "d";
        Nondeterministic.onCuda(nd == 3 ? "max_unpooling3d_forward_out" : "max_unpooling2d_forward_out", x);
        if (x.dim() != nd + 1 && x.dim() != nd + 2) {
            throw new IllegalArgumentException(op + ": expected a " + (nd + 1) + "-d or " + (nd + 2) + "-d input, got " + x.dim() + "-d");
        }
        if (!java.util.Arrays.equals(x.shapeArray(), indices.shapeArray())) {
            throw new IllegalArgumentException(op + ": Expected shape of indices to be same as that of the input tensor (" + x.shape()
                    + ") but got indices tensor with shape: " + indices.shape());
        }
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": elements in indices should be type int64 but got: " + indices.dtype().scalarTypeName());
        }
        long[] k = spread(kernel, nd), st = stride == null ? k : spread(stride, nd), pd = spread(padding, nd);
        boolean batched = x.dim() == nd + 2;
        Tensor in = batched ? x : x.unsqueeze(0), idx = batched ? indices : indices.unsqueeze(0);
        long n = in.size(0), c = in.size(1);
        long[] out = new long[nd];
        long total = 1;
        if (outputSize != null && outputSize.length != nd && outputSize.length != nd + 2) {
            throw new IllegalArgumentException(op + ": output_size must have " + nd + " or " + (nd + 2) + " elements (got " + outputSize.length + ")");
        }
        for (int i = 0; i < nd; i++) {
            long dflt = (in.size(2 + i) - 1) * st[i] - 2 * pd[i] + k[i];
            out[i] = outputSize != null ? outputSize[outputSize.length - nd + i] : dflt;
            // PyTorch's _unpool_output_size: strictly within a stride of the default
            if (outputSize != null && (out[i] <= dflt - st[i] || out[i] >= dflt + st[i])) {
                throw new IllegalArgumentException(op + ": invalid output_size " + java.util.Arrays.toString(outputSize) + " (dim " + i
                        + " must be between " + (dflt - st[i]) + " and " + (dflt + st[i]) + ")");
            }
            total *= out[i];
        }
        long[] shape = new long[nd + 2];
        shape[0] = n;
        shape[1] = c;
        System.arraycopy(out, 0, shape, 2, nd);
        if (total == 0) {   // nothing to place (PyTorch checks no index nor dtype then)
            Tensor empty = Torch.zeros(Torch.shape(shape), Torch.dtype(x.dtype()).device(x.device()));
            return batched ? empty : empty.squeeze(0);
        }
        if (!x.isFloatingPoint()) {
            throw new IllegalArgumentException("\"max_unpool" + (nd == 3 ? 3 : 2) + "d\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        }
        if (idx.device().isCpu()) checkUnpoolIndices(idx, total, nd == 1 ? new long[] {out[0], 1} : out);
        Tensor r = Torch.zeros(Torch.shape(n, c, total), Torch.dtype(x.dtype()).device(x.device()))
                .scatter(2, idx.reshape(n, c, -1), in.reshape(n, c, -1)).reshape(shape);
        return batched ? r : r.squeeze(0);
    }

    /**
     * PyTorch's refusal of an index outside the output: it names the last such index in row-major order (its kernel
     * overwrites one slot as it goes; what a single thread reports) and the output's spatial sizes (a 1-d unpool
     * runs as a 2-d one of width 1).
     */
    private static void checkUnpoolIndices(Tensor idx, long total, long[] sizes) {
        Long bad = null;
        for (long v : idx.toLongArray()) if (v < 0 || v >= total) bad = v;
        if (bad == null) return;
        StringBuilder sb = new StringBuilder();
        for (long d : sizes) sb.append(sb.isEmpty() ? "" : "x").append(d);
        throw new IllegalArgumentException("Found an invalid max index: " + bad + " (output volumes are of size " + sb);
    }

    private static long[] spread(long[] v, int nd) {
        if (v.length == nd) return v.clone();
        long[] r = new long[nd];
        java.util.Arrays.fill(r, v[0]);
        return r;
    }

    /**
     * {@code F.gumbel_softmax(logits, tau, hard, dim)}: softmax of {@code (logits + g) / tau} with Gumbel noise
     * {@code g = -log(Exponential(1))} drawn as PyTorch draws it; {@code hard} returns the one-hot argmax with the soft
     * sample's gradient (straight-through).
     */
    static Tensor gumbelSoftmax(Tensor logits, double tau, boolean hard, long dim) {
        Tensor gumbels;
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            gumbels = Torch.emptyLike(logits).exponential_().log().neg();
        }
        Tensor ySoft = logits.add(gumbels).div(tau).softmax(dim);
        if (!hard) return ySoft;
        Tensor index = ySoft.max(dim, true).indices();
        Tensor yHard = Torch.zerosLike(logits).scatter_(dim, index, 1.0);
        return yHard.sub(ySoft.detach()).add(ySoft);
    }

    /**
     * {@code F.rrelu(input, lower, upper, training)}: in training each non-positive element is multiplied by its own
     * slope drawn uniformly from [lower, upper] (PyTorch's CPU draws, element by element); in evaluation a leaky ReLU
     * with slope {@code (lower + upper) / 2}.
     */
    static Tensor rrelu(Tensor x, double lower, double upper, boolean training) {
        if (lower > upper) {
            throw new IllegalArgumentException("rrelu: Lower bound should be less than or equal to the upper bound, got lower " + lower
                    + " and upper " + upper);
        }
        if (!training) return Functional.leakyRelu(x, (lower + upper) / 2);
        double[] v = x.detach().cpu().contiguous().toDoubleArray();
        double[] noise = new double[v.length];
        // PyTorch holds the bounds in the op's math type: float for everything but float64
        boolean f64 = x.dtype() == dev.torch4j.DType.FLOAT64;
        double lo = f64 ? lower : (float) lower, hi = f64 ? upper : (float) upper;
        dev.torch4j.Generator.defaultGenerator().withEngine(g -> {
            for (int i = 0; i < v.length; i++) noise[i] = v[i] <= 0 ? dev.torch4j.backend.cpu.random.CpuRandom.uniformDouble(g, lo, hi) : 1;
        });
        Tensor r = Torch.fromArray(noise).reshape(x.shapeArray()).to(x.device(), x.dtype());
        return x.mul(r);
    }

    /** {@code F.pdist(input, p)}: the p-norm distances between the rows of {@code [N, M]}, pairs i < j in row-major order. */
    static Tensor pdist(Tensor x, double p) {
        if (x.dim() != 2) throw new IllegalArgumentException("pdist only supports 2D tensors, got: " + x.dim() + "D");
        if (p < 0) throw new IllegalArgumentException("pdist only supports non-negative p values");
        if (!x.isFloatingPoint()) throw new IllegalArgumentException("pdist only supports floating-point dtypes");
        long n = x.size(0);
        Tensor ij = Torch.triuIndices(n, n, 1).to(x.device());
        Tensor diff = x.indexSelect(0, ij.select(0, 0)).sub(x.indexSelect(0, ij.select(0, 1)));
        // p = 0 counts the differing coordinates (NaN ones too); PyTorch's pdist backward gives it zero gradients
        if (p == 0) return diff.sign().abs().nanToNum(1.0, null, null).sum(1);
        return diff.norm(p, 1L, false);
    }

    /**
     * {@code F.alpha_dropout} ({@code feature}: {@code feature_alpha_dropout}, one draw per channel): keeps SELU's
     * mean and variance, the dropped values set to SELU's negative saturation; PyTorch's noise draws.
     */
    static Tensor alphaDropout(Tensor x, double p, boolean training, boolean feature) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        if (p == 0 || !training || x.numel() == 0) return x;
        if (p == 1) return x.mul(Torch.zeros(Torch.shape(), Torch.dtype(x.dtype())));
        final double alpha = 1.7580993408473766;
        double a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
        Tensor noise, b;
        try (var g = GradMode.noGrad()) {
            long[] shape = x.shapeArray();
            if (feature) for (int i = 2; i < shape.length; i++) shape[i] = 1;
            noise = Torch.zeros(dev.torch4j.Size.of(shape), Torch.dtype(x.dtype()).device(x.device())).bernoulli_(1 - p);
            b = noise.add(-1.0).mul_(alpha * a).add_(alpha * a * p);
            noise.mul_(a);
        }
        return x.mul(noise).add(b);
    }

    /** {@code F.channel_shuffle(x, groups)}: channels regrouped as (C/g, g) read transposed. */
    /**
     * PyTorch's {@code native_channel_shuffle} ({@code math_channel_shuffle}): {@code x.view(b, groups, c / groups, -1)},
     * the middle dims swapped, reshaped back. Unlike channel_shuffle it checks nothing beyond the view, as PyTorch's.
     */
    static Tensor nativeChannelShuffle(Tensor x, long groups) {
        if (groups <= 0) throw new IllegalArgumentException("native_channel_shuffle: groups must be positive, got " + groups);
        long b = x.size(0), c = x.size(1);
        return x.view(b, groups, c / groups, -1).permute(0, 2, 1, 3).contiguous().reshape(x.shapeArray());
    }

    /**
     * {@code torch.conv_tbc(input, weight, bias, pad)}: a 1-d convolution over time of {@code input (T, B, Cin)} with
     * {@code weight (kw, Cin, Cout)} and {@code bias (Cout)}, padded by {@code pad} steps at both ends, giving
     * {@code (T + 2 pad - kw + 1, B, Cout)}; computed as conv1d on the permuted views.
     */
    static Tensor convTbc(Tensor input, Tensor weight, Tensor bias, long pad) {
        if (input.dim() != 3) throw new IllegalArgumentException("Input must have 3 dims: time, batch, in_channel");
        if (weight.dim() != 3) throw new IllegalArgumentException("Weight tensor must have 3 dims: kernel_width, in_channels, out_channels.");
        if (bias.dim() != 1) throw new IllegalArgumentException("Bias must be 1-D");
        if (pad < 0) throw new IllegalArgumentException("conv_tbc: negative padding is not supported, got " + pad);
        if (weight.size(1) != input.size(2)) throw new IllegalArgumentException("Input dim 2 (input channels) is not == dim 1 in the weight tensor");
        if (bias.size(0) != weight.size(2)) throw new IllegalArgumentException("Bias size must equal dim 2 in the weight tensor (output channels).");
        long olen = input.size(0) - weight.size(0) + 1 + 2 * pad;
        if (olen < 0) {
            throw new IllegalArgumentException("Trying to create tensor with negative dimension " + olen + ": "
                    + Shapes.str(new long[] {olen, input.size(1), weight.size(2)}));
        }
        Tensor y = Functional.conv1d(input.permute(1, 2, 0), weight.permute(2, 1, 0), bias, new long[] {1}, new long[] {pad},
                new long[] {1}, 1);
        return y.permute(2, 0, 1);
    }

    static Tensor channelShuffle(Tensor x, long groups) {
        if (groups <= 0) throw new IllegalArgumentException("Number of groups to divide channels in must be positive. Value of groups:" + groups);
        long c = x.size(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException("Number of channels must be divisible by groups. Got " + c + " channels and " + groups + " groups.");
        }
        long[] s = x.shapeArray();
        long[] grouped = new long[s.length + 1];
        grouped[0] = s[0];
        grouped[1] = groups;
        grouped[2] = c / groups;
        System.arraycopy(s, 2, grouped, 3, s.length - 2);
        return x.reshape(grouped).transpose(1, 2).contiguous().reshape(s);
    }

    /** {@code F.adaptive_max_pool1d(x, output_size)} with indices, through the 2-d pool. */
    static dev.torch4j.ValuesIndices adaptiveMaxPool1d(Tensor x, long outputSize) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("adaptive_max_pool1d(): Expected 2D or 3D tensor, but got: " + Shapes.str(x.shapeArray()));
        }
        var r = Functional.adaptiveMaxPool2dWithIndices(x.unsqueeze(-2), 1, outputSize);
        return new dev.torch4j.ValuesIndices(r.values().squeeze(-2), r.indices().squeeze(-2));
    }

    /** {@code F.triplet_margin_with_distance_loss}: {@code max(d(a, p) - d(a, n) + margin, 0)}, d pairwise by default. */
    static Tensor tripletMarginWithDistanceLoss(Tensor anchor, Tensor positive, Tensor negative, BinaryOperator<Tensor> distance,
                                                double margin, boolean swap, Reduction r) {
        if (margin <= 0) throw new IllegalArgumentException("triplet_margin_with_distance_loss: expected margin to be greater than 0, got "
                + dev.torch4j.nn.Py.repr(margin) + " instead");
        BinaryOperator<Tensor> d = distance != null ? distance : Functional::pairwiseDistance;
        Tensor dp = d.apply(anchor, positive), dn = d.apply(anchor, negative);
        if (swap) dn = dn.minimum(d.apply(positive, negative));
        return Losses.reduce(dp.sub(dn).add(margin).clampMin(0.0), r);
    }
}
