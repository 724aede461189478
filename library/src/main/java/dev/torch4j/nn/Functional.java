package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.ops.Nondeterministic;
import dev.torch4j.TensorOptions;
import dev.torch4j.ValuesIndices;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.backend.ActivationOp;
import dev.torch4j.core.Shapes;
import dev.torch4j.ops.FractionalMaxPool;
import dev.torch4j.ops.AutocastMode;
import dev.torch4j.ops.Padding;
import dev.torch4j.ops.Pooling;
import dev.torch4j.ops.ConvTranspose;
import dev.torch4j.ops.Convolution;
import dev.torch4j.ops.Convolution3d;
import dev.torch4j.ops.Fused;
import dev.torch4j.ops.Interpolation;

import java.util.Arrays;

/**
 * {@code torch.nn.functional}: the stateless forms of the layers and losses. Use with
 * {@code import static dev.torch4j.nn.Functional.*;}.
 *
 * <pre>{@code
 * Tensor logits = linear(x, w, b);
 * Tensor loss = crossEntropy(logits, labels);                 // reduction='mean'
 * Tensor l2 = crossEntropy(logits, labels, CrossEntropyLoss.options().labelSmoothing(0.1));
 * }</pre>
 */
public final class Functional extends LossFunctions {
    private Functional() {}

    // ---------------------------------------------------------------- linear layers

