package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code nn.TransformerDecoder(decoder_layer, num_layers, norm=None)}: {@code numLayers} deep copies of
 * {@code decoderLayer} (as PyTorch's {@code _get_clones} makes them), each attending to the same memory, then the
 * optional {@code norm}.
 *
 * <pre>{@code
 * var decoder = new TransformerDecoder(new TransformerDecoderLayer(512, 8), 6, new LayerNorm(512));
 * Tensor y = decoder.forward(tgt, memory);
 * }</pre>
 */
public class TransformerDecoder extends Module {
    /** The layers, {@code layers.0} to {@code layers.<numLayers-1>}. */
    public final ModuleList layers;
    /** The final normalisation, or null. */
    public final Module norm;
    /** The {@code num_layers} argument. */
    public final int numLayers;

    /** {@code nn.TransformerDecoder(decoder_layer, num_layers)}. */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers) { this(decoderLayer, numLayers, null); }

    /** {@code nn.TransformerDecoder(decoder_layer, num_layers, norm)}; the norm is used as given, not copied. */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, Module norm) {
        List<Module> copies = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) copies.add(new TransformerDecoderLayer(decoderLayer));
        this.layers = new ModuleList(copies);
        this.norm = norm;
        this.numLayers = numLayers;
    }

    /** Layer {@code i}. */
    public TransformerDecoderLayer layer(int i) { return (TransformerDecoderLayer) layers.get(i); }

    /** {@code decoder(tgt, memory)}. */
    @Override
    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null, null, false); }

    /**
     * {@code decoder(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
     * memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False)}: every layer in turn, then the
     * norm. The is_causal flags are hints (null computes the same values as false).
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, Boolean tgtIsCausal, boolean memoryIsCausal) {
        boolean causal = Boolean.TRUE.equals(tgtIsCausal);
        Tensor x = tgt;
        for (Module layer : layers) {
            x = ((TransformerDecoderLayer) layer).forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask,
                    causal, memoryIsCausal);
        }
        return norm == null ? x : norm.call(x);
    }
}
