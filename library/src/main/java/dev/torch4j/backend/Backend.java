package dev.torch4j.backend;

import dev.torch4j.DType;
import dev.torch4j.Device;

/**
 * A device's primitive kernels (DESIGN.md §5). Everything else is composed once above this interface, so a new
 * backend implements only these. Operands arrive as {@link Strided} descriptors already broadcast to the output's
 * shape (stride 0 on expanded dims); unless a method says otherwise, all operands share one compute dtype.
 */
public interface Backend {
    Device device();

    /** A zero-filled storage of {@code numel} elements. */
    Storage allocate(DType dtype, long numel);

    /** Elementwise copy with dtype conversion: {@code dst} and {@code src} have the same shape. */
    void copy(Strided dst, Strided src);

    /** Sets every element of {@code dst} to {@code value} converted to dst's dtype. */
    void fill(Strided dst, double value);

    /** Sets every element of an integer {@code dst} to {@code value} exactly (int64 values beyond 2^53). */
    void fillLong(Strided dst, long value);

    /** {@code out = op(in)}; predicates write bool. */
    void unary(UnaryOp op, Strided out, Strided in);

    /** {@code out = op(a, b)}; predicate ops write bool. */
    void binary(BinaryOp op, Strided out, Strided a, Strided b);

    /** {@code out = cond ? a : b}; cond is bool, a/b/out share a dtype. */
    void where(Strided out, Strided cond, Strided a, Strided b);

    /**
     * Reduces {@code in} over the dims flagged in {@code reduce} into {@code out}, which has {@code in}'s rank with
     * size 1 on reduced dims. {@code in} may have any dtype. SUM/PROD accumulate in float64 (floating in; a backend
     * may add short fixed-order float32 trees first, at most 3 float32 roundings per element) or int64 (integral or
     * bool in); results must not depend on timing or thread count and write out's dtype (in's or a wider one); MAX/MIN write in's dtype and propagate NaN;
     * ARGMAX/ARGMIN write int64 (the first occurrence, in row-major order of the reduced dims; NaN counts as both
     * the largest and the smallest value); ANY/ALL write 1/0 into a bool or uint8 out. Over an empty reduced range
     * SUM/PROD/ANY/ALL write their identity and the others throw (the op layer reports PyTorch's error first).
     */
    void reduce(ReduceOp op, Strided out, Strided in, boolean[] reduce);

    /**
     * Cumulative SUM or PROD of {@code in} along {@code dim} into {@code out} (same shape). Floating inputs
     * accumulate in float64, integral and bool inputs in int64; out's dtype is in's or a wider one.
     */
    void scan(ReduceOp op, Strided out, Strided in, int dim);

    /**
     * Stable sort of {@code in} along {@code dim}: the sorted elements into {@code values} (in's dtype) and their
     * positions along dim into {@code indices} (int64). NaN sorts as the largest value and -0.0 equals 0.0;
     * {@code descending} reverses the order but keeps equal elements in their original order, as PyTorch's
     * stable sort does.
     */
    void sort(Strided values, Strided indices, Strided in, int dim, boolean descending);

    /**
     * The first {@code k} (0 &lt; k &lt; the size of dim) elements of {@link #sort}'s result along {@code dim}, into
     * {@code values} and {@code indices} (size k along dim), the same elements and order, without sorting whole
     * lines. False, having written nothing, when this backend has no such kernel for in's dtype (then the caller
     * sorts).
     */
    default boolean topk(Strided values, Strided indices, Strided in, int dim, int k, boolean largest) { return false; }

    /**
     * Batched matrix product of 3-d operands {@code [B, M, K] x [B, K, N] -> [B, M, N]} (any strides; the batch
     * stride may be 0 for a broadcast operand). float32 and float64; float16 and bfloat16 where
     * {@link #bmmReducedPrecision} says so (other dtypes are handled by the op layer).
     */
    void bmm(Strided out, Strided a, Strided b);

    /**
     * {@link #bmm} into an {@code out} that holds zeros (a storage fresh from {@link #allocate}), so a backend may
     * add the product to it instead of clearing it first; the result is the same as {@link #bmm}'s.
     */
    default void bmmIntoZeros(Strided out, Strided a, Strided b) { bmm(out, a, b); }

    /**
     * Whether {@link #bmm} takes float16 and bfloat16 operands itself, summing in float32 and rounding each result
     * once (CUDA: cuBLAS GemmEx on tensor cores). Otherwise callers compute such products in float32 and round.
     */
    default boolean bmmReducedPrecision() { return false; }

