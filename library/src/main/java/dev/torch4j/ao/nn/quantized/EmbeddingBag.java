package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedEmbedding;

/**
 * {@code torch.ao.nn.quantized.EmbeddingBag} (printed {@code QuantizedEmbeddingBag}): the quantized {@link Embedding}'s
 * weight, each bag's rows summed by {@code torch.ops.quantized.embedding_bag_byte} (or {@code embedding_bag_4bit} for
 * a quint4x2 weight), with per-sample weights and
 * {@code include_last_offset}. PyTorch's forward passes mode 0 (sum) whatever {@code mode} holds (1.13 and 2.x alike),
 * so a "mean" or "max" bag sums here too; {@code mode} is kept as PyTorch keeps it.
 */
public class EmbeddingBag extends Embedding {
    /** {@code mode}: kept, not used by forward (see the class comment). */
    public final String mode;
    /** {@code include_last_offset}. */
    public final boolean includeLastOffset;

    /** {@code EmbeddingBag(num_embeddings, embedding_dim)}: mode "sum", a zero weight. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim) { this(numEmbeddings, embeddingDim, "sum", false); }

    /** {@code EmbeddingBag(num_embeddings, embedding_dim, mode=mode, include_last_offset=...)}: quint8. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode, boolean includeLastOffset) {
        this(numEmbeddings, embeddingDim, mode, includeLastOffset, DType.QUINT8);
    }

    /** {@code EmbeddingBag(num_embeddings, embedding_dim, mode=mode, include_last_offset=..., dtype=dtype)}: a zero weight. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode, boolean includeLastOffset, DType dtype) {
        super(numEmbeddings, embeddingDim, dtype);
        this.mode = mode;
        this.includeLastOffset = includeLastOffset;
    }

    /** With a quantized weight ({@code _weight}), whose dtype the module takes. */
    public EmbeddingBag(long numEmbeddings, long embeddingDim, String mode, boolean includeLastOffset, Tensor weight) {
        super(numEmbeddings, embeddingDim, weight);
        this.mode = mode;
        this.includeLastOffset = includeLastOffset;
    }

    /** A 2-d input, one bag a row. */
    @Override
    public Tensor forward(Tensor indices) { return forward(indices, null, null); }

    /** 1-d indices with each bag's start in {@code offsets}. */
    @Override
    public Tensor forward(Tensor indices, Tensor offsets) { return forward(indices, offsets, null); }

    /** {@code forward(indices, offsets, per_sample_weights)}; offsets null for 2-d indices, weights null for none. */
    public Tensor forward(Tensor indices, Tensor offsets, Tensor perSampleWeights) {
        return dtype == DType.QUINT4X2
                ? QuantizedEmbedding.embeddingBag4bit(weight(), indices, offsets, perSampleWeights, includeLastOffset)
                : QuantizedEmbedding.embeddingBagByte(weight(), indices, offsets, perSampleWeights, includeLastOffset);
    }

    @Override
    public Tensor forward(Tensor... in) {
        return switch (in.length) {
            case 1 -> forward(in[0]);
            case 2 -> forward(in[0], in[1]);
            case 3 -> forward(in[0], in[1], in[2]);
            default -> throw new IllegalArgumentException("QuantizedEmbeddingBag.forward takes 1 to 3 tensors, got " + in.length);
        };
    }

    /**
     * {@code EmbeddingBag.from_float(mod)}: as {@link Embedding#fromFloat}, for an {@code nn.EmbeddingBag} or a QAT
     * {@code ao.nn.qat.EmbeddingBag} (its mode and include_last_offset kept, as 2.x does; 1.13 drops them).
     */
    public static EmbeddingBag fromFloat(Module mod) {
        if (!mod.namedChildren().containsKey("weight_fake_quant") && mod.getClass() != dev.torch4j.nn.EmbeddingBag.class) {
            throw new IllegalArgumentException("nnq.EmbeddingBag.from_float only works for EmbeddingBag");
        }
        if (!(mod instanceof dev.torch4j.nn.EmbeddingBag)) {
            throw new IllegalArgumentException("nnq.EmbeddingBag.from_float: a " + mod.className() + " is no EmbeddingBag");
        }
        var e = (dev.torch4j.nn.EmbeddingBag) mod;
        return new EmbeddingBag(e.numEmbeddings, e.embeddingDim, e.mode, e.includeLastOffset, quantizeWeight(mod, e.weight, "EmbeddingBag"));
    }

    @Override
    public String className() { return "QuantizedEmbeddingBag"; }
}
