package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * {@code nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
 * add_zero_attn=False, kdim=None, vdim=None, batch_first=False)}: {@code Concat(head_1..head_h) W^O} with
 * {@code head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)}. Parameters carry PyTorch's names, so state dicts load
 * both ways: {@code in_proj_weight} {@code [3E, E]} (or {@code q_proj_weight}, {@code k_proj_weight},
 * {@code v_proj_weight} when kdim or vdim differ from E), {@code in_proj_bias}, {@code bias_k}, {@code bias_v},
 * {@code out_proj.weight}, {@code out_proj.bias}. Initialised as PyTorch does, in its order: {@code out_proj} as a
 * Linear, then {@code xavier_uniform_} on the input projections, zeros on both biases, {@code xavier_normal_} on
 * bias_k and bias_v: {@code manualSeed(s); new MultiheadAttention(4, 2)} holds PyTorch's exact weights.
 *
 * <pre>{@code
 * var mha = new MultiheadAttention(512, 8, MultiheadAttention.options().batchFirst(true));
 * var r = mha.forward(x, x, x);                   // r.output() [N, L, 512], r.weights() [N, L, L] averaged over heads
 * Tensor y = mha.call(q, k, v);                   // the output only
 * }</pre>
 *
 * Self-attention (the same tensor as query, key and value) projects with one matmul and splits the heads as views.
 * The forward pass is {@link Functional#multiHeadAttentionForward}'s, reading the batch-first layout directly.
 */
public class MultiheadAttention extends Module {
    /** The keyword arguments of {@code nn.MultiheadAttention}; {@code kdim}/{@code vdim} 0 mean embed_dim. */
    public record Options(double dropout, boolean bias, boolean addBiasKv, boolean addZeroAttn, long kdim, long vdim,
                          boolean batchFirst, TensorOptions tensorOptions) {
        /** {@code dropout} on the attention weights (training only). */
        public Options dropout(double p) { return new Options(p, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst, tensorOptions); }
        /** {@code bias} of the input and output projections. */
        public Options bias(boolean b) { return new Options(dropout, b, addBiasKv, addZeroAttn, kdim, vdim, batchFirst, tensorOptions); }
        /** {@code add_bias_kv}: learned key and value rows appended to the sequence. */
        public Options addBiasKv(boolean b) { return new Options(dropout, bias, b, addZeroAttn, kdim, vdim, batchFirst, tensorOptions); }
        /** {@code add_zero_attn}: a zero key and value appended to the sequence. */
        public Options addZeroAttn(boolean b) { return new Options(dropout, bias, addBiasKv, b, kdim, vdim, batchFirst, tensorOptions); }
        /** {@code kdim}: the features of the keys. */
        public Options kdim(long d) { return new Options(dropout, bias, addBiasKv, addZeroAttn, d, vdim, batchFirst, tensorOptions); }
        /** {@code vdim}: the features of the values. */
        public Options vdim(long d) { return new Options(dropout, bias, addBiasKv, addZeroAttn, kdim, d, batchFirst, tensorOptions); }
        /** {@code batch_first}: inputs and outputs as {@code [N, L, E]} instead of {@code [L, N, E]}. */
        public Options batchFirst(boolean b) { return new Options(dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, b, tensorOptions); }
        /** {@code device=, dtype=} of the parameters. */
        public Options tensorOptions(TensorOptions o) { return new Options(dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst, o); }
    }

    /** PyTorch's defaults: dropout 0, bias, no bias_kv, no zero attention, kdim = vdim = embed_dim, sequence first. */
    public static Options options() { return new Options(0.0, true, false, false, 0, 0, false, TensorOptions.DEFAULT); }

    /** What {@code forward} returns: the attention output and the weights (null unless asked for). */
    public record Result(Tensor output, Tensor weights) {}

    /** The {@code embed_dim, num_heads, kdim, vdim} arguments and {@code head_dim = embed_dim / num_heads}. */
    public final long embedDim, numHeads, kdim, vdim, headDim;
    /** The {@code dropout} probability on the attention weights. */
    public final double dropout;
    /** The {@code batch_first, add_zero_attn} arguments. */
    public final boolean batchFirst, addZeroAttn;

    /** {@code nn.MultiheadAttention(embed_dim, num_heads)}. */
    public MultiheadAttention(long embedDim, long numHeads) { this(embedDim, numHeads, options()); }

    /** {@code nn.MultiheadAttention(embed_dim, num_heads, **options)}. */
    public MultiheadAttention(long embedDim, long numHeads, Options o) {
        if (embedDim <= 0 || numHeads <= 0) {
            throw new IllegalArgumentException("embed_dim and num_heads must be greater than 0, got embed_dim=" + embedDim
                    + " and num_heads=" + numHeads + " instead");
        }
        if (embedDim % numHeads != 0) throw new IllegalArgumentException("embed_dim must be divisible by num_heads");
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.kdim = o.kdim() > 0 ? o.kdim() : embedDim;
        this.vdim = o.vdim() > 0 ? o.vdim() : embedDim;
        this.headDim = embedDim / numHeads;
        this.dropout = o.dropout();
        this.batchFirst = o.batchFirst();
        this.addZeroAttn = o.addZeroAttn();
        TensorOptions to = o.tensorOptions().requiresGrad(false);
        if (sameEmbedDim()) {
            registerParameter("in_proj_weight", Parameter.of(Torch.empty(Torch.shape(3 * embedDim, embedDim), to)));
        } else {
            registerParameter("q_proj_weight", Parameter.of(Torch.empty(Torch.shape(embedDim, embedDim), to)));
            registerParameter("k_proj_weight", Parameter.of(Torch.empty(Torch.shape(embedDim, kdim), to)));
            registerParameter("v_proj_weight", Parameter.of(Torch.empty(Torch.shape(embedDim, vdim), to)));
        }
        if (o.bias()) registerParameter("in_proj_bias", Parameter.of(Torch.empty(Torch.shape(3 * embedDim), to)));
        registerModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, o.bias(), o.tensorOptions()));
        if (o.addBiasKv()) {
            registerParameter("bias_k", Parameter.of(Torch.empty(Torch.shape(1, 1, embedDim), to)));
            registerParameter("bias_v", Parameter.of(Torch.empty(Torch.shape(1, 1, embedDim), to)));
        }
        resetParameters();
    }

    private MultiheadAttention(MultiheadAttention source) {
        this.embedDim = source.embedDim;
        this.numHeads = source.numHeads;
        this.kdim = source.kdim;
        this.vdim = source.vdim;
        this.headDim = source.headDim;
        this.dropout = source.dropout;
        this.batchFirst = source.batchFirst;
        this.addZeroAttn = source.addZeroAttn;
        for (String name : new String[] {"in_proj_weight", "q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias"}) {
            if (source.parameter(name) != null) registerParameter(name, Copies.parameter(source.parameter(name)));
        }
        registerModule("out_proj", new NonDynamicallyQuantizableLinear(source.outProj()));
        if (source.biasK() != null) {
            registerParameter("bias_k", Copies.parameter(source.biasK()));
            registerParameter("bias_v", Copies.parameter(source.biasV()));
        }
        train(source.isTraining());
    }

    /** A deep copy (PyTorch's {@code copy.deepcopy}): the same settings and cloned parameters; nothing is drawn. */
    MultiheadAttention copy() { return new MultiheadAttention(this); }

    /** Re-draws the parameters as PyTorch's {@code _reset_parameters} does (out_proj's weight is left as drawn). */
    public void resetParameters() {
        if (sameEmbedDim()) {
            Init.xavierUniform_(inProjWeight());
        } else {
            Init.xavierUniform_(qProjWeight());
            Init.xavierUniform_(kProjWeight());
            Init.xavierUniform_(vProjWeight());
        }
        if (inProjBias() != null) {
            Init.constant_(inProjBias(), 0);
            Init.constant_(outProj().bias, 0);
        }
        if (biasK() != null) {
            Init.xavierNormal_(biasK());
            Init.xavierNormal_(biasV());
        }
    }

    /** PyTorch's {@code _qkv_same_embed_dim}: one packed input projection when kdim and vdim equal embed_dim. */
    public boolean sameEmbedDim() { return kdim == embedDim && vdim == embedDim; }

    /** {@code in_proj_weight} {@code [3E, E]}, or null with separate projections. */
    public Tensor inProjWeight() { return parameter("in_proj_weight"); }

    /** {@code q_proj_weight} {@code [E, E]}, or null with the packed projection. */
    public Tensor qProjWeight() { return parameter("q_proj_weight"); }

    /** {@code k_proj_weight} {@code [E, kdim]}, or null with the packed projection. */
    public Tensor kProjWeight() { return parameter("k_proj_weight"); }

    /** {@code v_proj_weight} {@code [E, vdim]}, or null with the packed projection. */
    public Tensor vProjWeight() { return parameter("v_proj_weight"); }

    /** {@code in_proj_bias} {@code [3E]}, or null without bias. */
    public Tensor inProjBias() { return parameter("in_proj_bias"); }

    /** {@code bias_k} {@code [1, 1, E]}, or null without add_bias_kv. */
    public Tensor biasK() { return parameter("bias_k"); }

    /** {@code bias_v} {@code [1, 1, E]}, or null without add_bias_kv. */
    public Tensor biasV() { return parameter("bias_v"); }

    /** The {@code out_proj} submodule. */
    public NonDynamicallyQuantizableLinear outProj() { return (NonDynamicallyQuantizableLinear) moduleMap().get("out_proj"); }

    /** {@code mha(query, key, value)}: with the averaged weights, no masks. */
    public Result forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, true, null, true, false);
    }

    /** {@code mha(query, key, value, key_padding_mask=, need_weights=, attn_mask=)}, weights averaged over heads. */
    public Result forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask) {
        return forward(query, key, value, keyPaddingMask, needWeights, attnMask, true, false);
    }

    /**
     * {@code mha(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
     * average_attn_weights=True, is_causal=False)}. Query {@code [L, N, E]} ({@code [N, L, E]} batch first, or
     * unbatched {@code [L, E]}), key {@code [S, N, kdim]}, value {@code [S, N, vdim]}. {@code keyPaddingMask}
     * {@code [N, S]} and {@code attnMask} {@code [L, S]} or {@code [N*num_heads, L, S]} are bool (true = ignore that
     * key; note: the opposite of scaled_dot_product_attention's bool mask) or floating (added). {@code isCausal} is
     * a hint that attnMask is the causal mask, which must still be given. The weights are
     * {@code [N, L, S]} averaged over heads, or {@code [N, num_heads, L, S]}; null unless {@code needWeights}.
     */
    public Result forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask,
                          boolean averageAttnWeights, boolean isCausal) {
        NonDynamicallyQuantizableLinear proj = outProj();
        return Attention.multiHeadAttentionForward(query, key, value, new Attention.MhaArgs(embedDim, numHeads, inProjWeight(),
                inProjBias(), biasK(), biasV(), addZeroAttn, dropout, proj.weight, proj.bias, isTraining(), keyPaddingMask,
                needWeights, attnMask, !sameEmbedDim(), qProjWeight(), kProjWeight(), vProjWeight(), null, null,
                averageAttnWeights, isCausal, batchFirst));
    }

    /** {@code call(query, key, value)}: the attention output of {@link #forward(Tensor, Tensor, Tensor)} without weights. */
    @Override
    public Tensor forward(Tensor... inputs) {
        if (inputs.length != 3) {
            throw new IllegalArgumentException("MultiheadAttention takes query, key and value, got " + inputs.length + " inputs");
        }
        return forward(inputs[0], inputs[1], inputs[2], null, false, null, true, false).output();
    }
}