    // ---- indexing (gather, index_select, take and advanced indexing are all this one read; scatter, index_add and
    // index_put_ this one write: the op layer restrides operands so one kernel serves every op, as PyTorch's
    // index kernel does)

    /**
     * Advanced-indexing read: for every point p of {@code out}'s shape,
     * {@code out[p] = src.storage[src.offset + sum_d p_d * src.strides_d + sum_k ix.indices[k][p] * ix.strides[k]]}.
     * {@code src} is restrided to out's shape (stride 0 on the dims the indices replace); out and src share a
     * dtype. Throws {@link IndexOutOfRange} for an index value outside its dim (after the other elements may
     * have been written).
     */
    void index(Strided out, Strided src, Indexer ix);

    /**
     * Advanced-indexing write, the mirror of {@link #index}: for every point p of {@code values}' shape, writes
     * {@code values[p]} (same dtype as self) to the element of {@code self} (restrided to values' shape) that
     * {@link #index} would read; with {@code accumulate} it adds instead, and every duplicate index adds.
     * Throws {@link IndexOutOfRange} like {@link #index}.
     */
    void indexPut(Strided self, Strided values, Indexer ix, boolean accumulate);

    /**
     * The coordinates of the nonzero elements of {@code in} (ndim &gt;= 1) in row-major order: a new int64
     * storage of {@code count * ndim} elements ({@code torch.nonzero}).
     */
    Storage nonzero(Strided in);

    /**
     * 2-d max pooling of {@code in} {@code [B, H, W]} (float32 or float64, any strides) into contiguous
     * {@code values [B, OH, OW]} (in's dtype) and {@code indices} (int64, {@code h * W + w} within the plane).
     * {@code params} = {kH, kW, strideH, strideW, padH, padW, dilationH, dilationW}; padded positions never win,
     * NaN wins and propagates (PyTorch's max_pool2d_with_indices).
     */
    void maxPool2d(Strided values, Strided indices, Strided in, int[] params);

    /**
     * im2col: {@code cols [B, C*kH*kW, oH*oW]} (contiguous) gathers each dilated, strided window of
     * {@code in [B, C, H, W]} (float32/float64, any strides), zero where it reads padding. {@code params} =
     * {kH, kW, strideH, strideW, padTop, padLeft, dilationH, dilationW, oH, oW} (the output grid is given, so the
     * bottom/right padding may differ from the top/left).
     */
    void im2col(Strided cols, Strided in, int[] params);

    /**
     * col2im, im2col's adjoint: {@code out [B, C, H, W]} (contiguous, overwritten) sums every element of
     * {@code cols [B, C*kH*kW, oH*oW]} (any strides) into the input position it was read from; same params.
     */
    void col2im(Strided out, Strided cols, int[] params);

    /**
     * The matrix factorizations of {@code torch.linalg} on this device, or null when it has none (the op layer then
     * runs them on the CPU and moves the results back, as PyTorch does with its hybrid CPU-GPU LAPACK paths).
     */
    default LinalgKernels linalg() { return null; }

    // ---- optional fused kernels: an op tries one and composes the same arithmetic from the primitives above when
    // it returns false (the default), so a backend implements them only where a single pass pays off

    /**
     * {@code beta * input + alpha * (a @ b)} for 3-d operands as {@link #bmm} takes them, {@code input} broadcast to
     * the product's shape {@code [B, M, N]} (stride 0 on expanded dims), beta not 0: a new contiguous storage of
     * {@code B*M*N} elements, or null when this backend has no kernel for these operands (then a product and a
     * broadcast add compose it).
     */
    default Storage addmm(Strided input, Strided a, Strided b, double beta, double alpha) { return null; }

    /**
     * The integer product of a dynamic quantized linear layer: {@code C[i][j] = sum_k (a[i][k] - aZero) * (b[j][k] - bZero)}
     * for contiguous 2-d {@code a} (uint8, M x K) and {@code b} (int8, N x K), exact in int32; a new M x N int32
     * storage, or null where this backend leaves it to the op layer's composite.
     */
    default Storage int8Gemm(Strided a, int aZero, Strided b, int bZero) { return null; }

