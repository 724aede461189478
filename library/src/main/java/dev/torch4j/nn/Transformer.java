package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

import java.util.function.UnaryOperator;

/**
 * {@code nn.Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
 * dropout=0.1, activation=relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True)}: a
 * {@link TransformerEncoder} and a {@link TransformerDecoder}, each with a final LayerNorm. As in PyTorch, every
 * parameter with more than one dim is re-drawn with {@code xavier_uniform_} after construction. {@link Options}
 * holds the keyword arguments shared with the layers.
 *
 * <pre>{@code
 * var model = new Transformer(64, 4, 2, 2, Transformer.options().dimFeedforward(128).batchFirst(true));
 * Tensor y = model.forward(src, tgt, null, Transformer.generateSquareSubsequentMask(tgt.size(1)), null, null, null, null,
 *         null, true, false);
 * }</pre>
 */
public class Transformer extends Module {
    /**
     * The keyword arguments of the Transformer layers (and of {@code nn.Transformer}):
     * {@code TransformerEncoderLayer.options().dropout(0.0).activation("gelu").batchFirst(true)}.
     */
    public record Options(long dimFeedforward, double dropout, UnaryOperator<Tensor> activation, double layerNormEps,
                          boolean batchFirst, boolean normFirst, boolean bias, TensorOptions tensorOptions) {
        /** {@code dim_feedforward}: the hidden width of the feed-forward block. */
        public Options dimFeedforward(long d) { return new Options(d, dropout, activation, layerNormEps, batchFirst, normFirst, bias, tensorOptions); }
        /** {@code dropout}: in attention and after each block (training only). */
        public Options dropout(double p) { return new Options(dimFeedforward, p, activation, layerNormEps, batchFirst, normFirst, bias, tensorOptions); }
        /** {@code activation="relu"} or {@code "gelu"} (exact) of the feed-forward block. */
        public Options activation(String name) { return activation(activationFn(name)); }
        /** {@code activation}: any unary function of the feed-forward block. */
        public Options activation(UnaryOperator<Tensor> f) { return new Options(dimFeedforward, dropout, f, layerNormEps, batchFirst, normFirst, bias, tensorOptions); }
        /** {@code layer_norm_eps}. */
        public Options layerNormEps(double eps) { return new Options(dimFeedforward, dropout, activation, eps, batchFirst, normFirst, bias, tensorOptions); }
        /** {@code batch_first}: {@code [N, L, E]} instead of {@code [L, N, E]}. */
        public Options batchFirst(boolean b) { return new Options(dimFeedforward, dropout, activation, layerNormEps, b, normFirst, bias, tensorOptions); }
        /** {@code norm_first}: LayerNorm before each block (pre-norm) instead of after it. */
        public Options normFirst(boolean b) { return new Options(dimFeedforward, dropout, activation, layerNormEps, batchFirst, b, bias, tensorOptions); }
        /** {@code bias}: whether the Linear and LayerNorm layers learn an additive bias. */
        public Options bias(boolean b) { return new Options(dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, b, tensorOptions); }
        /** {@code device=, dtype=} of the parameters. */
        public Options tensorOptions(TensorOptions o) { return new Options(dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, o); }

        MultiheadAttention.Options attention() {
            return MultiheadAttention.options().dropout(dropout).bias(bias).batchFirst(batchFirst).tensorOptions(tensorOptions);
        }

        LayerNorm layerNorm(long dModel) { return new LayerNorm(new long[] {dModel}, layerNormEps, true, bias, tensorOptions); }
    }

    /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1, relu, layer_norm_eps 1e-5, sequence first, post-norm, bias. */
    public static Options options() { return new Options(2048, 0.1, Functional::relu, 1e-5, false, false, true, TensorOptions.DEFAULT); }

    private static UnaryOperator<Tensor> activationFn(String name) {
        return switch (name) {
            case "relu" -> Functional::relu;
            case "gelu" -> Functional::gelu;
            default -> throw new IllegalArgumentException("activation should be relu/gelu, not " + name);
        };
    }

    /** The encoder and decoder stacks. */
    public final TransformerEncoder encoder;
    /** The decoder stack. */
    public final TransformerDecoder decoder;
    /** The {@code d_model, nhead} arguments. */
    public final long dModel, nhead;
    /** The {@code batch_first} argument. */
    public final boolean batchFirst;

    /** {@code nn.Transformer()}: d_model 512, 8 heads, 6 encoder and 6 decoder layers. */
    public Transformer() { this(512, 8, 6, 6, options()); }

    /** {@code nn.Transformer(d_model, nhead, num_encoder_layers, num_decoder_layers, **options)}. */
    public Transformer(long dModel, long nhead, int numEncoderLayers, int numDecoderLayers, Options o) {
        this.encoder = new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, o), numEncoderLayers, o.layerNorm(dModel));
        this.decoder = new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, o), numDecoderLayers, o.layerNorm(dModel));
        this.dModel = dModel;
        this.nhead = nhead;
        this.batchFirst = o.batchFirst();
        resetParameters();
    }

    /** PyTorch's {@code _reset_parameters}: {@code xavier_uniform_} on every parameter of more than one dim, in order. */
    public void resetParameters() {
        for (Tensor p : parameters()) if (p.dim() > 1) Init.xavierUniform_(p);
    }

    /** {@code model(src, tgt)} without masks. */
    @Override
    public Tensor forward(Tensor src, Tensor tgt) { return forward(src, tgt, null, null, null, null, null, null, null, null, false); }

    /**
     * {@code model(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask,
     * memory_key_padding_mask, src_is_causal, tgt_is_causal, memory_is_causal)}: the encoder on src, then the decoder
     * on tgt attending to its output. Masks as in {@link MultiheadAttention}; the is_causal flags are hints that the
     * corresponding mask is causal (null: none given).
     */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask, Tensor srcKeyPaddingMask,
                          Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask, Boolean srcIsCausal, Boolean tgtIsCausal,
                          boolean memoryIsCausal) {
        boolean batched = src.dim() == 3;
        if (batched && src.size(batchFirst ? 0 : 1) != tgt.size(batchFirst ? 0 : 1)) {
            throw new IllegalArgumentException("the batch number of src and tgt must be equal");
        }
        if (src.size(-1) != dModel || tgt.size(-1) != dModel) {
            throw new IllegalArgumentException("the feature number of src and tgt must be equal to d_model");
        }
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask, srcIsCausal);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
    }

    /**
     * {@code nn.Transformer.generate_square_subsequent_mask(sz)}: a float32 {@code [sz, sz]} causal mask, -inf above
     * the diagonal (the future) and 0 elsewhere, for the attention masks of the layers.
     */
    public static Tensor generateSquareSubsequentMask(long sz) { return generateSquareSubsequentMask(sz, TensorOptions.DEFAULT); }

    /** {@code generate_square_subsequent_mask(sz, device=, dtype=)}. */
    public static Tensor generateSquareSubsequentMask(long sz, TensorOptions options) {
        TensorOptions o = options.requiresGrad(false);
        Tensor pos = Torch.arange(0, sz, 1, Torch.device(o.deviceOrCpu()));
        Tensor future = pos.unsqueeze(0).gt(pos.unsqueeze(1));
        return Torch.zeros(Torch.shape(sz, sz), o).maskedFill(future, Double.NEGATIVE_INFINITY);
    }
}
