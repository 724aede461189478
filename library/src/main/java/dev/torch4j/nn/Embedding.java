package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * {@code nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
 * scale_grad_by_freq=False, sparse=False)}: a lookup table; {@code forward(indices)} returns the rows at int64
 * indices. Initialised from N(0, 1) (the default generator), with the padding row zero; {@link #fromPretrained}
 * wraps a given table instead.
 */
public class Embedding extends Module {
    /** The {@code num_embeddings, embedding_dim} arguments. */
    public final long numEmbeddings, embeddingDim;
    /** The row that gets no gradient (non-negative), or null. */
    public final Long paddingIdx;
    /** Rows looked up with a larger norm are scaled down to it, in place, before the lookup; or null. */
    public final Double maxNorm;
    /** The p of {@link #maxNorm}'s norm. */
    public final double normType;
    /** Whether each row's gradient is divided by the row's frequency in the batch. */
    public final boolean scaleGradByFreq;
    /** PyTorch's sparse-gradient switch; torch4j's gradients are dense either way (see {@link Functional#embedding}). */
    public final boolean sparse;
    /** The {@code [num_embeddings, embedding_dim]} table. */
    public Tensor weight;

    /** {@code nn.Embedding(num_embeddings, embedding_dim)}; other arguments take PyTorch's defaults. */
    public Embedding(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, null, TensorOptions.DEFAULT); }

    /** {@code nn.Embedding(num_embeddings, embedding_dim, padding_idx)}; other arguments take PyTorch's defaults. */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, TensorOptions.DEFAULT);
    }

    /** {@code nn.Embedding(num, dim, padding_idx, device=, dtype=)}; a negative padding_idx counts from the end. */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, TensorOptions options) {
        this(numEmbeddings, embeddingDim, paddingIdx, null, 2.0, false, false, options);
    }

    /** {@code nn.Embedding(num, dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse)}. */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, Double maxNorm, double normType,
                     boolean scaleGradByFreq, boolean sparse) {
        this(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse, TensorOptions.DEFAULT);
    }

    /** {@code nn.Embedding(num, dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, device=, dtype=)}. */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, Double maxNorm, double normType,
                     boolean scaleGradByFreq, boolean sparse, TensorOptions options) {
        this(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse, null, false, options);
    }

    private Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, Double maxNorm, double normType,
                      boolean scaleGradByFreq, boolean sparse, Tensor weight, boolean freeze, TensorOptions options) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        if (paddingIdx != null) {
            if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
                throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
            }
            if (paddingIdx < 0) paddingIdx += numEmbeddings;
        }
        this.paddingIdx = paddingIdx;
        this.maxNorm = maxNorm;
        this.normType = normType;
        this.scaleGradByFreq = scaleGradByFreq;
        this.sparse = sparse;
        if (weight == null) {
            this.weight = Parameter.of(Torch.empty(Torch.shape(numEmbeddings, embeddingDim), options.requiresGrad(false)));
            resetParameters();
        } else {
            if (weight.dim() != 2 || weight.size(0) != numEmbeddings || weight.size(1) != embeddingDim) {
                throw new IllegalArgumentException("Shape of weight does not match num_embeddings and embedding_dim");
            }
            this.weight = Parameter.of(weight, !freeze);
        }
    }

    /** {@code Embedding.from_pretrained(embeddings)}: the table frozen (no gradient). */
    public static Embedding fromPretrained(Tensor embeddings) { return fromPretrained(embeddings, true, null, null, 2.0, false, false); }

    /** {@code Embedding.from_pretrained(embeddings, freeze)}. */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze) {
        return fromPretrained(embeddings, freeze, null, null, 2.0, false, false);
    }

    /**
     * {@code Embedding.from_pretrained(embeddings, freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq,
     * sparse)}: a module over {@code embeddings} itself (shared, not copied; the padding row kept as given), trainable
     * unless {@code freeze}.
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Long paddingIdx, Double maxNorm,
                                           double normType, boolean scaleGradByFreq, boolean sparse) {
        if (embeddings.dim() != 2) throw new IllegalArgumentException("Embeddings parameter is expected to be 2-dimensional");
        return new Embedding(embeddings.size(0), embeddings.size(1), paddingIdx, maxNorm, normType, scaleGradByFreq, sparse,
                embeddings, freeze, TensorOptions.DEFAULT);
    }

    /** Re-draws the table from N(0, 1) and zeroes the padding row. */
    public void resetParameters() {
        Init.normal_(weight, 0, 1);
        if (paddingIdx != null) {
            try (var g = GradMode.noGrad()) {
                weight.select(0, paddingIdx).fill_(0);
            }
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.embedding(input, weight, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse);
    }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "")
                + (maxNorm != null ? ", max_norm=" + Py.repr(maxNorm) : "") + (normType != 2 ? ", norm_type=" + Py.repr(normType) : "")
                + (scaleGradByFreq ? ", scale_grad_by_freq=True" : "") + (sparse ? ", sparse=True" : "");
    }
}