    /**
     * A separable resampling pass along {@code dim} of a contiguous float32 or float64 {@code in}:
     * {@code out[..., o, ...] = sum_j weight[o*taps + j] * in[..., index[o*taps + j], ...]}, accumulated tap by tap
     * from the first in the tensor's dtype (each product rounded, then added), as PyTorch's antialiased interpolation
     * kernels do; a new contiguous storage, or null where this backend leaves it to the op layer's composite.
     */
    default Storage resample(Strided in, int dim, long outSize, long[] index, double[] weight, int taps) { return null; }

    /**
     * {@link #resample}'s uint8 form (PIL's fixed point, as PyTorch 2.x): {@code clamp((2^(p-1) + sum_j w16[o*taps + j]
     * * in[..., index[o*taps + j], ...]) >> p, 0, 255)} with int16 weights, summed exactly; a new contiguous uint8
     * storage, or null where this backend leaves it to the op layer's composite.
     */
    default Storage resampleUint8(Strided in, int dim, long outSize, long[] index, int[] w16, int taps, int precision) { return null; }

    /**
     * Softmax, or with {@code log} log-softmax, along the last dim of a contiguous {@code [rows, n]} floating operand
     * (n &gt; 0) in one pass: {@code exp(x - max) / sum} or {@code (x - max) - log(sum)} with {@code sum} the row's
     * sum of {@code exp(x - max)}, as a new contiguous storage; null when this backend has no kernel for these
     * operands (then a max, a sum and elementwise ops compose it).
     */
    default Storage softmax(Strided x, boolean log) { return null; }

    /**
     * The gradient of {@link #softmax} from its output {@code y} and the output's gradient {@code grad} (contiguous
     * {@code [rows, n]}, one floating dtype): {@code grad - exp(y) * sum(grad)} for log-softmax,
     * {@code grad * y - y * sum(grad * y)} for softmax (sums over each row), as a new contiguous storage; null when
     * this backend has no kernel for these operands.
     */
    default Storage softmaxBackward(Strided grad, Strided y, boolean log) { return null; }

    /**
     * The discrete Fourier transform {@code X[k] = scale * sum_j x[j] exp(sign 2 pi i jk / n)} of each signal of a
     * float32/float64 operand {@code x [b..., n, P]} ({@code P = 2}: real and imaginary parts; {@code P = 1}: a real
     * signal), any strides, written into {@code out [b..., m, P']} of x's dtype (any strides, not overlapping x):
     * the first {@code m <= n} frequencies, {@code P' = 1} for the real parts only. With {@code hermitian}, x
     * ({@code P = 2}) holds the first {@code m/2 + 1} frequencies of a Hermitian signal of length {@code m}
     * (the imaginary parts of frequency 0 and, for even m, m/2 ignored) and out ({@code P' = 1}) receives its
     * real transform. False, having written nothing, when this backend has no kernel (then {@code ops.FftKernel}
     * composes it of real tensor ops).
     */
    default boolean fft(Strided out, Strided x, int sign, double scale, boolean hermitian) { return false; }

    /** Whether {@link #fft} has a kernel here (so callers allocate its output only when it may be used). */
    default boolean hasFft() { return false; }

    /**
     * Layer normalisation of each row of a contiguous {@code [rows, n]} floating operand in one pass:
     * {@code (x - mean) / sqrt(var + eps)} (biased variance), times {@code weight} and plus {@code bias} ({@code [n]},
     * contiguous, x's dtype, or null). New storages {@code {y [rows, n], mean [rows], rstd [rows]}}
     * ({@code rstd = 1 / sqrt(var + eps)}), or null when this backend has no kernel for these operands (then the op
     * layer composes it).
     */
    default Storage[] layerNorm(Strided x, Strided weight, Strided bias, double eps) { return null; }

