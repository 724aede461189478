package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.function.UnaryOperator;

/**
 * {@code nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 * layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True)}: self-attention over the target,
 * attention to the encoder's output ({@code memory}) and a feed-forward block, each with a residual connection and
 * a LayerNorm. Submodules carry PyTorch's names ({@code self_attn}, {@code multihead_attn}, {@code linear1},
 * {@code dropout}, {@code linear2}, {@code norm1..3}, {@code dropout1..3}); {@code manualSeed(s)} then the same
 * construction gives PyTorch's weights.
 *
 * <pre>{@code
 * var layer = new TransformerDecoderLayer(512, 8);
 * Tensor y = layer.forward(tgt, memory, Transformer.generateSquareSubsequentMask(tgt.size(0)), null, null, null, true, false);
 * }</pre>
 */
public class TransformerDecoderLayer extends Module {
    /** The first feed-forward Linear. */
    public final Linear linear1;
    /** Dropout inside the feed-forward block. */
    public final Dropout dropout;
    /** The second feed-forward Linear. */
    public final Linear linear2;
    /** The LayerNorms of the self-attention, cross-attention and feed-forward blocks. */
    public final LayerNorm norm1, norm2, norm3;
    /** Dropout on the three blocks' outputs. */
    public final Dropout dropout1, dropout2, dropout3;
    /** The {@code norm_first} argument. */
    public final boolean normFirst;
    /** The feed-forward activation. */
    public final UnaryOperator<Tensor> activation;

    /** The layer's keyword arguments with PyTorch's defaults (shared with {@link Transformer}). */
    public static Transformer.Options options() { return Transformer.options(); }

    /** {@code nn.TransformerDecoderLayer(d_model, nhead)}. */
    public TransformerDecoderLayer(long dModel, long nhead) { this(dModel, nhead, options()); }

    /** {@code nn.TransformerDecoderLayer(d_model, nhead, **options)}. */
    public TransformerDecoderLayer(long dModel, long nhead, Transformer.Options o) {
        registerModule("self_attn", new MultiheadAttention(dModel, nhead, o.attention())); // first, as in PyTorch
        registerModule("multihead_attn", new MultiheadAttention(dModel, nhead, o.attention()));
        this.linear1 = new Linear(dModel, o.dimFeedforward(), o.bias(), o.tensorOptions());
        this.dropout = new Dropout(o.dropout());
        this.linear2 = new Linear(o.dimFeedforward(), dModel, o.bias(), o.tensorOptions());
        this.normFirst = o.normFirst();
        this.norm1 = o.layerNorm(dModel);
        this.norm2 = o.layerNorm(dModel);
        this.norm3 = o.layerNorm(dModel);
        this.dropout1 = new Dropout(o.dropout());
        this.dropout2 = new Dropout(o.dropout());
        this.dropout3 = new Dropout(o.dropout());
        this.activation = o.activation();
    }

    /** A deep copy of {@code s} (PyTorch's {@code copy.deepcopy}); nothing is drawn from the generator. */
    TransformerDecoderLayer(TransformerDecoderLayer s) {
        registerModule("self_attn", s.selfAttn().copy());
        registerModule("multihead_attn", s.multiheadAttn().copy());
        this.linear1 = new Linear(s.linear1);
        this.dropout = (Dropout) Copies.module(s.dropout);
        this.linear2 = new Linear(s.linear2);
        this.normFirst = s.normFirst;
        this.norm1 = (LayerNorm) Copies.module(s.norm1);
        this.norm2 = (LayerNorm) Copies.module(s.norm2);
        this.norm3 = (LayerNorm) Copies.module(s.norm3);
        this.dropout1 = (Dropout) Copies.module(s.dropout1);
        this.dropout2 = (Dropout) Copies.module(s.dropout2);
        this.dropout3 = (Dropout) Copies.module(s.dropout3);
        this.activation = s.activation;
        train(s.isTraining());
    }

    /** The {@code self_attn} submodule. */
    public MultiheadAttention selfAttn() { return (MultiheadAttention) moduleMap().get("self_attn"); }

    /** The {@code multihead_attn} submodule (attention to the memory). */
    public MultiheadAttention multiheadAttn() { return (MultiheadAttention) moduleMap().get("multihead_attn"); }

    /** {@code layer(tgt, memory)}. */
    @Override
    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null, false, false); }

    /**
     * {@code layer(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
     * memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False)}: tgt {@code [T, N, E]}, memory
     * {@code [S, N, E]} (batch first: N in front; unbatched: no N); tgtMask {@code [T, T]}, memoryMask
     * {@code [T, S]}, key padding masks {@code [N, T]} and {@code [N, S]}, as in {@link MultiheadAttention}.
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        Tensor x = tgt;
        if (normFirst) {
            x = x.add(selfAttention(norm1.call(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal));
            x = x.add(crossAttention(norm2.call(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal));
            x = x.add(feedForward(norm3.call(x)));
        } else {
            x = norm1.call(x.add(selfAttention(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal)));
            x = norm2.call(x.add(crossAttention(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal)));
            x = norm3.call(x.add(feedForward(x)));
        }
        return x;
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor kpm, boolean isCausal) {
        return dropout1.call(selfAttn().forward(x, x, x, kpm, false, mask, true, isCausal).output());
    }

    private Tensor crossAttention(Tensor x, Tensor memory, Tensor mask, Tensor kpm, boolean isCausal) {
        return dropout2.call(multiheadAttn().forward(x, memory, memory, kpm, false, mask, true, isCausal).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout3.call(linear2.call(dropout.call(activation.apply(linear1.call(x)))));
    }
}
