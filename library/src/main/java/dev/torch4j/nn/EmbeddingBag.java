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
    /** The table, {@code [num_embeddings, embedding_dim]}, drawn from N(0, 1) (the padding row zero). */
    public Tensor weight;

    /** {@code nn.EmbeddingBag(num_embeddings, embedding_dim)}: mode 'mean'. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, "mean", false, null, TensorOptions.DEFAULT); }

    /** {@code nn.EmbeddingBag(num_embeddings, embedding_dim, mode=mode)}. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode) { this(numEmbeddings, embeddingDim, mode, false, null, TensorOptions.DEFAULT); }

    /** {@code nn.EmbeddingBag(num_embeddings, embedding_dim, mode, include_last_offset, padding_idx, device=, dtype=)}. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode, boolean includeLastOffset, Long paddingIdx, TensorOptions options) {
        if (!mode.equals("sum") && !mode.equals("mean") && !mode.equals("max")) {
            throw new IllegalArgumentException("EmbeddingBag: mode has to be one of sum, mean or max, got " + mode);
        }
        if (paddingIdx != null) {
            if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) throw new IllegalArgumentException("padding_idx must be within num_embeddings");
            if (paddingIdx < 0) paddingIdx += numEmbeddings;
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.mode = mode;
        this.includeLastOffset = includeLastOffset;
        this.paddingIdx = paddingIdx;
        this.weight = Parameter.of(Torch.empty(Torch.shape(numEmbeddings, embeddingDim), options.requiresGrad(false)));
        Init.normal_(weight, 0, 1);
        if (paddingIdx != null) {
            try (var g = GradMode.noGrad()) {
                weight.select(0, paddingIdx).fill_(0);
            }
        }
    }

    /** A 2-d input: each row is one bag. */
    @Override
    public Tensor forward(Tensor input) { return Functional.embeddingBag(input, weight, null, mode, null, includeLastOffset, paddingIdx); }

    /** A 1-d input with each bag's start in {@code offsets}. */
    @Override
    public Tensor forward(Tensor input, Tensor offsets) { return Functional.embeddingBag(input, weight, offsets, mode, null, includeLastOffset, paddingIdx); }

    /** {@code forward(input, offsets, per_sample_weights)}; offsets may be null for a 2-d input. */
    @Override
    public Tensor forward(Tensor... in) {
        return switch (in.length) {
            case 1 -> forward(in[0]);
            case 2 -> forward(in[0], in[1]);
            case 3 -> Functional.embeddingBag(in[0], weight, in[1], mode, in[2], includeLastOffset, paddingIdx);
            default -> throw new IllegalArgumentException("EmbeddingBag.forward takes 1 to 3 tensors, got " + in.length);
        };
    }

    @Override
    public String extraRepr() { return numEmbeddings + ", " + embeddingDim + ", mode=" + mode + (paddingIdx != null ? ", padding_idx=" + paddingIdx : ""); }
}
