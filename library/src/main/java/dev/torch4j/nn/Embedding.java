package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

/**
 * {@code nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)}: a lookup table; {@code forward(indices)}
 * returns the rows at int64 indices. Initialised from N(0, 1) (the default generator), with the padding row zero.
 */
public class Embedding extends Module {
    /** The {@code num_embeddings, embedding_dim} arguments. */
    public final long numEmbeddings, embeddingDim;
    /** The row that gets no gradient (non-negative), or null. */
    public final Long paddingIdx;
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
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        if (paddingIdx != null) {
            if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
                throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
            }
            if (paddingIdx < 0) paddingIdx += numEmbeddings;
        }
        this.paddingIdx = paddingIdx;
        this.weight = Parameter.of(Torch.empty(Torch.shape(numEmbeddings, embeddingDim), options.requiresGrad(false)));
        resetParameters();
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
    public Tensor forward(Tensor input) { return Functional.embedding(input, weight, paddingIdx); }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
