package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.function.UnaryOperator;

/**
 * {@code nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 * layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True)}: self-attention and a feed-forward block,
 * each with a residual connection and a LayerNorm (after the block, or before it with {@code normFirst}).
 * Submodules carry PyTorch's names ({@code self_attn}, {@code linear1}, {@code dropout}, {@code linear2},
 * {@code norm1}, {@code norm2}, {@code dropout1}, {@code dropout2}), so state dicts load both ways, and
 * {@code manualSeed(s)} then the same construction gives PyTorch's weights.
 *
 * <pre>{@code
 * var layer = new TransformerEncoderLayer(512, 8, TransformerEncoderLayer.options().batchFirst(true));
 * Tensor y = layer.forward(x);                                        // [N, L, 512]
 * }</pre>
 * The computation is always the plain math PyTorch runs in training; its fused inference "fast path" computes the
 * same values.
 */
public class TransformerEncoderLayer extends Module {
    /** The feed-forward block: {@code linear2(dropout(activation(linear1(x))))}. */
    public final Linear linear1;
    /** Dropout inside the feed-forward block. */
    public final Dropout dropout;
    /** The second feed-forward Linear. */
    public final Linear linear2;
    /** The LayerNorms of the attention and feed-forward blocks. */
    public final LayerNorm norm1, norm2;
    /** Dropout on the attention and feed-forward outputs. */
    public final Dropout dropout1, dropout2;
    /** The {@code norm_first} argument. */
    public final boolean normFirst;
    /** The feed-forward activation. */
    public final UnaryOperator<Tensor> activation;

    /** The layer's keyword arguments with PyTorch's defaults (shared with {@link Transformer}). */
    public static Transformer.Options options() { return Transformer.options(); }

    /** {@code nn.TransformerEncoderLayer(d_model, nhead)}. */
    public TransformerEncoderLayer(long dModel, long nhead) { this(dModel, nhead, options()); }

    /** {@code nn.TransformerEncoderLayer(d_model, nhead, **options)}. */
    public TransformerEncoderLayer(long dModel, long nhead, Transformer.Options o) {
        registerModule("self_attn", new MultiheadAttention(dModel, nhead, o.attention())); // first, as in PyTorch
        this.linear1 = new Linear(dModel, o.dimFeedforward(), o.bias(), o.tensorOptions());
        this.dropout = new Dropout(o.dropout());
        this.linear2 = new Linear(o.dimFeedforward(), dModel, o.bias(), o.tensorOptions());
        this.normFirst = o.normFirst();
        this.norm1 = o.layerNorm(dModel);
        this.norm2 = o.layerNorm(dModel);
        this.dropout1 = new Dropout(o.dropout());
        this.dropout2 = new Dropout(o.dropout());
        this.activation = o.activation();
    }

    /** A deep copy of {@code s} (PyTorch's {@code copy.deepcopy}); nothing is drawn from the generator. */
    TransformerEncoderLayer(TransformerEncoderLayer s) {
        registerModule("self_attn", s.selfAttn().copy());
        this.linear1 = new Linear(s.linear1);
        this.dropout = (Dropout) Copies.module(s.dropout);
        this.linear2 = new Linear(s.linear2);
        this.normFirst = s.normFirst;
        this.norm1 = (LayerNorm) Copies.module(s.norm1);
        this.norm2 = (LayerNorm) Copies.module(s.norm2);
        this.dropout1 = (Dropout) Copies.module(s.dropout1);
        this.dropout2 = (Dropout) Copies.module(s.dropout2);
        this.activation = s.activation;
        train(s.isTraining());
    }

    /** The {@code self_attn} submodule. */
    public MultiheadAttention selfAttn() { return (MultiheadAttention) moduleMap().get("self_attn"); }

    /** {@code layer(src)}. */
    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null, false); }

    /**
     * {@code layer(src, src_mask=None, src_key_padding_mask=None, is_causal=False)}: src {@code [S, N, E]}
     * ({@code [N, S, E]} batch first, or {@code [S, E]}), masks as in {@link MultiheadAttention} ({@code [S, S]}
     * or {@code [N*nhead, S, S]}, and {@code [N, S]}), {@code isCausal} a hint that srcMask is causal.
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask, boolean isCausal) {
        Tensor kpm = Attention.canonicalMask(srcKeyPaddingMask, "src_key_padding_mask", src.dtype());
        Tensor mask = Attention.canonicalMask(srcMask, "src_mask", src.dtype());
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttention(norm1.call(x), mask, kpm, isCausal));
            x = x.add(feedForward(norm2.call(x)));
        } else {
            x = norm1.call(x.add(selfAttention(x, mask, kpm, isCausal)));
            x = norm2.call(x.add(feedForward(x)));
        }
        return x;
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor kpm, boolean isCausal) {
        return dropout1.call(selfAttn().forward(x, x, x, kpm, false, mask, true, isCausal).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout2.call(linear2.call(dropout.call(activation.apply(linear1.call(x)))));
    }
}