    /**
     * The input gradient of {@link #layerNorm} from the output gradient {@code grad} and {@code x} (contiguous
     * {@code [rows, n]}), its {@code mean} and {@code rstd} ({@code [rows]}) and {@code weight} (or null): with
     * {@code xhat = (x - mean) * rstd} and {@code gh = grad * weight}, {@code rstd * (gh - mean(gh) - xhat *
     * mean(gh * xhat))} over each row, as a new contiguous storage; null when this backend has no kernel.
     */
    default Storage layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight) { return null; }

    /**
     * {@link #layerNormBackward(Strided, Strided, Strided, Strided, Strided)}'s input gradient and, with
     * {@code paramGrads}, the weight and bias gradients: sums over the rows of {@code grad * xhat} and of
     * {@code grad} ({@code xhat = (x - mean) * rstd}). New storages {@code {gx, gw [n], gb [n]}}, gw and gb null when
     * not asked for or when this backend leaves them to the op layer (the default: the input gradient alone); null
     * when this backend has no kernel.
     */
    default Storage[] layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight,
                                        boolean paramGrads) {
        Storage gx = layerNormBackward(grad, x, mean, rstd, weight);
        return gx == null ? null : new Storage[] {gx, null, null};
    }

    /**
     * Batch normalisation of a contiguous floating {@code x} viewed as {@code [N, C, S]}, channel c's elements being
     * every {@code x[n, c, s]}. Training: each channel's mean and biased variance, and {@code runningMean} /
     * {@code runningVar} ({@code [C]} or null) updated in place to {@code momentum * stat + (1 - momentum) * running}
     * (the variance unbiased: times {@code M / (M - 1)}, {@code M = N * S}). Evaluation: the running statistics.
     * {@code y = (x - mean) * invstd * weight + bias} (weight and bias {@code [C]} or null). New storages
     * {@code {y [N, C, S], mean [C], invstd [C]}}, {@code invstd = 1 / sqrt(var + eps)} of the statistics used; null
     * when this backend has no kernel for these operands (the op layer then composes it, having changed nothing).
     */
    default Storage[] batchNorm(Strided x, Strided weight, Strided bias, Strided runningMean, Strided runningVar,
                                boolean training, double momentum, double eps) {
        return null;
    }

    /**
     * The gradients of {@link #batchNorm} from the output gradient {@code grad} and {@code x} ({@code [N, C, S]},
     * contiguous), the {@code mean} and {@code invstd} it returned and {@code weight} (or null): new storages
     * {@code {gx [N, C, S], gw [C], gb [C]}} with {@code gb = sum(grad)}, {@code gw = sum(grad * xhat)} over each
     * channel ({@code xhat = (x - mean) * invstd}) and {@code gx = (grad - gb / M - xhat * gw / M) * invstd * weight}
     * in training, {@code grad * invstd * weight} otherwise. Null when this backend has no kernel.
     */
    default Storage[] batchNormBackward(Strided grad, Strided x, Strided mean, Strided invstd, Strided weight,
                                        boolean training) {
        return null;
    }

    /**
     * Group normalisation of a contiguous floating {@code x} viewed as {@code [N, C, S]}: each sample's
     * {@code groups} groups of {@code C / groups} channels normalised with their own mean and biased variance, then
     * {@code * weight[c] + bias[c]} (each {@code [C]} or null). New storages {@code {y [N, C, S], mean [N * groups],
     * rstd [N * groups]}}; null when this backend has no kernel (the op layer then builds it from {@link #layerNorm}
     * and {@link #batchNorm}, or composes it).
     */
    default Storage[] groupNorm(Strided x, Strided weight, Strided bias, long groups, double eps) { return null; }

    /**
     * The variances over the middle dim of a contiguous floating {@code x} ({@code [outer, n, inner]}, n > 0): the
     * squared deviations from the mean summed and divided by {@code max(0, n - correction)}, their square roots with
     * {@code sqrt}, in double and rounded once to x's dtype. A new storage of {@code outer * inner} elements; null when
     * this backend has no kernel (the op layer then composes it).
     */
    default Storage variance(Strided x, double correction, boolean sqrt) { return null; }

    /**
     * The gradients of {@link #groupNorm} from the output gradient and {@code x} ({@code [N, C, S]}, contiguous), its
     * {@code mean} and {@code rstd} and {@code weight} (or null): new storages {@code {gx, gw [C], gb [C]}}, gw and gb
     * only with {@code paramGrads}; null when this backend has no kernel.
     */
    default Storage[] groupNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight, long groups,
                                       boolean paramGrads) {
        return null;
    }

    /** {@link #nllLoss}'s reduction codes (ATen's {@code at::Reduction}). */
    int REDUCTION_NONE = 0, REDUCTION_MEAN = 1, REDUCTION_SUM = 2;

    /**
     * nll_loss over log-probabilities {@code x [M, C]} (any strides) and int64 targets {@code target [M]}, with class
     * weights {@code weight [C]} of x's dtype or null (all 1): row i's loss is {@code -(x[i, t] * weight[t])} for
     * {@code t = target[i]}, 0 when t is {@code ignoreIndex}. {@link #REDUCTION_NONE} gives a new storage of the M
     * losses; {@link #REDUCTION_SUM} and {@link #REDUCTION_MEAN} a new storage {@code {loss, total weight}}, the sum
     * or the sum divided by the total weight of the rows that count. A target outside {@code [0, C)} other than
     * ignoreIndex raises an {@link IndexOutOfRange} worded by {@code wording} (a backend may raise it at a later
     * synchronisation, as for {@link #index}). Null when this backend has no kernel for these operands.
     */
    default Storage nllLoss(Strided x, Strided target, Strided weight, long ignoreIndex, int reduction,
                            Indexer.Wording wording) {
        return null;
    }

    /**
     * The gradient of {@link #nllLoss} as a new contiguous {@code [M, classes]} storage: {@code -(weight[t] * s)} at
     * {@code (i, target[i])} and 0 elsewhere (and on ignored rows), {@code s} being {@code grad[i]} (none; grad
     * {@code [M]}), the 0-dim {@code grad} (sum) or {@code grad / totalWeight} (mean; totalWeight 0-dim, else null).
     * Null when this backend has no kernel for these operands.
     */
    default Storage nllLossBackward(Strided grad, Strided target, Strided weight, Strided totalWeight, long ignoreIndex,
                                    int reduction, long classes) {
        return null;
    }

    /**
     * PyTorch's {@code threshold_backward} (relu's derivative): {@code self <= threshold ? 0 : grad}, both of one
     * floating dtype and shape, as a new contiguous storage; null when this backend has no kernel for these operands.
     */
    default Storage thresholdBackward(Strided grad, Strided self, double threshold) { return null; }

    /**
     * {@code grad * op'(self)} for an activation {@code op} (GELU in either form, SiLU: PyTorch's
     * {@code gelu_backward}/{@code silu_backward}), both of one floating dtype and shape, as a new contiguous storage;
     * null when this backend has no kernel for the op or these operands. For TANH and SIGMOID, {@code self} is the
     * op's result, as PyTorch's {@code tanh_backward}/{@code sigmoid_backward}: {@code grad (1 - y^2)}, {@code grad y (1 - y)}.
     */
    default Storage unaryBackward(UnaryOp op, Strided grad, Strided self) { return null; }

    /**
     * {@code min(max(x, lo), hi)} with the bounds cast to x's floating dtype (NaN kept, as maximum then minimum
     * give it), as a new contiguous storage; null when this backend has no kernel for x.
     */
    default Storage clamp(Strided x, double lo, double hi) { return null; }

    /** {@code erfinv(x)} of a contiguous floating x as a new contiguous storage; null when this backend has no kernel. */
    default Storage erfinv(Strided x) { return null; }

    /**
     * {@code op(self)} with parameters {@code p0..p2} (see {@link ActivationOp}) as a new contiguous storage of self's
     * floating dtype; null when this backend has no kernel for the op or this operand, and the caller composes it.
     */
    default Storage activation(ActivationOp op, Strided self, double p0, double p1, double p2) { return null; }

    /**
     * {@code grad * op'(self)} with parameters {@code p0..p2} (see {@link ActivationOp}), both of one floating dtype
     * and shape, as a new contiguous storage; null when this backend has no kernel for the op or these operands.
     */
    default Storage activationBackward(ActivationOp op, Strided grad, Strided self, double p0, double p1, double p2) {
        return null;
    }

    /**
     * One in-place SGD update of {@code param} from {@code grad} (and the momentum buffer {@code buf}, null when
     * momentum is 0), all of one floating dtype and shape, in the order of PyTorch's single-tensor SGD:
     * {@code d = maximize ? -grad : grad; d += weightDecay * param;} with momentum {@code buf = first ? d :
     * momentum * buf + (1 - dampening) * d; d = nesterov ? d + momentum * buf : buf;} then {@code param += -lr * d}.
     * Returns false, having written nothing, when this backend has no kernel for these operands.
     */
    default boolean sgdStep(Strided param, Strided grad, Strided buf, double lr, double momentum, double dampening,
                            double weightDecay, boolean nesterov, boolean maximize, boolean first) {
        return false;
    }

    /**
     * {@link #sgdStep} for many parameters in one pass (PyTorch's foreach SGD): element i of the arrays is one
     * parameter, its gradient, its momentum buffer ({@code bufs} null without momentum) and whether that buffer
     * starts this step ({@code first}, null when none does), all of one dtype and device. False, having written
     * nothing, when this backend has no such kernel or declines the operands; the caller then steps each parameter.
     */
    default boolean sgdStepMany(Strided[] params, Strided[] grads, Strided[] bufs, boolean[] first, double lr,
                                double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        return false;
    }

    /**
     * One in-place Adam (or, with {@code decoupled}, AdamW) update of {@code param}, {@code expAvg},
     * {@code expAvgSq} and, with AMSGrad, {@code maxExpAvgSq} (else null) from {@code grad}, all of one floating
     * dtype and shape, in the order of PyTorch's single-tensor Adam, with {@code stepSize = lr / (1 - beta1^step)}
     * and {@code bc2Sqrt = sqrt(1 - beta2^step)}. Returns false, having written nothing, when this backend has no
     * kernel for these operands.
     */
    default boolean adamStep(Strided param, Strided grad, Strided expAvg, Strided expAvgSq, Strided maxExpAvgSq,
                             double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                             boolean maximize, double stepSize, double bc2Sqrt) {
        return false;
    }

    /**
     * {@link #adamStep} for many parameters in one pass (PyTorch's foreach Adam): element i of the arrays is one
     * parameter and its state ({@code maxExpAvgSqs} null without AMSGrad), with its own {@code stepSizes[i]} and
     * {@code bc2Sqrts[i]}, all of one dtype and device. False, having written nothing, when this backend has no such
     * kernel or declines the operands; the caller then steps each parameter.
     */
    default boolean adamStepMany(Strided[] params, Strided[] grads, Strided[] expAvgs, Strided[] expAvgSqs,
                                 Strided[] maxExpAvgSqs, double lr, double beta1, double beta2, double eps,
                                 double weightDecay, boolean decoupled, boolean maximize, double[] stepSizes,
                                 double[] bc2Sqrts) {
        return false;
    }

    /**
     * One in-place RMSprop update of {@code param} and {@code squareAvg}, plus {@code gradAvg} when centered and
     * {@code buf} with momentum (else null), in the order of PyTorch's single-tensor RMSprop. False, having written
     * nothing, when this backend has no kernel for these operands.
     */
    default boolean rmspropStep(Strided param, Strided grad, Strided squareAvg, Strided gradAvg, Strided buf, double lr,
                                double alpha, double eps, double weightDecay, double momentum, boolean maximize) {
        return false;
    }

    /**
     * One in-place Adagrad update of {@code param} and {@code sum} with the decayed rate {@code clr}, in the order of
     * PyTorch's single-tensor Adagrad. False, having written nothing, when this backend has no kernel for these operands.
     */
    default boolean adagradStep(Strided param, Strided grad, Strided sum, double clr, double eps, double weightDecay,
                                boolean maximize) {
        return false;
    }

    /**
     * 2-d convolution in one pass per tile of samples (no column matrix of the whole batch):
     * {@code conv2d(x, w) + bias} for {@code x [N, C, H, W]} (any strides), {@code w [O, C/groups*kH*kW]} and
     * {@code bias [O]} (contiguous, or null), params as {@link #im2col} takes them. A new contiguous storage holding
     * {@code [N, O, oH*oW]}, or null when this backend has no kernel for these operands (then im2col and bmm compose it).
     */
    default Storage conv2d(Strided x, Strided w, Strided bias, int[] params, int groups) { return null; }

    /**
     * The gradients of {@link #conv2d} for the output gradient {@code grad [N, O, oH*oW]} (contiguous):
     * {@code {gradInput [N, C, H, W], gradWeight [O, C/groups*kH*kW], gradBias [O]}} as new contiguous storages,
     * each only when asked for (else null; {@code x} may be null when the weight gradient is not asked, {@code w}
     * when the input gradient is not). Null when this backend has no kernel for these operands.
     */
    default Storage[] conv2dBackward(Strided grad, Strided x, Strided w, long[] inputShape, boolean inputGrad, boolean weightGrad,
                                     boolean biasGrad, int[] params, int groups) {
        return null;
    }

    /**
     * Max pooling's input gradient: {@code grad [B, oH*oW]} and the forward's {@code indices [B, oH*oW]} (both
     * contiguous; indices into each plane of {@code planeSize} elements) summed into a new contiguous
     * {@code [B, planeSize]} storage, in output order within a plane; null when this backend has no kernel.
     */
    default Storage maxPool2dBackward(Strided grad, Strided indices, long planeSize) { return null; }
}
