package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * {@code nn.EmbeddingBag(num_embeddings, embedding_dim, mode='mean', include_last_offset=False, padding_idx=None)}:
 * sums, means or maxima of bags of embeddings without building the per-token tensor a caller would reduce;
 * {@code forward(input, offsets)} for a flat input with bag starts, {@code forward(input)} for a 2-d input of
 * equal-length bags, {@code forward(input, offsets, per_sample_weights)} to weight each entry (mode sum).
 */
public class EmbeddingBag extends Module {
    /** The table's shape. */
    public final long numEmbeddings, embeddingDim;
    /** The {@code mode} argument: "sum", "mean" or "max". */
    public final String mode;
    /** The {@code include_last_offset} argument. */
    public final boolean includeLastOffset;
    /** The {@code padding_idx} argument (made non-negative), or null. */
    public final Long paddingIdx;
    /** Rows looked up with a larger norm are scaled down to it, in place, before the lookup; or null. */
    public final Double maxNorm;
    /** The p of {@link #maxNorm}'s norm. */
    public final double normType;
    /** Whether each row's gradient is divided by the row's frequency in the batch. */
    public final boolean scaleGradByFreq;
    /** PyTorch's sparse-gradient switch; torch4j's gradients are dense either way. */
    public final boolean sparse;
    /** The table, {@code [num_embeddings, embedding_dim]}, drawn from N(0, 1) (the padding row zero). */
    public Tensor weight;

    /** {@code nn.EmbeddingBag(num_embeddings, embedding_dim)}: mode 'mean'. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, "mean", false, null, TensorOptions.DEFAULT); }

    /** {@code nn.EmbeddingBag(num_embeddings, embedding_dim, mode=mode)}. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode) { this(numEmbeddings, embeddingDim, mode, false, null, TensorOptions.DEFAULT); }

    /** {@code nn.EmbeddingBag(num_embeddings, embedding_dim, mode, include_last_offset, padding_idx, device=, dtype=)}. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode, boolean includeLastOffset, Long paddingIdx, TensorOptions options) {
        this(numEmbeddings, embeddingDim, null, 2.0, false, mode, false, includeLastOffset, paddingIdx, options);
    }

    /**
     * {@code nn.EmbeddingBag(num_embeddings, embedding_dim, max_norm, norm_type, scale_grad_by_freq, mode, sparse,
     * include_last_offset, padding_idx, device=, dtype=)}: PyTorch's full argument list, in its order.
     */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, Double maxNorm, double normType, boolean scaleGradByFreq, String mode,
                        boolean sparse, boolean includeLastOffset, Long paddingIdx, TensorOptions options) {
        this(numEmbeddings, embeddingDim, maxNorm, normType, scaleGradByFreq, mode, sparse, includeLastOffset, paddingIdx, null, false, options);
    }

    private EmbeddingBag(long numEmbeddings, long embeddingDim, Double maxNorm, double normType, boolean scaleGradByFreq, String mode,
                         boolean sparse, boolean includeLastOffset, Long paddingIdx, Tensor weight, boolean freeze, TensorOptions options) {
        if (!mode.equals("sum") && !mode.equals("mean") && !mode.equals("max")) {
            throw new IllegalArgumentException("EmbeddingBag: mode has to be one of sum, mean or max, got " + mode);
        }
        if (paddingIdx != null) {
            if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) throw new IllegalArgumentException("padding_idx must be within num_embeddings");
            if (paddingIdx < 0) paddingIdx += numEmbeddings;
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.scaleGradByFreq = scaleGradByFreq;
        this.mode = mode;
        this.sparse = sparse;
        this.includeLastOffset = includeLastOffset;
        this.paddingIdx = paddingIdx;
        if (weight != null) {
            if (weight.dim() != 2 || weight.size(0) != numEmbeddings || weight.size(1) != embeddingDim) {
                throw new IllegalArgumentException("Shape of weight does not match num_embeddings and embedding_dim");
            }
            this.weight = Parameter.of(weight, !freeze);
            return;
        }
        this.weight = Parameter.of(Torch.empty(Torch.shape(numEmbeddings, embeddingDim), options.requiresGrad(false)));
        Init.normal_(this.weight, 0, 1);
        if (paddingIdx != null) {
            try (var g = GradMode.noGrad()) {
                this.weight.select(0, paddingIdx).fill_(0);
            }
        }
    }

    /** {@code EmbeddingBag.from_pretrained(embeddings)}: frozen, mode 'mean'. */
    public static EmbeddingBag fromPretrained(Tensor embeddings) {
        return fromPretrained(embeddings, true, null, 2.0, false, "mean", false, false, null);
    }

    /**
     * {@code EmbeddingBag.from_pretrained(embeddings, freeze, max_norm, norm_type, scale_grad_by_freq, mode, sparse,
     * include_last_offset, padding_idx)}: a module over {@code embeddings} itself (shared, not copied).
     */
    public static EmbeddingBag fromPretrained(Tensor embeddings, boolean freeze, Double maxNorm, double normType, boolean scaleGradByFreq,
                                              String mode, boolean sparse, boolean includeLastOffset, Long paddingIdx) {
        if (embeddings.dim() != 2) throw new IllegalArgumentException("Embeddings parameter is expected to be 2-dimensional");
        return new EmbeddingBag(embeddings.size(0), embeddings.size(1), maxNorm, normType, scaleGradByFreq, mode, sparse,
                includeLastOffset, paddingIdx, embeddings, freeze, TensorOptions.DEFAULT);
    }

    /** A 2-d input: each row is one bag. */
    @Override
    public Tensor forward(Tensor input) { return Functional.embeddingBag(input, weight, null, maxNorm, normType, scaleGradByFreq, mode, sparse, null, includeLastOffset, paddingIdx); }

    /** A 1-d input with each bag's start in {@code offsets}. */
    @Override
    public Tensor forward(Tensor input, Tensor offsets) { return Functional.embeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode, sparse, null, includeLastOffset, paddingIdx); }

    /** {@code forward(input, offsets, per_sample_weights)}; offsets may be null for a 2-d input. */
    @Override
    public Tensor forward(Tensor... in) {
        return switch (in.length) {
            case 1 -> forward(in[0]);
            case 2 -> forward(in[0], in[1]);
            case 3 -> Functional.embeddingBag(in[0], weight, in[1], maxNorm, normType, scaleGradByFreq, mode, sparse, in[2], includeLastOffset, paddingIdx);
            default -> throw new IllegalArgumentException("EmbeddingBag.forward takes 1 to 3 tensors, got " + in.length);
        };
    }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (maxNorm != null ? ", max_norm=" + Py.repr(maxNorm) : "")
                + (normType != 2 ? ", norm_type=" + Py.repr(normType) : "") + (scaleGradByFreq ? ", scale_grad_by_freq=True" : "")
                + ", mode=" + mode + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