    /**
     * {@code F.linear(input, weight, bias)}: {@code input @ weight^T + bias} for input {@code [*, in]}, weight
     * {@code [out, in]}, bias {@code [out]} or null. A 2-D input with a bias is one {@code addmm}, as in PyTorch.
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LINEAR, a -> linear(a[0], a[1], a[2]), input, weight, bias);
        }
        if (input.dim() == 0) throw new IllegalArgumentException("linear: input must have at least 1 dimension, got a 0-d tensor");
        if (weight.dim() != 2 && weight.dim() != 1) {
            throw new IllegalArgumentException("linear: weight must be 1-D or 2-D, got shape " + Shapes.str(weight.shapeArray()));
        }
        long in = weight.size(-1);
        if (input.size(-1) != in) {
            throw new IllegalArgumentException("linear: mat1 and mat2 shapes cannot be multiplied (" + rows(input) + "x" + input.size(-1)
                    + " and " + in + "x" + (weight.dim() == 2 ? weight.size(0) : 1) + ") (input " + Shapes.str(input.shapeArray())
                    + ", weight " + Shapes.str(weight.shapeArray()) + ")");
        }
        // PyTorch 2.x computes a 2-D input, and a contiguous one of more dims with a 1-D bias, as one addmm, which
        // refuses a bias of another dtype; other inputs add the bias in place into the product (keeping its dtype)
        boolean fused = input.dim() == 2 || input.dim() > 2 && input.isContiguous() && bias != null && bias.dim() == 1 && weight.dim() == 2;
        if (fused && bias != null && bias.dtype() != input.dtype()) {
            throw new IllegalArgumentException("linear: expected scalar type " + input.dtype().scalarTypeName() + " but found "
                    + bias.dtype().scalarTypeName() + " (bias)");
        }
        if (input.dim() == 2 && bias != null && weight.dim() == 2) return Torch.addmm(bias, input, weight.t());
        Tensor out = input.matmul(weight.t());
        if (bias == null) return out;
        return bias.dtype() == out.dtype() ? out.add(bias) : out.add_(bias);
    }

    private static long rows(Tensor t) {
        long r = 1;
        for (int d = 0; d < t.dim() - 1; d++) r *= t.size(d);
        return r;
    }

    /**
     * {@code F.bilinear(input1, input2, weight, bias)}: {@code y[..., k] = input1 W[k] input2^T + b[k]} for inputs
     * {@code [*, in1]}, {@code [*, in2]} and weight {@code [out, in1, in2]}.
     */
    public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.PROMOTE, a -> bilinear(a[0], a[1], a[2], a[3]),
                    input1, input2, weight, bias);
        }
        if (input1.dtype() != weight.dtype() || input2.dtype() != weight.dtype()) {
            throw new IllegalArgumentException("bilinear: expected scalar type " + weight.dtype().scalarTypeName() + " but found "
                    + (input1.dtype() != weight.dtype() ? input1 : input2).dtype().scalarTypeName());
        }
        if (weight.dim() != 3) throw new IllegalArgumentException("bilinear(): weight must be three-dimensional, got shape "
                + Shapes.str(weight.shapeArray()));
        long out = weight.size(0), in1 = weight.size(1), in2 = weight.size(2);
        if (input1.dim() != input2.dim() || !Arrays.equals(Arrays.copyOf(input1.shapeArray(), input1.dim() - 1),
                Arrays.copyOf(input2.shapeArray(), input2.dim() - 1))) {
            throw new IllegalArgumentException("bilinear(): input batch dimensions do not match: got "
                    + Shapes.str(input1.shapeArray()) + " and " + Shapes.str(input2.shapeArray()));
        }
        if (input1.size(-1) != in1) throw new IllegalArgumentException("bilinear(): input1 size does not match weight size: got "
                + input1.size(-1) + " but expected " + in1);
        if (input2.size(-1) != in2) throw new IllegalArgumentException("bilinear(): input2 size does not match weight size: got "
                + input2.size(-1) + " but expected " + in2);
        long[] batch = Arrays.copyOf(input1.shapeArray(), input1.dim() - 1);
        Tensor x1 = input1.reshape(-1, in1), x2 = input2.reshape(-1, in2);
        // (x1 @ W viewed [in1, out*in2]) gives x1 W[k] for every k; then a row-wise dot with x2
        Tensor t = x1.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).view(-1, out, in2);
        Tensor y = t.mul(x2.unsqueeze(1)).sum(-1);
        if (bias != null) y = y.add(bias);
        long[] shape = Arrays.copyOf(batch, batch.length + 1);
        shape[batch.length] = out;
        return y.reshape(shape);
    }

    // ---------------------------------------------------------------- activations

    /** {@code F.relu}. */
    public static Tensor relu(Tensor x) { return x.relu(); }

    /**
     * {@code f(input)} written back into {@code input}: an activation's {@code inplace=True}. Where autograd records,
     * {@code f} reads a copy, as PyTorch's in-place ops keep the original self for their backward: the {@code copy_}
     * bumps {@code input}'s version, which would fail the backward of an {@code f} that saved {@code input}.
     */
    static Tensor inplace(Tensor input, java.util.function.UnaryOperator<Tensor> f) {
        return input.copy_(f.apply(GradMode.isEnabled() && input.requiresGrad() ? input.clone() : input));
    }

    /** {@code F.relu(x, inplace=True)}. */
    public static Tensor relu_(Tensor x) { return x.relu_(); }

    /** {@code F.sigmoid}. */
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    /** {@code F.tanh}. */
    public static Tensor tanh(Tensor x) { return x.tanh(); }

    /** {@code F.silu}: {@code x * sigmoid(x)}. */
    public static Tensor silu(Tensor x) { return floatingOnly("silu_cpu", x).silu(); }

    /** {@code F.gelu} (exact, with erf). */
    public static Tensor gelu(Tensor x) { return x.gelu(); }

    /** {@code F.gelu(x, approximate)}: "none" or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) { return floatingOnly("GeluKernelImpl", x).gelu(approximate); }

    /** PyTorch's activation kernels are floating only: an integer or bool input is refused. */
    private static Tensor floatingOnly(String kernel, Tensor x) {
        if (!x.isFloatingPoint()) throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        return x;
    }

    /** {@code F.leaky_relu(x, negative_slope=0.01)}. */
    public static Tensor leakyRelu(Tensor x) { return leakyRelu(x, 0.01); }

    /** {@code F.leaky_relu(x, negative_slope)}: x where positive, else {@code negative_slope * x}. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        if (x.isQuantized()) return dev.torch4j.ops.QuantizedActivations.leakyRelu(x, negativeSlope, x.qScale(), x.qZeroPoint());
        floatingOnly("leaky_relu_cpu", x);
        return Activations.pointwise("LeakyReluBackward0", x, ActivationOp.LEAKY_RELU, negativeSlope, 0, 0,
                v -> Torch.where(v.gt(0.0), v, v.mul(negativeSlope)),
                (v, g) -> Torch.where(v.gt(0.0), g, g.mul(negativeSlope)));
    }

    /** {@code F.elu(x, alpha=1.0)}. */
    public static Tensor elu(Tensor x) { return elu(x, 1.0); }

    /** {@code F.elu(x, alpha)}: x where positive, else {@code alpha * (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        return Activations.elu("EluBackward0", x, alpha, 1, 1);
    }

    /** {@code F.relu6(x)}: {@code min(max(x, 0), 6)}, recorded as hardtanh as PyTorch records it. */
    public static Tensor relu6(Tensor x) { return Activations.hardtanh(x, 0, 6); }

    /** {@code F.hardtanh(x)}: x clamped to [-1, 1]. */
    public static Tensor hardtanh(Tensor x) { return Activations.hardtanh(x, -1, 1); }

    /** {@code F.hardtanh(x, min_val, max_val)}: the gradient passes strictly inside the range. */
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) { return Activations.hardtanh(x, minVal, maxVal); }

    /** {@code F.softplus(x)}: {@code log(1 + exp(x))}, x itself above 20. */
    public static Tensor softplus(Tensor x) { return Activations.softplus(x, 1, 20); }

    /** {@code F.softplus(x, beta, threshold)}: {@code log(1 + exp(beta * x)) / beta}, x where {@code beta * x > threshold}. */
    public static Tensor softplus(Tensor x, double beta, double threshold) { return Activations.softplus(x, beta, threshold); }

    /** {@code F.prelu(x, weight)}: x where positive, else {@code weight * x}; one weight, or one per channel (dim 1). */
    public static Tensor prelu(Tensor x, Tensor weight) { return Activations.prelu(x, weight); }

    /** {@code F.selu(x)}: {@code scale * elu(x, alpha)} with SELU's constants. */
    public static Tensor selu(Tensor x) { return Activations.elu("EluBackward0", x, 1.6732632423543772848170429916717, 1.0507009873554804934193349852946, 1); }

    /** {@code F.celu(x)}: {@code celu(x, alpha=1)}. */
    public static Tensor celu(Tensor x) { return celu(x, 1.0); }

    /** {@code F.celu(x, alpha)}: x where positive, else {@code alpha * (exp(x / alpha) - 1)}. */
    public static Tensor celu(Tensor x, double alpha) {
        if (alpha == 0) throw new IllegalArgumentException("celu: ZeroDivisionError (alpha must not be 0)");
        return Activations.elu("CeluBackward0", x, alpha, 1, 1 / alpha);
    }

    /** {@code F.mish(x)}: {@code x * tanh(softplus(x))}. */
    public static Tensor mish(Tensor x) { return Activations.mish(x); }

    /** {@code F.hardswish(x)}: {@code x * relu6(x + 3) / 6}. */
    public static Tensor hardswish(Tensor x) { return Activations.hardswish(x); }

    /** {@code F.hardsigmoid(x)}: {@code relu6(x + 3) / 6} (of a quint8 tensor: QNNPACK's, output scale 1/256 and zero point 0). */
    public static Tensor hardsigmoid(Tensor x) {
        return x.isQuantized() ? dev.torch4j.ops.QuantizedActivations.hardsigmoid(x) : Activations.hardsigmoid(x);
    }

    /** {@code F.logsigmoid(x)}: {@code log(sigmoid(x))}, computed without overflow. */
    public static Tensor logsigmoid(Tensor x) { return Activations.logsigmoid(x); }

    /** {@code F.softsign(x)}: {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) { return x.div(x.abs().add(1.0)); }

    /** {@code F.softmin(x, dim)}: {@code softmax(-x, dim)}. */
    public static Tensor softmin(Tensor x, long dim) { return x.neg().softmax(dim); }

    /** {@code F.glu(x)}: {@link #glu(Tensor, long)} over the last dim. */
    public static Tensor glu(Tensor x) { return glu(x, -1); }

    /** {@code F.glu(x, dim)}: the first half of {@code dim} times the sigmoid of the second. */
    public static Tensor glu(Tensor x, long dim) {
        int d = dev.torch4j.core.Shapes.wrapDim("glu", dim, x.dim());
        if (x.dim() == 0) throw new IllegalArgumentException("glu does not support scalars because halving size must be even");
        if (x.size(d) % 2 != 0) {
            throw new IllegalArgumentException("glu: Halving dimension must be even, but dimension " + d + " is size " + x.size(d));
        }
        floatingOnly("glu_cpu", x);
        Tensor[] ab = x.chunk(2, d);
        return ab[0].mul(ab[1].sigmoid());
    }

    /** {@code F.threshold(x, threshold, value)}: x where {@code x > threshold}, else {@code value}. */
    public static Tensor threshold(Tensor x, double threshold, double value) { return Activations.threshold(x, threshold, value); }

    /** {@code F.threshold_(x, threshold, value)}: in place. */
    public static Tensor threshold_(Tensor x, double threshold, double value) {
        return dev.torch4j.ops.InplaceForms.apply("threshold_", x, s -> threshold(s, threshold, value));
    }

    /** {@code F.elu_(x, alpha)}: in place. */
    public static Tensor elu_(Tensor x, double alpha) { return dev.torch4j.ops.InplaceForms.apply("elu_", x, s -> elu(s, alpha)); }

    /** {@code F.elu_(x)}: alpha 1. */
    public static Tensor elu_(Tensor x) { return elu_(x, 1.0); }

    /** {@code F.celu_(x, alpha)}: in place. */
    public static Tensor celu_(Tensor x, double alpha) { return dev.torch4j.ops.InplaceForms.apply("celu_", x, s -> celu(s, alpha)); }

    /** {@code F.celu_(x)}: alpha 1. */
    public static Tensor celu_(Tensor x) { return celu_(x, 1.0); }

    /** {@code F.selu_(x)}: in place. */
    public static Tensor selu_(Tensor x) { return dev.torch4j.ops.InplaceForms.apply("selu_", x, Functional::selu); }

    /** {@code F.leaky_relu_(x, negative_slope)}: in place. */
    public static Tensor leakyRelu_(Tensor x, double negativeSlope) {
        return dev.torch4j.ops.InplaceForms.apply("leaky_relu_", x, s -> leakyReluInPlaceForm(s, negativeSlope));
    }

    /**
     * The leaky_relu an in-place call records: PyTorch's backward works from the result, which a negative slope
     * makes ambiguous, so that backward refuses it (the forward runs).
     */
    static Tensor leakyReluInPlaceForm(Tensor x, double negativeSlope) {
        if (negativeSlope >= 0) return leakyRelu(x, negativeSlope);
        floatingOnly("leaky_relu_cpu", x);
        return Activations.pointwise("LeakyReluBackward1", x, v -> {
            Tensor y = Fused.activation(ActivationOp.LEAKY_RELU, v, negativeSlope, 0, 0);
            return y != null ? y : Torch.where(v.gt(0.0), v, v.mul(negativeSlope));
        }, (v, g) -> {
            throw new IllegalStateException("In-place leakyReLu backward calculation is triggered with a negative slope which is not "
                    + "supported. This is caused by calling in-place forward function with a negative slope, please call out-of-place "
                    + "version instead. File an issue at https://github.com/pytorch/pytorch if you do require supporting in-place "
                    + "leakRelu backward calculation with negative slope");
        });
    }

    /** {@code F.leaky_relu_(x)}: slope 0.01. */
    public static Tensor leakyRelu_(Tensor x) { return leakyRelu_(x, 0.01); }

    /** {@code F.hardtanh_(x, min_val, max_val)}: in place. */
    public static Tensor hardtanh_(Tensor x, double minVal, double maxVal) {
        return dev.torch4j.ops.InplaceForms.apply("hardtanh_", x, s -> hardtanh(s, minVal, maxVal));
    }

    /** {@code F.hardtanh_(x)}: between -1 and 1. */
    public static Tensor hardtanh_(Tensor x) { return hardtanh_(x, -1, 1); }

    /** {@code F.rrelu_(x, lower, upper, training)}: in place (PyTorch's draws when training). */
    public static Tensor rrelu_(Tensor x, double lower, double upper, boolean training) {
        return dev.torch4j.ops.InplaceForms.apply("rrelu_", x, s -> rrelu(s, lower, upper, training));
    }

    /** {@code F.rrelu_(x)}: evaluation mode, the mean slope. */
    public static Tensor rrelu_(Tensor x) { return rrelu_(x, 1.0 / 8, 1.0 / 3, false); }

    /** {@code F.tanhshrink(x)}: {@code x - tanh(x)}. */
    public static Tensor tanhshrink(Tensor x) { return x.sub(x.tanh()); }

    /** {@code F.softshrink(x)}: {@code softshrink(x, lambd=0.5)}. */
    public static Tensor softshrink(Tensor x) { return softshrink(x, 0.5); }

    /** {@code F.softshrink(x, lambd)}: x moved toward 0 by {@code lambd}, 0 within {@code [-lambd, lambd]}. */
    public static Tensor softshrink(Tensor x, double lambd) { return Activations.softshrink(x, lambd); }

    /** {@code F.hardshrink(x)}: {@code hardshrink(x, lambd=0.5)}. */
    public static Tensor hardshrink(Tensor x) { return hardshrink(x, 0.5); }

    /** {@code F.hardshrink(x, lambd)}: x, or 0 within {@code [-lambd, lambd]}. */
    public static Tensor hardshrink(Tensor x, double lambd) { return Activations.hardshrink(x, lambd); }

    /** {@code F.softmax(x, dim)}. */
    public static Tensor softmax(Tensor x, long dim) { return x.softmax(dim); }

    /** {@code F.log_softmax(x, dim)}. */
    public static Tensor logSoftmax(Tensor x, long dim) { return x.logSoftmax(dim); }

    /** {@code F.softmax(x, dim, dtype=dtype)}: the input cast to {@code dtype} first. */
    public static Tensor softmax(Tensor x, long dim, DType dtype) { return x.softmax(dim, dtype); }

    /** {@code F.log_softmax(x, dim, dtype=dtype)}: the input cast to {@code dtype} first. */
    public static Tensor logSoftmax(Tensor x, long dim, DType dtype) { return x.logSoftmax(dim, dtype); }

    /** {@code F.softmin(x, dim, dtype=dtype)}: {@code softmax(-x)} computed in {@code dtype}. */
    public static Tensor softmin(Tensor x, long dim, DType dtype) { return x.neg().softmax(dim, dtype); }

    /** The dim PyTorch's softmax picks when none is given (legacy {@code _get_softmax_dim}). */
    static long implicitSoftmaxDim(Tensor x) {
        int nd = x.dim();
        return nd == 0 || nd == 1 || nd == 3 ? 0 : 1;
    }

    // ---------------------------------------------------------------- dropout

    /** {@code F.dropout(x, p=0.5, training=True)}. */
    public static Tensor dropout(Tensor x, double p, boolean training) { return dropout(x, p, training, false); }

    /**
     * {@code F.dropout(x, p, training, inplace)}: in training, zeroes each element with probability {@code p}
     * (a Bernoulli draw from the default generator) and scales the rest by {@code 1 / (1 - p)}.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, boolean inplace) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        if (p == 0 || !training || x.numel() == 0) return x;
        if (p == 1) {
            Tensor zero = Torch.zeros(Torch.shape(), Torch.dtype(x.dtype()));
            return inplace ? x.mul_(zero) : x.mul(zero);
        }
        Tensor noise;
        try (var g = GradMode.noGrad()) {
            noise = Torch.zerosLike(x).bernoulli_(1 - p);
            noise.div_(1 - p);
        }
        return inplace ? x.mul_(noise) : x.mul(noise);
    }

    // ---------------------------------------------------------------- attention

    /** {@code F.scaled_dot_product_attention(query, key, value)}: no mask, no dropout, scale {@code 1/sqrt(E)}. */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value) {
        return Attention.sdpa(query, key, value, null, 0.0, false, null);
    }

    /** {@code F.scaled_dot_product_attention(query, key, value, attn_mask)}. */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask) {
        return Attention.sdpa(query, key, value, attnMask, 0.0, false, null);
    }

    /** {@code F.scaled_dot_product_attention(query, key, value, attn_mask, dropout_p, is_causal)}. */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask, double dropoutP,
                                                   boolean isCausal) {
        return Attention.sdpa(query, key, value, attnMask, dropoutP, isCausal, null);
    }

    /**
     * {@code F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False,
     * scale=None)}: {@code softmax(query key^T * scale + bias) value} for query {@code [..., L, E]}, key
     * {@code [..., S, E]} and value {@code [..., S, Ev]} with any leading batch dims (broadcast), giving
     * {@code [..., L, Ev]}. {@code attnMask} broadcasts to {@code [..., L, S]}: a bool mask marks with true the
     * keys that take part, a floating mask is added to the scores. {@code isCausal} lets query {@code i} see keys
     * {@code 0..i} (top-left aligned when L != S) and cannot be combined with a mask. {@code scale} null means
     * {@code 1/sqrt(E)}. Dropout with probability {@code dropoutP} applies to the weights whenever it is above zero,
     * as in PyTorch (pass 0 in evaluation). A row whose keys are all masked gives zeros, as PyTorch 2.5+ does.
     *
     * <pre>{@code
     * Tensor out = scaledDotProductAttention(q, k, v, null, 0.0, true, null);   // causal self-attention
     * }</pre>
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask, double dropoutP,
                                                   boolean isCausal, Double scale) {
        return Attention.sdpa(query, key, value, attnMask, dropoutP, isCausal, scale);
    }

    // ---------------------------------------------------------------- shapes

    /** {@code torch.flatten(x, start_dim, end_dim)}. */
    public static Tensor flatten(Tensor x, long startDim, long endDim) { return x.flatten(startDim, endDim); }

    /** {@code torch.unflatten(x, dim, sizes)}: dim split into {@code sizes} (one may be -1). */
    public static Tensor unflatten(Tensor x, long dim, long... sizes) { return dev.torch4j.ops.Shaping.unflatten(x, dim, sizes); }

    /** {@code F.one_hot(tensor, num_classes)}: int64 one-hot rows for int64 class indices (-1: infer). */
    public static Tensor oneHot(Tensor tensor, long numClasses) {
        if (tensor.dtype() != DType.INT64) throw new IllegalArgumentException("one_hot is only applicable to index tensor of type LongTensor.");
        long c = numClasses;
        if (tensor.numel() == 0 && c <= 0) throw new IllegalArgumentException("Can not infer total number of classes from empty tensor.");
        if (c == -1) c = tensor.max().itemLong() + 1;
        if (tensor.numel() > 0 && tensor.min().itemLong() < 0) throw new IllegalArgumentException("one_hot: Class values must be non-negative.");
        if (tensor.numel() > 0 && tensor.max().itemLong() >= c) throw new IllegalArgumentException("one_hot: Class values must be smaller than num_classes.");
        long[] s = Arrays.copyOf(tensor.shapeArray(), tensor.dim() + 1);
        s[tensor.dim()] = c;
        return Torch.zeros(Torch.shape(s), Torch.dtype(DType.INT64).device(tensor.device()))
                .scatter(-1, tensor.unsqueeze(-1), 1.0);
    }

    // ---------------------------------------------------------------- embeddings and normalisation

    /**
     * {@code F.embedding_bag(input, weight, offsets, mode=..., per_sample_weights=..., include_last_offset=...,
     * padding_idx=...)}: the rows of each bag reduced by "sum", "mean" or "max"; {@code offsets} (bag starts) for a
     * 1-d input, null for a 2-d one; nulls for the optional arguments.
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, String mode, Tensor perSampleWeights,
                                      boolean includeLastOffset, Long paddingIdx) {
        return EmbeddingBags.embeddingBag(input, weight, offsets, mode, perSampleWeights, includeLastOffset, paddingIdx);
    }

    /**
     * {@code F.embedding_bag(input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode, sparse,
     * per_sample_weights, include_last_offset, padding_idx)}: PyTorch's argument order; {@code maxNorm} renorms the
     * looked-up rows in place first and {@code scaleGradByFreq} divides each row's gradient by its frequency, as
     * {@link #embedding(Tensor, Tensor, Long, Double, double, boolean, boolean)}.
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, Double maxNorm, double normType,
                                      boolean scaleGradByFreq, String mode, boolean sparse, Tensor perSampleWeights,
                                      boolean includeLastOffset, Long paddingIdx) {
        return EmbeddingBags.embeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode, sparse, perSampleWeights,
                includeLastOffset, paddingIdx);
    }

    /** {@code F.embedding(input, weight)}: the rows of weight at the int64/int32 indices in input. */
    public static Tensor embedding(Tensor input, Tensor weight) { return embedding(input, weight, null); }

    /**
     * {@code F.embedding(input, weight, padding_idx)}: rows of {@code weight}; the row at {@code paddingIdx}
     * (negative counts from the end) gets no gradient. Recorded as one {@code EmbeddingBackward0} node whose
     * gradient adds the output gradient rows into the looked-up rows.
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx) {
        return Embeddings.embedding(input, weight, paddingIdx, null, 2.0, false, false);
    }

    /**
     * {@code F.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse)}: with
     * {@code maxNorm}, each distinct looked-up row of {@code weight} whose {@code normType}-norm exceeds it is first
     * scaled down in place to that norm ({@code torch.embedding_renorm_}); with {@code scaleGradByFreq}, each row's
     * gradient is divided by how often the row occurs in {@code input}. {@code sparse} gradients are not supported:
     * the gradient is dense (with a warning, once), the same values a sparse one would hold.
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx, Double maxNorm, double normType,
                                   boolean scaleGradByFreq, boolean sparse) {
        return Embeddings.embedding(input, weight, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse);
    }

    /**
     * {@code F.layer_norm(x, normalized_shape, weight, bias, eps)}: normalises over the last dims (biased
     * variance), then scales and shifts; composed of differentiable ops.
     */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.LAYER_NORM, a -> layerNorm(a[0], normalizedShape, a[1], a[2], eps),
                    x, weight, bias);
        }
        if (mixedPrecision(x, weight, bias)) return layerNorm(x.to(DType.FLOAT32), normalizedShape, weight, bias, eps).to(x.dtype());
        sameDtype("layer_norm", x, weight, bias);
        int k = normalizedShape.length;
        long[] s = x.shapeArray();
        boolean ok = k > 0 && s.length >= k;
        for (int i = 0; ok && i < k; i++) ok = s[s.length - k + i] == normalizedShape[i];
        if (!ok) {
            StringBuilder expected = new StringBuilder("[*");
            for (long d : normalizedShape) expected.append(", ").append(d);
            throw new IllegalArgumentException("Given normalized_shape=" + Shapes.str(normalizedShape) + ", expected input with shape "
                    + expected + "], but got input of size" + Shapes.str(s));
        }
        Tensor fused = Fused.layerNorm(x, k, weight, bias, eps); // one kernel where the backend has one (CUDA)
        if (fused != null) return fused;
        long[] dims = new long[k];
        for (int i = 0; i < k; i++) dims[i] = s.length - k + i;
        Tensor mean = x.mean(dims, true);
        Tensor xc = x.sub(mean);
        Tensor var = xc.square().mean(dims, true);
        Tensor y = xc.mul(var.add(eps).rsqrt());
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    /**
     * PyTorch's mixed-type normalization: a float16/bfloat16 input with float32 parameters or statistics (a
     * half-precision activation under autocast meeting a float32 module) is normalized in float32 and returned in
     * the input's type.
     */
    /** PyTorch's normalization kernels take parameters and statistics of the input's floating type only. */
    private static void sameDtype(String op, Tensor x, Tensor... params) {
        if (x.dtype() == DType.FLOAT16 || x.dtype() == DType.BFLOAT16) return;   // mixed precision: float32 parameters allowed
        for (Tensor p : params) {
            if (p != null && (p.dtype() != x.dtype() || !x.isFloatingPoint())) {
                throw new IllegalArgumentException(op + ": expected scalar type " + x.dtype().scalarTypeName() + " but found " + p.dtype().scalarTypeName());
            }
        }
    }

    private static boolean mixedPrecision(Tensor x, Tensor... params) {
        if (x.dtype() != DType.FLOAT16 && x.dtype() != DType.BFLOAT16) return false;
        for (Tensor p : params) if (p != null && p.dtype() == DType.FLOAT32) return true;
        return false;
    }

    /**
     * {@code F.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps)} over input
     * {@code (N, C)} or {@code (N, C, L)}: in training, normalises with the batch statistics (biased variance) and
     * updates the running statistics in place ({@code (1 - momentum) * running + momentum * batch}, with the
     * unbiased variance); otherwise normalises with the running statistics.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (mixedPrecision(x, weight, bias, runningMean, runningVar)) {
            return batchNorm(x.to(DType.FLOAT32), runningMean, runningVar, weight, bias, training, momentum, eps).to(x.dtype());
        }
        if (x.dim() < 2) throw new IllegalArgumentException("batch_norm: expected at least 2D input (got " + x.dim() + "D input)");
        sameDtype("batch_norm", x, weight, bias, runningMean, runningVar);
        for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
            if (t != null && t.numel() != x.size(1)) {
                String name = t == runningMean ? "running_mean" : t == runningVar ? "running_var" : t == weight ? "weight" : "bias";
                throw new IllegalArgumentException(name + " should contain " + x.size(1) + " elements not " + t.numel());
            }
        }
        long c = x.size(1);
        long[] dims = new long[x.dim() - 1];
        dims[0] = 0;
        for (int d = 2; d < x.dim(); d++) dims[d - 1] = d;
        long[] chan = new long[x.dim()];
        Arrays.fill(chan, 1);
        chan[1] = c;
        long count = x.numel() / Math.max(c, 1);
        if (training && count <= 1) {
            throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size " + x.shape());
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batch_norm: running_mean and running_var must be defined in evaluation mode");
        }
        for (Tensor t : new Tensor[] {runningMean, runningVar}) { // PyTorch's autograd refuses them (not under no_grad)
            if (t != null && t.requiresGrad() && dev.torch4j.autograd.GradMode.isEnabled()) {
                throw new IllegalStateException("The function 'native_batch_norm' is not differentiable with respect to argument '"
                        + (t == runningMean ? "running_mean" : "running_var") + "'. This input cannot have requires_grad True.");
            }
        }
        Tensor fused = Fused.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
        if (fused != null) return fused;
        Tensor y;
        if (training) {
            Tensor mean = x.mean(dims, true);
            Tensor xc = x.sub(mean);
            Tensor var = xc.square().mean(dims, true);
            y = xc.mul(var.add(eps).rsqrt());
            if (runningMean != null || runningVar != null) {
                try (var g = GradMode.noGrad()) {
                    if (runningMean != null) runningMean.mul_(1 - momentum).add_(mean.reshape(c).mul(momentum));
                    if (runningVar != null) runningVar.mul_(1 - momentum).add_(var.reshape(c).mul((double) count / (count - 1) * momentum));
                }
            }
        } else {
            y = x.sub(runningMean.view(chan)).mul(runningVar.view(chan).add(eps).rsqrt());
        }
        if (weight != null) y = y.mul(weight.view(chan));
        if (bias != null) y = y.add(bias.view(chan));
        return y;
    }

    /**
     * {@code F.rms_norm(x, normalized_shape, weight, eps)} (PyTorch 2.4): {@code x * rsqrt(mean(x^2) + eps)} over the
     * last {@code normalizedShape.length} dims, computed in float32 for half inputs, times {@code weight} when given;
     * a null {@code eps} is the machine epsilon of that computation type.
     */
    public static Tensor rmsNorm(Tensor x, long[] normalizedShape, Tensor weight, Double eps) {
        int k = normalizedShape.length;
        if (k == 0 || k > x.dim()) {
            throw new IllegalArgumentException("rms_norm: normalized_shape " + Arrays.toString(normalizedShape) + " does not fit an input of shape "
                    + Shapes.str(x.shapeArray()));
        }
        for (int i = 0; i < k; i++) {
            if (x.size(x.dim() - k + i) != normalizedShape[i]) {
                throw new IllegalArgumentException("Given normalized_shape=" + Arrays.toString(normalizedShape) + ", expected input with shape [*, "
                        + Arrays.toString(normalizedShape).substring(1) + ", but got input of size" + Shapes.str(x.shapeArray()));
            }
        }
        DType op = x.dtype() == DType.FLOAT16 || x.dtype() == DType.BFLOAT16 ? DType.FLOAT32 : x.dtype();
        double e = eps != null ? eps : op == DType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
        long[] dims = new long[k];
        for (int i = 0; i < k; i++) dims[i] = x.dim() - i - 1;
        Tensor up = x.to(op);
        Tensor r = up.mul(up.pow(2L).mean(dims, true).add(e).rsqrt()).to(x.dtype());
        return weight == null ? r : r.mul(weight);
    }

    // ---------------------------------------------------------------- pooling (ops.Pooling)

    /** {@code F.max_pool2d(x, kernel_size)} with a square kernel: stride = kernel, no padding. */
    public static Tensor maxPool2d(Tensor x, long kernelSize) { return maxPool2d(x, new long[] {kernelSize}); }

    /**
     * {@code F.max_pool2d(x, kernel_size, stride)}, PyTorch's positional form: a square kernel and stride (a kernel of
     * two sizes is {@code maxPool2d(x, new long[] {kh, kw})}, PyTorch's tuple).
     */
    public static Tensor maxPool2d(Tensor x, long kernelSize, long stride) {
        return maxPool2d(x, new long[] {kernelSize}, new long[] {stride}, new long[] {0}, new long[] {1}, false);
    }

    /** {@code F.max_pool2d(x, (kh, kw))}: stride = kernel, no padding. */
    public static Tensor maxPool2d(Tensor x, long[] kernelSize) { return maxPool2d(x, kernelSize, null, new long[] {0}, new long[] {1}, false); }

    /**
     * {@code F.max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode)} over {@code (C, H, W)} or
     * {@code (N, C, H, W)}; each array holds one int or a pair, a null or empty stride means the kernel size.
     */
    public static Tensor maxPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return Pooling.maxPool2dWithIndices(x, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /** {@code F.max_pool2d(..., return_indices=True)}: the values and their flat {@code h * W + w} indices (int64). */
    public static ValuesIndices maxPool2dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return Pooling.maxPool2dWithIndices(x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** {@code F.max_pool1d(x, kernel_size)}: stride = kernel. */
    public static Tensor maxPool1d(Tensor x, long kernelSize) { return maxPool1d(x, kernelSize, 0, 0, 1, false); }

    /** {@code F.max_pool1d(x, kernel_size, stride)}. */
    public static Tensor maxPool1d(Tensor x, long kernelSize, long stride) { return maxPool1d(x, kernelSize, stride, 0, 1, false); }

    /** {@code F.max_pool1d(x, kernel_size, stride, padding, dilation, ceil_mode)} over {@code (C, L)} or {@code (N, C, L)}; stride 0 means the kernel size. */
    public static Tensor maxPool1d(Tensor x, long kernelSize, long stride, long padding, long dilation, boolean ceilMode) {
        return Pooling.maxPool1dWithIndices(x, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /** {@code F.max_pool1d(..., return_indices=True)}. */
    public static ValuesIndices maxPool1dWithIndices(Tensor x, long kernelSize, long stride, long padding, long dilation, boolean ceilMode) {
        return Pooling.maxPool1dWithIndices(x, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** {@code F.avg_pool2d(x, kernel_size)} with a square kernel: stride = kernel, no padding. */
    public static Tensor avgPool2d(Tensor x, long kernelSize) { return avgPool2d(x, new long[] {kernelSize}); }

    /** {@code F.avg_pool2d(x, kernel_size, stride)}, PyTorch's positional form (see {@link #maxPool2d(Tensor, long, long)}). */
    public static Tensor avgPool2d(Tensor x, long kernelSize, long stride) {
        return avgPool2d(x, new long[] {kernelSize}, new long[] {stride}, new long[] {0}, false, true, null);
    }

    /** {@code F.avg_pool2d(x, (kh, kw))}: stride = kernel, no padding. */
    public static Tensor avgPool2d(Tensor x, long[] kernelSize) { return avgPool2d(x, kernelSize, null, new long[] {0}, false, true, null); }

    /** {@code F.avg_pool2d(x, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)}; a null divisor override means none. */
    public static Tensor avgPool2d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad, Long divisorOverride) {
        return Pooling.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** {@code F.avg_pool1d(x, kernel_size)}. */
    public static Tensor avgPool1d(Tensor x, long kernelSize) { return avgPool1d(x, kernelSize, 0, 0, false, true); }

    /** {@code F.avg_pool1d(x, kernel_size, stride)}. */
    public static Tensor avgPool1d(Tensor x, long kernelSize, long stride) { return avgPool1d(x, kernelSize, stride, 0, false, true); }

    /** {@code F.avg_pool1d(x, kernel_size, stride, padding, ceil_mode, count_include_pad)}; stride 0 means the kernel size. */
    public static Tensor avgPool1d(Tensor x, long kernelSize, long stride, long padding, boolean ceilMode, boolean countIncludePad) {
        return Pooling.avgPool1d(x, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    /** {@code F.max_pool3d(x, kernel_size, stride, padding, dilation, ceil_mode)}: each size one int or three; null stride = kernel. */
    public static Tensor maxPool3d(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return Pooling3d.maxPool3d(x, kernelSize, stride, padding, dilation, ceilMode, false).values();
    }

    /**
     * {@code F.max_pool3d_with_indices(x, kernel_size, stride, padding, dilation, ceil_mode)} ({@code F.max_pool3d(...,
     * return_indices=True)}): the maxima and their flat {@code d * H * W + h * W + w} indices in the input volume, as
     * {@link #maxUnpool3d} takes them; each size one int or three, a null stride means the kernel size.
     */
    public static ValuesIndices maxPool3dWithIndices(Tensor x, long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        return Pooling3d.maxPool3d(x, kernelSize, stride, padding, dilation, ceilMode, true);
    }

    /** {@code F.avg_pool3d(x, kernel_size, stride, padding, ceil_mode, count_include_pad)}: each size one int or three. */
    public static Tensor avgPool3d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad) {
        return Pooling3d.avgPool3d(x, kernelSize, stride, padding, ceilMode, countIncludePad, null);
    }

    /**
     * {@code F.avg_pool3d(x, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)}: each size
     * one int or three; a divisor override (null: none) divides every window's sum instead of its element count.
     */
    public static Tensor avgPool3d(Tensor x, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad,
                                   Long divisorOverride) {
        return Pooling3d.avgPool3d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** {@code F.adaptive_avg_pool3d(x, output_size)} (one int or three). */
    public static Tensor adaptiveAvgPool3d(Tensor x, long... outputSize) { return Pooling3d.adaptiveAvg(x, outputSize); }

    /** {@code F.adaptive_max_pool3d(x, output_size)} (one int or three): the values. */
    public static Tensor adaptiveMaxPool3d(Tensor x, long... outputSize) { return Pooling3d.adaptiveMax(x, outputSize, false).values(); }

    /**
     * {@code F.adaptive_max_pool3d_with_indices(x, output_size)} ({@code F.adaptive_max_pool3d(..., return_indices=True)}):
     * the maxima and their flat {@code d * H * W + h * W + w} indices.
     */
    public static ValuesIndices adaptiveMaxPool3dWithIndices(Tensor x, long... outputSize) { return Pooling3d.adaptiveMax(x, outputSize, true); }

    /** {@code F.adaptive_avg_pool2d(x, output_size)} (one int or a pair). */
    public static Tensor adaptiveAvgPool2d(Tensor x, long... outputSize) { return Pooling.adaptiveAvgPool2d(x, outputSize); }

    /** {@code F.adaptive_avg_pool1d(x, output_size)}. */
    public static Tensor adaptiveAvgPool1d(Tensor x, long outputSize) { return Pooling.adaptiveAvgPool1d(x, outputSize); }

    /** {@code F.adaptive_max_pool2d(x, output_size)} (one int or a pair). */
    public static Tensor adaptiveMaxPool2d(Tensor x, long... outputSize) { return Pooling.adaptiveMaxPool2d(x, outputSize).values(); }

    /** {@code F.adaptive_max_pool2d(x, output_size, return_indices=True)}. */
    public static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor x, long... outputSize) { return Pooling.adaptiveMaxPool2d(x, outputSize); }

    // ---------------------------------------------------------------- padding, pixel shuffle, 2-d dropout and normalisation

    /** {@code F.pad(x, pad)}: constant zero padding; {@code pad} lists (left, right) pairs from the last dim. */
    public static Tensor pad(Tensor x, long... pad) { return Padding.pad(x, pad, "constant", 0.0); }

    /** {@code F.pad(x, pad, mode, value)}: mode "constant", "reflect", "replicate" or "circular" (value is for constant). */
    public static Tensor pad(Tensor x, long[] pad, String mode, double value) { return Padding.pad(x, pad, mode, value); }

    /** {@code F.pixel_shuffle(x, upscale_factor)}. */
    public static Tensor pixelShuffle(Tensor x, long upscaleFactor) { return Padding.pixelShuffle(x, upscaleFactor); }

    /** {@code F.pixel_unshuffle(x, downscale_factor)}: {@code [..., C, H*r, W*r] -> [..., C*r*r, H, W]}, pixel_shuffle undone. */
    public static Tensor pixelUnshuffle(Tensor x, long downscaleFactor) { return Padding.pixelUnshuffle(x, downscaleFactor); }

    /**
     * {@code F.dropout2d(x, p, training, inplace)}: zeroes whole channels of {@code (N, C, H, W)} (or unbatched
     * {@code (C, H, W)}) with probability p and scales the rest by {@code 1 / (1 - p)}.
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training, boolean inplace) { return featureDropout("dropout2d", x, p, training, inplace, 4); }

    /** {@code F.dropout1d(x, p, training, inplace)}: {@link #dropout2d}'s channel dropout over {@code (N, C, L)} or {@code (C, L)}. */
    public static Tensor dropout1d(Tensor x, double p, boolean training, boolean inplace) { return featureDropout("dropout1d", x, p, training, inplace, 3); }

    /** {@code F.dropout3d(x, p, training, inplace)}: channel dropout over {@code (N, C, D, H, W)} or {@code (C, D, H, W)}. */
    public static Tensor dropout3d(Tensor x, double p, boolean training, boolean inplace) { return featureDropout("dropout3d", x, p, training, inplace, 5); }

    /** Whole channels zeroed: a Bernoulli mask of shape {@code (N, C, 1, ...)} (or {@code (C, 1, ...)} unbatched), scaled by 1 / (1 - p). */
    private static Tensor featureDropout(String op, Tensor x, double p, boolean training, boolean inplace, int batchedDims) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        if (x.dim() != batchedDims - 1 && x.dim() != batchedDims) {
            throw new IllegalArgumentException(op + ": Expected " + (batchedDims - 1) + "D or " + batchedDims + "D input, but received a "
                    + x.dim() + "D input");
        }
        if (p == 0 || !training || x.numel() == 0) return x;
        long[] ms = x.shapeArray().clone();
        for (int d = x.dim() == batchedDims ? 2 : 1; d < ms.length; d++) ms[d] = 1;
        Tensor noise;
        try (var g = GradMode.noGrad()) {
            noise = Torch.zeros(Size.of(ms), TensorOptions.DEFAULT.dtype(x.dtype()).device(x.device()));
            if (p < 1) noise.bernoulli_(1 - p).div_(1 - p);
        }
        return inplace ? x.mul_(noise) : x.mul(noise);
    }

    /**
     * {@code F.group_norm(x, num_groups, weight, bias, eps)} over {@code (N, C, *)}: normalises each group of
     * {@code C / num_groups} channels of each sample with its own mean and biased variance, then applies the
     * per-channel affine (weight, bias may be null).
     */
    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias, double eps) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.GROUP_NORM, a -> groupNorm(a[0], numGroups, a[1], a[2], eps),
                    x, weight, bias);
        }
        if (mixedPrecision(x, weight, bias)) return groupNorm(x.to(DType.FLOAT32), numGroups, weight, bias, eps).to(x.dtype());
        // PyTorch's order: F.group_norm's rank and batch-size checks (on N*C // G), then native_group_norm's
        if (x.dim() < 2) throw new IllegalArgumentException("Expected at least 2 dimensions for input tensor but received " + x.dim());
        long n = x.size(0), c = x.size(1);
        if (numGroups == 0) throw new ArithmeticException("group_norm: integer division or modulo by zero (num_groups=0)");
        long prods = Math.floorDiv(n * c, numGroups);   // _verify_batch_size over [N*C//G, G, *spatial] (G not counted)
        for (int d = 2; d < x.dim(); d++) prods *= x.size(d);
        if (prods == 1) {   // PyTorch prints the list it checked
            long[] checked = x.shapeArray();
            checked[0] = Math.floorDiv(n * c, numGroups);
            checked[1] = numGroups;
            throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input size "
                    + Arrays.toString(checked));
        }
        sameDtype("group_norm", x, weight, bias);
        if (numGroups < 0 || c % numGroups != 0) {
            throw new IllegalArgumentException("Expected number of channels in input to be divisible by num_groups, but got input of shape "
                    + Shapes.str(x.shapeArray()) + " and num_groups=" + numGroups);
        }
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && (p.dim() != 1 || p.numel() != c)) {
                throw new IllegalArgumentException("Expected " + (p == weight ? "weight" : "bias") + " to be a vector of size equal to the number of "
                        + "channels in input, but got " + (p == weight ? "weight" : "bias") + " of shape " + Shapes.str(p.shapeArray())
                        + " and input of shape " + Shapes.str(x.shapeArray()));
            }
        }
        Tensor fused = Fused.groupNorm(x, numGroups, weight, bias, eps);
        if (fused != null) return fused;
        Tensor xg = x.reshape(n, numGroups, -1);
        // each group is a layer norm of its row: one kernel each way where the backend has one
        Tensor y = Fused.layerNorm(xg, 1, null, null, eps);
        if (y == null) {
            Tensor xc = xg.sub(xg.mean(new long[] {-1}, true));
            y = xc.mul(xc.square().mean(new long[] {-1}, true).add(eps).rsqrt());
        }
        y = y.view(x.shapeArray());
        long[] chan = new long[x.dim()];
        Arrays.fill(chan, 1);
        chan[1] = c;
        if (weight != null) y = y.mul(weight.view(chan));
        if (bias != null) y = y.add(bias.view(chan));
        return y;
    }

    /**
     * {@code F.instance_norm(x, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)} over
     * {@code (N, C, *)}: batch norm of each (sample, channel) plane on its own; with input statistics the running
     * statistics (if given) move towards the batch average of the per-instance statistics, as in PyTorch.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        if (x.dim() < 3) throw new IllegalArgumentException("instance_norm: expected at least 3D input (got " + x.dim() + "D input)");
        sameDtype("instance_norm", x, weight, bias, runningMean, runningVar);
        long n = x.size(0), c = x.size(1);
        long[] shape = x.shapeArray();
        long[] folded = shape.clone();
        folded[0] = 1;
        folded[1] = n * c;
        Tensor rm = null, rv = null;
        if (runningMean != null) rm = runningMean.detach().unsqueeze(0).expand(n, c).reshape(n * c).clone();
        if (runningVar != null) rv = runningVar.detach().unsqueeze(0).expand(n, c).reshape(n * c).clone();
        Tensor y = batchNorm(x.reshape(folded), rm, rv, null, null, useInputStats, momentum, eps).view(shape);
        if (useInputStats) {
            try (var g = GradMode.noGrad()) {
                if (runningMean != null) runningMean.copy_(rm.view(n, c).mean(new long[] {0}, false));
                if (runningVar != null) runningVar.copy_(rv.view(n, c).mean(new long[] {0}, false));
            }
        }
        long[] chan = new long[x.dim()];
        Arrays.fill(chan, 1);
        chan[1] = c;
        if (weight != null) y = y.mul(weight.view(chan));
        if (bias != null) y = y.add(bias.view(chan));
        return y;
    }

    // ---------------------------------------------------------------- convolution (ops.Convolution)

    /** {@code F.conv2d(input, weight)}: stride 1, no padding, no bias. */
    public static Tensor conv2d(Tensor input, Tensor weight) { return conv2d(input, weight, null); }

    /** {@code F.conv2d(input, weight, bias)} (bias may be null). */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv2d(input, weight, bias, new long[] {1}, new long[] {0}, new long[] {1}, 1);
    }

    /**
     * {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)}: input [N, C, H, W] or [C, H, W],
     * weight [O, C/groups, kH, kW]; stride/padding/dilation as one value or {@code {h, w}}.
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv2d(..., padding="same"|"valid", ...)}; "same" pads (asymmetrically for even kernels) to keep H, W. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation, long groups) {
        return Convolution.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv1d(input, weight, bias)} (bias may be null). */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution.conv1d(input, weight, bias, new long[] {1}, new long[] {0}, new long[] {1}, 1);
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)}: input [N, C, L] or [C, L], weight [O, C/groups, k]. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return Convolution.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv1d(..., padding="same"|"valid", ...)}. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation, long groups) {
        return Convolution.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * {@code F.unfold(input, kernel_size, dilation, padding, stride)} (im2col): [N, C, H, W] to
     * [N, C*kH*kW, L], each column one sliding block; each argument one value or {@code {h, w}}.
     */
    public static Tensor unfold(Tensor input, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        return Convolution.unfold(input, kernelSize, dilation, padding, stride);
    }

    /** {@code F.unfold(input, kernel_size)}. */
    public static Tensor unfold(Tensor input, long... kernelSize) {
        return Convolution.unfold(input, kernelSize, new long[] {1}, new long[] {0}, new long[] {1});
    }

    /** {@code F.fold(input, output_size, kernel_size, dilation, padding, stride)} (col2im, summing overlaps): [N, C*kH*kW, L] to [N, C, H, W]. */
    public static Tensor fold(Tensor input, long[] outputSize, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
        return Convolution.fold(input, outputSize, kernelSize, dilation, padding, stride);
    }

    /** {@code F.fold(input, output_size, kernel_size)}. */
    public static Tensor fold(Tensor input, long[] outputSize, long[] kernelSize) {
        return Convolution.fold(input, outputSize, kernelSize, new long[] {1}, new long[] {0}, new long[] {1});
    }

    // ---------------------------------------------------------------- 3-d and transposed convolution, interpolation

    /** {@code F.conv3d(input, weight, bias)} (bias may be null). */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) {
        return Convolution3d.conv3d(input, weight, bias, new long[] {1}, new long[] {0}, new long[] {1}, 1);
    }

    /**
     * {@code F.conv3d(input, weight, bias, stride, padding, dilation, groups)}: input [N, C, D, H, W] or
     * [C, D, H, W], weight [O, C/groups, kD, kH, kW]; stride/padding/dilation as one value or {@code {d, h, w}}.
     */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        return Convolution3d.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv3d(..., padding="same"|"valid", ...)}. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, long[] stride, String padding, long[] dilation, long groups) {
        return Convolution3d.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }

    /** {@code F.conv_transpose2d(input, weight, bias)}: stride 1, no padding (bias may be null). */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias) {
        return ConvTranspose.convTranspose2d(input, weight, bias, new long[] {1}, new long[] {0}, new long[] {0}, 1, new long[] {1});
    }

    /**
     * {@code F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)} (PyTorch's
     * argument order: groups before dilation): input [N, C_in, H, W] or [C_in, H, W], weight
     * [C_in, C_out/groups, kH, kW]; the gradient of {@code conv2d} with respect to its input.
     */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        return ConvTranspose.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code F.conv_transpose3d(input, weight, bias)}: stride 1, no padding (bias may be null). */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias) {
        return ConvTranspose.convTranspose3d(input, weight, bias, new long[] {1}, new long[] {0}, new long[] {0}, 1, new long[] {1});
    }

    /**
     * {@code F.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation)}: input
     * [N, C_in, D, H, W] or [C_in, D, H, W], weight [C_in, C_out/groups, kD, kH, kW]; the gradient of
     * {@code conv3d} with respect to its input.
     */
    public static Tensor convTranspose3d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        return ConvTranspose.convTranspose3d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** {@code F.conv_transpose1d(input, weight, bias)}: stride 1, no padding (bias may be null). */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias) {
        return ConvTranspose.convTranspose1d(input, weight, bias, new long[] {1}, new long[] {0}, new long[] {0}, 1, new long[] {1});
    }

    /** {@code F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)}: weight [C_in, C_out/groups, k]. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
            long groups, long[] dilation) {
        return ConvTranspose.convTranspose1d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /**
     * {@code F.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)} over [N, C, W],
     * [N, C, H, W] or [N, C, D, H, W]: mode "nearest", "nearest-exact", "linear" (3-d input), "bilinear" or
     * "bicubic" (4-d), "trilinear" (5-d) or "area"; exactly one of {@code size}/{@code scaleFactor} non-null (one
     * value for all spatial dims or one each); null align_corners/recompute_scale_factor mean PyTorch's None.
     */
    public static Tensor interpolate(Tensor input, long[] size, double[] scaleFactor, String mode, Boolean alignCorners,
            Boolean recomputeScaleFactor) {
        return Interpolation.interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    /**
     * {@code F.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor, antialias)}:
     * {@code antialias=true} (bilinear or bicubic, 4-d input) filters as PIL does, the filter widened by the
     * downscale factor, so downscaled images do not alias; bicubic then uses a = -0.5 (PIL's) instead of -0.75.
     * uint8 images (bilinear, bicubic; either way) resample in fixed point, as PyTorch 2.x's CPU kernels and PIL do.
     *
     * <pre>{@code
     * Tensor small = Functional.interpolate(img, new long[] {224, 224}, null, "bicubic", false, null, true);
     * }</pre>
     */
    public static Tensor interpolate(Tensor input, long[] size, double[] scaleFactor, String mode, Boolean alignCorners,
            Boolean recomputeScaleFactor, boolean antialias) {
        return Interpolation.interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor, antialias);
    }

    /** {@code F.interpolate(input, size=size, mode=mode)}. */
    public static Tensor interpolate(Tensor input, long[] size, String mode) {
        return Interpolation.interpolate(input, size, null, mode, null, null);
    }

    /** {@code F.interpolate(input, scale_factor=scaleFactor, mode=mode)}: output size floor(in * scale), positions mapped by 1/scale. */
    public static Tensor interpolate(Tensor input, double scaleFactor, String mode) {
        return Interpolation.interpolate(input, null, new double[] {scaleFactor}, mode, null, null);
    }

    /**
     * {@code F.upsample(input, size, scale_factor, mode, align_corners)}: {@link #interpolate} under its old name
     * (deprecated in PyTorch, which warns).
     */
    public static Tensor upsample(Tensor input, long[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        return Interpolation.interpolate(input, size, scaleFactor, mode, alignCorners, null);
    }

    /** {@code F.upsample_nearest(input, size=size)}: {@code interpolate(input, size, mode="nearest")} (deprecated). */
    public static Tensor upsampleNearest(Tensor input, long[] size) {
        return Interpolation.interpolate(input, size, null, "nearest", null, null);
    }

    /** {@code F.upsample_nearest(input, scale_factor=scale)} (deprecated). */
    public static Tensor upsampleNearest(Tensor input, double scaleFactor) {
        return Interpolation.interpolate(input, null, new double[] {scaleFactor}, "nearest", null, null);
    }

    /** {@code F.upsample_bilinear(input, size=size)}: {@code interpolate(..., mode="bilinear", align_corners=True)} (deprecated). */
    public static Tensor upsampleBilinear(Tensor input, long[] size) {
        return Interpolation.interpolate(input, size, null, "bilinear", true, null);
    }

    /** {@code F.upsample_bilinear(input, scale_factor=scale)} (deprecated): corners aligned, as the old function did. */
    public static Tensor upsampleBilinear(Tensor input, double scaleFactor) {
        return Interpolation.interpolate(input, null, new double[] {scaleFactor}, "bilinear", true, null);
    }

    /**
     * {@code F.fractional_max_pool2d(input, kernel_size, output_size=, output_ratio=, _random_samples=)}: one of
     * outputSize (per spatial dim) and outputRatio (in (0, 1)) non-null; null samples draw PyTorch's
     * {@code rand(N, C, 2)} from the default generator.
     */
    public static Tensor fractionalMaxPool2d(Tensor input, long[] kernelSize, long[] outputSize, double[] outputRatio, Tensor samples) {
        return fractionalMaxPool2dWithIndices(input, kernelSize, outputSize, outputRatio, samples).values();
    }

    /** {@code F.fractional_max_pool2d(..., return_indices=True)}: values and flat indices within each plane. */
    public static ValuesIndices fractionalMaxPool2dWithIndices(Tensor input, long[] kernelSize, long[] outputSize, double[] outputRatio,
            Tensor samples) {
        return fractional(2, input, kernelSize, outputSize, outputRatio, samples);
    }

    /** {@code F.fractional_max_pool3d(input, kernel_size, output_size=, output_ratio=, _random_samples=)}. */
    public static Tensor fractionalMaxPool3d(Tensor input, long[] kernelSize, long[] outputSize, double[] outputRatio, Tensor samples) {
        return fractionalMaxPool3dWithIndices(input, kernelSize, outputSize, outputRatio, samples).values();
    }

    /** {@code F.fractional_max_pool3d(..., return_indices=True)}. */
    public static ValuesIndices fractionalMaxPool3dWithIndices(Tensor input, long[] kernelSize, long[] outputSize, double[] outputRatio,
            Tensor samples) {
        return fractional(3, input, kernelSize, outputSize, outputRatio, samples);
    }

    private static ValuesIndices fractional(int nd, Tensor input, long[] kernelSize, long[] outputSize, double[] outputRatio, Tensor samples) {
        Nondeterministic.backwardOnCuda("fractional_max_pool" + nd + "d_backward_cuda", input);
        if (outputSize == null && outputRatio == null) {
            throw new IllegalArgumentException("fractional_max_pool" + nd + "d requires specifying either an output_size or an output_ratio");
        }
        String op = "fractional_max_pool" + nd + "d";
        long[] kernel = ConvNd.expand(op, "kernel_size", kernelSize, nd);
        double[] ratio = null;
        if (outputSize == null) {
            ratio = outputRatio.length == nd ? outputRatio.clone() : java.util.stream.DoubleStream.generate(() -> outputRatio[0]).limit(nd).toArray();
        }
        long[] out = FractionalMaxPool.outputSize(nd, input, outputSize == null ? null : ConvNd.expand(op, "output_size", outputSize, nd), ratio);
        return FractionalMaxPool.pool(nd, input, kernel, out, samples != null ? samples : FractionalMaxPool.samples(nd, input));
    }
}
